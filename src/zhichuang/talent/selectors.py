"""Reads of the talent pool, every one through the scoping rules: a district admin sees its district's
profiles and honours, an enterprise admin its own, a worker their own record; the public sees only what
a person chose to show (PUBLIC_FIELDS)."""

from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import scope_for
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.errors import NotFound
from zhichuang.core.modules import RecordPart, RecordSection, record_sections, resolve
from zhichuang.core.public import PublicRecords
from zhichuang.orgs.models import Organization, subtree_q
from zhichuang.similarity.selectors import TextSearch

from . import eligibility
from .enums import HonourState, SkillEntryState
from .models import Honour, HonourType, ProfileCategory, SkillLevelEntry, TalentProfile
from .permissions import TalentPerm


def _visible(user) -> Q:
    """Profiles in the user's VIEW scope, and the user's own."""
    condition = scope_for(user, TalentPerm.VIEW).q("org_path")
    mine = own_worker(user=user)
    if mine is not None:  # by the worker's id: an OR through the worker table keeps the path index unused
        condition |= Q(worker_id=mine.pk)
    return condition


def profile_list(
    *,
    user,
    q: str = "",
    category: str = "",
    level: str = "",
    honour_type: HonourType | int | None = None,
    district: Organization | int | None = None,
    industry: str = "",
    skill_level: int | None = None,
) -> QuerySet[TalentProfile] | TextSearch:
    """The profiles the user may see, newest first, narrowed by the search's filters. q searches the name,
    expertise, biography and named methods (the shared full-text piece)."""
    profiles = TalentProfile.objects.filter(_visible(user))
    if category or level:
        held = ProfileCategory.objects.filter(profile=OuterRef("pk"))
        if category:
            held = held.filter(category=category)
        if level:
            held = held.filter(level=level)
        profiles = profiles.filter(Exists(held))
    if honour_type:
        confirmed = Honour.objects.filter(profile=OuterRef("pk"), honour_type=honour_type, state=HonourState.CONFIRMED)
        profiles = profiles.filter(Exists(confirmed))
    if district:
        org = district if isinstance(district, Organization) else Organization.objects.filter(pk=district).first()
        profiles = profiles.filter(subtree_q(org.path, "org_path")) if org else profiles.none()
    if industry:
        profiles = profiles.filter(industry=industry)
    if skill_level:
        profiles = profiles.filter(skill_level=skill_level)
    profiles = profiles.select_related("organization").order_by("-id")  # the worker's level is the profile's
    return TextSearch(profiles, q) if q.strip() else profiles


def profile_get(*, user, pk) -> TalentProfile:
    profile = (
        TalentProfile.objects.filter(_visible(user), pk=pk).select_related("organization", "district", "worker").first()
        if str(pk).isdigit()
        else None
    )
    if profile is None:
        raise NotFound()
    return profile


def own_profile(user) -> TalentProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TalentProfile.objects.filter(worker__user_id=user.pk).select_related("organization", "worker").first()


def workers_for_profile(*, user, name: str, limit: int) -> list[Worker]:
    """Workers of the enterprises where the user manages talent, without a profile yet, whose name starts
    with name: names, employers and departments only."""
    scope = scope_for(user, TalentPerm.MANAGE)
    if scope.is_empty or not name:
        return []
    return list(
        Worker.objects.filter(scope.q("employer__path"), name__startswith=name, talent_profile__isnull=True)
        .select_related("employer", "department")
        .only("pk", "name", "employer__name", "department__name")
        .order_by("name", "pk")[:limit]
    )


def worker_for_profile(*, user, pk) -> Worker | None:
    scope = scope_for(user, TalentPerm.MANAGE)
    if scope.is_empty:
        return None
    return Worker.objects.filter(scope.q("employer__path"), pk=pk).select_related("employer").first()


def honour_list(*, user, state: str = "", profile: TalentProfile | None = None) -> QuerySet[Honour]:
    """Honours in the user's VIEW scope (the user's own too), newest first."""
    condition = scope_for(user, TalentPerm.VIEW).q("org_path")
    if getattr(user, "is_authenticated", False):
        condition |= Q(profile__worker__user_id=user.pk)
    honours = Honour.objects.filter(condition)
    if state:
        honours = honours.filter(state=state)
    if profile is not None:
        honours = honours.filter(profile=profile)
    return honours.select_related("honour_type", "profile", "organization").order_by("-year", "-id")


