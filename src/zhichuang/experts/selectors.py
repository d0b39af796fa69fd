"""Reads of the expert pool, each through the scope: the city sees every expert, a district its district's
(an expert outside every district lies at the city); an expert sees their own membership and reviews."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_role, scope_for
from zhichuang.core.errors import NotFound
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, subtree_q
from zhichuang.similarity.selectors import matching_text
from zhichuang.talent.models import TalentProfile

from .enums import LOAD_STATES, OPEN_REVIEW_STATES, ExpertState, ReviewState
from .models import Expert, ExpertConflict, ExpertTag, ReviewAssignment, TechnicalField, field_tag, industry_tag
from .permissions import ExpertPerm

AVAILABLE = "available"
BUSY = "busy"


def _visible(user) -> Q:
    condition = scope_for(user, ExpertPerm.VIEW).q("org_path")
    if getattr(user, "is_authenticated", False):
        condition |= Q(user_id=user.pk)
    return condition


def with_load(experts: QuerySet, year: int | None = None) -> QuerySet:
    """Each expert with `load`: this year's reviews done or open."""
    year = year or timezone.localdate().year
    # One indexed count a row (reviewassignment_load), not a COUNT over a join, which grouped every review
    # of the scope before a page of twenty could be cut.
    reviews = (
        ReviewAssignment.objects.filter(expert=OuterRef("pk"), year=year, state__in=LOAD_STATES)
        .order_by()
        .values("expert")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return experts.annotate(load=Coalesce(Subquery(reviews, output_field=IntegerField()), 0))


def expert_list(
    *,
    user,
    q: str = "",
    field: TechnicalField | int | None = None,
    industry: str = "",
    district: Organization | int | None = None,
    title: str = "",
    state: str = "",
    availability: str = "",
) -> QuerySet[Expert]:
    """The experts in the user's VIEW scope (not their own membership: the pool's list is the city's and
    the districts'), newest first, narrowed by the filters; q searches name and expertise."""
    experts = Expert.objects.filter(scope_for(user, ExpertPerm.VIEW).q("org_path"))
    tags = []
    if field:
        tags.append(field_tag(getattr(field, "pk", field)))
    if industry:
        tags.append(industry_tag(industry))
    for tag in tags:
        experts = experts.filter(Exists(ExpertTag.objects.filter(expert=OuterRef("pk"), tag=tag)))
    if district:
        org = district if isinstance(district, Organization) else Organization.objects.filter(pk=district).first()
        experts = experts.filter(subtree_q(org.path, "org_path")) if org else experts.none()
    if title:
        experts = experts.filter(title=title)
    if state:
        experts = experts.filter(state=state)
    today = timezone.localdate()
    if availability == AVAILABLE:
        experts = experts.filter(state=ExpertState.ACTIVE).filter(Q(busy_until__isnull=True) | Q(busy_until__lt=today))
    elif availability == BUSY:
        experts = experts.filter(busy_until__gte=today)
    experts = experts.select_related("profile", "profile__organization", "district").order_by("-id")
    if q.strip():
        words = q.strip()
        # The profiles of that name read once (the page's rows and its count both use them), not a condition on
        # the joined profile: with the OR across the join PostgreSQL hashed all 50,000 profiles against every
        # expert before the page could stop.
        # Through the pool's full-text index (a name holding the words holds each of them), not a scan of every name.
        named = list(
            matching_text(TalentProfile.objects.all(), words).filter(name__icontains=words).values_list("pk", flat=True)
        )
        # The profile and the organisations are read for the page's rows only: PostgreSQL cannot tell how many
        # experts a word matches (it guesses a handful of the 3,700 "数控" finds at the city) and joined every
        # match to them before sorting.
        return (
            experts.select_related(None)
            .prefetch_related("profile__organization", "district")
            .filter(Q(profile_id__in=named) | Q(match_text__icontains=words))
        )
    return experts


def expert_get(*, user, pk) -> Expert:
    expert = (
        Expert.objects.filter(_visible(user), pk=pk)
        .select_related("profile", "profile__organization", "profile__worker", "district")
        .first()
        if str(pk).isdigit()
        else None
    )
    if expert is None:
        raise NotFound()
    return expert


def load_this_year(expert: Expert, year: int | None = None) -> int:
    year = year or timezone.localdate().year
    return ReviewAssignment.objects.filter(expert=expert, year=year, state__in=LOAD_STATES).count()


def expert_conflicts(expert: Expert) -> list[ExpertConflict]:
    return list(expert.conflicts.select_related("person"))


def conflict_get(*, expert: Expert, pk) -> ExpertConflict:
    """One of the expert's declared conflicts (the caller has the expert through expert_get)."""
    conflict = expert.conflicts.filter(pk=pk).first() if str(pk).isdigit() else None
    if conflict is None:
        raise NotFound()
    conflict.expert = expert
    return conflict


def district_get(pk) -> Organization | None:
    """The district of an id a form gave (None: none given; a non-district is refused by the service)."""
    return Organization.objects.filter(pk=pk).first() if pk else None


def partner_get(pk) -> Organization | None:
    return Organization.objects.filter(pk=pk, kind=OrgKind.PARTNER).first() if pk else None


def partners() -> list[Organization]:
    return list(Organization.objects.filter(kind=OrgKind.PARTNER).order_by("name").only("pk", "name"))


def expert_history(expert: Expert):
    return expert.transitions.select_related("actor").order_by("at", "id")


def review_history(expert: Expert):
    """Every review the expert was asked for, newest first."""
    return expert.assignments.select_related("invited_by").order_by("-id")


def technical_fields():
    return list(TechnicalField.objects.filter(active=True))


def my_reviews(*, user) -> QuerySet[ReviewAssignment]:
    """The reviews the user was asked for as an expert, open ones first."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(expert__user_id=user.pk).select_related("expert").order_by("state", "-id")


def is_expert(user) -> bool:
    """Does the user act for an expert of the pool (services._hold_role)? No query: the role comes with the user."""
    return getattr(user, "is_authenticated", False) and has_role(user, Role.EXPERT)


def own_membership(user) -> Expert | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.filter(user_id=user.pk).select_related("profile").first()


def assignment_for(*, user, kind: str, item_id) -> ReviewAssignment:
    """The user's open or done review of the item (not a declined one), else NotFound: what lets an
    expert open the one item assigned to them. A suspended expert's open reviews do not open."""
    assignment = (
        ReviewAssignment.objects.filter(
            Q(state=ReviewState.DONE) | Q(state__in=OPEN_REVIEW_STATES, expert__state=ExpertState.ACTIVE),
            kind=kind,
            item_id=item_id,
            expert__user_id=getattr(user, "pk", None),
        )
        .select_related("expert")
        .first()
        if getattr(user, "is_authenticated", False) and str(item_id).isdigit()
        else None
    )
    if assignment is None:
        raise NotFound()
    return assignment


def reviews_item(*, user, kind: str, item_id) -> bool:
    """Is the user an expert asked to review the item (and not declined)?"""
    try:
        assignment_for(user=user, kind=kind, item_id=item_id)
    except NotFound:
        return False
    return True


def assignment_get(*, user, pk) -> ReviewAssignment:
    """One of the user's own review assignments."""
    assignment = my_reviews(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if assignment is None:
        raise NotFound()
    return assignment


def item_assignments(*, kind: str, item_id: int):
    """The experts asked to review an item (for the page of whoever manages the item)."""
    return ReviewAssignment.objects.filter(kind=kind, item_id=item_id).select_related("expert__profile").order_by("id")