def honour_get(*, user, pk) -> Honour:
    honour = honour_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if honour is None:
        raise NotFound()
    return honour


def honour_types(*, active_only: bool = True) -> list[HonourType]:
    types = HonourType.objects.all()
    return list(types.filter(active=True) if active_only else types)


def skill_entries(*, worker) -> list[SkillLevelEntry]:
    return list(
        SkillLevelEntry.objects.filter(worker=worker).select_related("decided_by").order_by("-awarded_on", "-id")
    )


def latest_skill_entry(worker) -> SkillLevelEntry | None:
    return (
        SkillLevelEntry.objects.filter(worker=worker, state=SkillEntryState.CONFIRMED)
        .order_by("-awarded_on", "-id")
        .first()
    )


# ---- the person's record -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordShown:
    section: RecordSection
    part: RecordPart


def record_parts(profile: TalentProfile, *, user) -> list[RecordShown]:
    """Every module's part of the person's record (a worker's: adopted proposals, trainings, …), as the
    viewer may see its entries."""
    return record_parts_of_worker(profile.worker, user=user) if profile.worker_id else []


def record_parts_of_worker(worker: Worker, *, user) -> list[RecordShown]:
    return [RecordShown(s, resolve(s.build)(worker, user=user)) for s in record_sections()]


def record_figures(profile: TalentProfile) -> dict:
    """The figures the eligibility rules read: every module's, and the skill level with its date."""
    figures: dict = {}
    if profile.worker_id is None:
        return figures
    for section in record_sections():
        figures.update(resolve(section.build)(profile.worker, user=None).figures)
    entry = latest_skill_entry(profile.worker)
    figures["talent.skill_level"] = entry.level if entry else profile.worker.skill_level
    figures["talent.skill_awarded_on"] = entry.awarded_on if entry else None
    return figures


def eligibility_record(profile: TalentProfile) -> eligibility.Record:
    confirmed = Honour.objects.filter(profile=profile, state=HonourState.CONFIRMED).select_related("honour_type")
    return eligibility.Record(profile, record_figures(profile), tuple(confirmed), eligibility.today())


def honour_checks(honour: Honour) -> list[eligibility.Check]:
    """The honour type's eligibility checks over the nominee's record now."""
    return eligibility.checks(honour.honour_type, eligibility_record(honour.profile))


# ---- public pages ---------------------------------------------------------------------------------------

# What a public page may read of a listed person: name, employer and categories, and which parts they made
# public. The parts themselves are read only where chosen (public_profiles' shown_* values).
PUBLIC_TALENT = PublicRecords(
    TalentProfile,
    fields=(
        "id",
        "name",
        "categories",
        "organization__name",
        "public_photo",
        "public_honours",
        "public_methods",
        "public_biography",
    ),
    published=Q(public=True),
)


def _shown(consent: str, field: str):
    return Case(When(**{consent: True}, then=F(field)), default=Value(""), output_field=CharField())


def public_profiles() -> QuerySet[TalentProfile]:
    """The people who chose to be listed, newest first. A part they did not make public is not even read:
    shown_photo, shown_methods and shown_biography are empty unless chosen."""
    return (
        PUBLIC_TALENT.published_list()
        .annotate(
            shown_photo=_shown("public_photo", "photo"),
            shown_methods=_shown("public_methods", "methods"),
            shown_biography=_shown("public_biography", "biography"),
        )
        .order_by("-id")
    )


def public_profile_get(pk) -> TalentProfile:
    return PUBLIC_TALENT.published_get(pk, public_profiles())


def public_honours(profile: TalentProfile) -> list[Honour]:
    """The confirmed honours of a person who made their honours public."""
    if not profile.public_honours:
        return []
    return list(
        Honour.objects.filter(profile_id=profile.pk, state=HonourState.CONFIRMED)
        .select_related("honour_type")
        .only("year", "honour_type__name", "honour_type__level")
        .order_by("-year", "-id")
    )
