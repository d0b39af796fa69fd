"""Reads on proposals, always for a user and through their scope.

A user sees the proposals whose enterprise lies in their VIEW_PROPOSALS scope (a range on
the indexed, denormalised org_path) plus the ones they are a proposer of. Records outside
that raise NotFound, so their existence is not revealed.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.errors import NotFound
from zhichuang.core.public import PublicRecords
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.payouts.models import PayoutTransition
from zhichuang.similarity.selectors import TextSearch, matching_text

from .deadlines import configured_step_days
from .enums import WAITING_STATES, ClaimStatus, ProposalState, RecommendationLevel
from .models import (
    Attachment,
    BenefitClaim,
    Campaign,
    ClaimTransition,
    Evaluation,
    Proposal,
    ProposalMember,
    Recommendation,
    Reward,
    RewardRule,
    RewardShare,
    StepDeadline,
    Transition,
)
from .permissions import ProposalPerm
from .rules import may_see, own_proposal_ids, visible_q

ZERO = Decimal("0.00")


def overdue_q(now=None) -> Q:
    return Q(state__in=WAITING_STATES, due_at__lt=now or timezone.now())


def with_overdue(queryset: QuerySet, now=None) -> QuerySet:
    """Annotate is_overdue (past the service deadline in a waiting state)."""
    return queryset.annotate(
        is_overdue_now=Case(When(overdue_q(now), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


# What a list row, an API list item and an export line show: the long texts stay in the database,
# and of the enterprise, district and lead proposer only the name is read (a third of the columns:
# less to compile, fetch and build per row). Anything else read from a listed row costs a query.
LONG_TEXTS = ("problem", "change", "expected_benefit", "implementation_evidence")
LIST_FIELDS = (
    *(f.name for f in Proposal._meta.concrete_fields if f.name not in LONG_TEXTS),
    "enterprise__name",
    "district__name",
    "lead__name",
)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def proposal_list(
    *,
    user,
    state=None,
    kind=None,
    campaign=None,
    district=None,
    enterprise=None,
    industry=None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    benefit_min: Decimal | None = None,
    benefit_max: Decimal | None = None,
    overdue: bool | None = None,
    search: str | None = None,
    recommended_level=None,
    member=None,
    number: str | None = None,
) -> QuerySet[Proposal]:
    """The user's visible proposals, filtered; newest first. Constant queries however many rows.

    state/kind/recommended_level may be one value or a list; campaign/district/enterprise an object or a pk
    (enterprise also a list of pks).
    date_from/date_to are local dates on submitted_at, both inclusive (unsubmitted drafts drop out).
    member: a user; only the proposals they are a proposer of ("mine").
    """
    queryset = Proposal.objects.filter(visible_q(user))
    for name, value in (("state", state), ("kind", kind), ("recommended_level", recommended_level)):
        if value:
            queryset = queryset.filter(**{f"{name}__in": [value] if isinstance(value, str) else list(value)})
    if member is not None:
        queryset = queryset.filter(pk__in=own_proposal_ids(member))
    if number:
        queryset = queryset.filter(number=number.strip().upper())
    if isinstance(enterprise, list | tuple):  # several, as an enterprise name filter found them
        queryset = queryset.filter(enterprise_id__in=enterprise)
        enterprise = None
    for name, value in (("campaign", campaign), ("district", district), ("enterprise", enterprise)):
        if value:
            queryset = queryset.filter(**{f"{name}_id": getattr(value, "pk", value)})
    if industry:
        queryset = queryset.filter(industry=industry)
    if date_from:
        queryset = queryset.filter(submitted_at__gte=_day_start(date_from))
    if date_to:
        before = _day_start(date_to + datetime.timedelta(days=1))
        # created_at <= submitted_at (a model constraint), so the same bound holds for created_at: it
        # lets the newest-first walk over created_at start at date_to instead of skipping every newer
        # proposal (a district's 2025 list at 1M rows: 150 ms → 2 ms).
        queryset = queryset.filter(submitted_at__lt=before, created_at__lt=before)
    if benefit_min is not None:
        queryset = queryset.filter(net_annual_benefit__gte=benefit_min)
    if benefit_max is not None:
        queryset = queryset.filter(net_annual_benefit__lte=benefit_max)
    if overdue is True:
        queryset = queryset.filter(overdue_q())
    elif overdue is False:
        queryset = queryset.exclude(overdue_q())
    if search:
        queryset = matching_text(queryset, search)
    # What the list pages, API and export show; each further join costs PostgreSQL planning time.
    return with_overdue(queryset).select_related("enterprise", "district", "lead").only(*LIST_FIELDS)


def proposal_results(*, user, search: str | None = None, **filters):
    """proposal_list to page through: with a search, the search piece's TextSearch over the
    filtered list, which finds a page among the newest proposals first (fast for common words)."""
    queryset = proposal_list(user=user, **filters)
    if not search:
        return queryset
    return TextSearch(queryset, search)


def proposer_list(*, user, **filters) -> QuerySet[Worker]:
    """The workers who are proposers of the user's visible proposals that match filters (proposal_list's),
    each with how many of them (`proposals`), the most first."""
    proposals = proposal_list(user=user, **filters).order_by().values("pk")
    mine = Q(proposal_memberships__proposal__in=proposals)
    return (
        Worker.objects.filter(pk__in=ProposalMember.objects.filter(proposal__in=proposals).values("worker_id"))
        .annotate(proposals=Count("proposal_memberships", filter=mine, distinct=True))
        .select_related("employer")
        .only("pk", "name", "employer__name")
        .order_by("-proposals", "name", "pk")
    )


def colleague_list(*, user, name: str = "") -> QuerySet[Worker]:
    """The workers of the user's own enterprise, the user among them: whom they may name as co-proposers.

    name narrows to names starting with it. Nobody for a user who is not a worker.
    """
    employer = Worker.objects.filter(user_id=user.pk).values("employer_id") if user.is_authenticated else []
    queryset = Worker.objects.filter(employer_id__in=employer)
    if name:
        queryset = queryset.filter(name__startswith=name)
    return queryset.select_related("department").order_by("name", "id")


def colleague_get(*, user, pk) -> Worker:
    worker = colleague_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if worker is None:
        raise NotFound()
    return worker


def proposal_submitted_with(*, user, client_token) -> Proposal | None:
    """The proposal the user submitted with this form's client_token, if any (a replay shows it again)."""
    try:
        token = uuid.UUID(str(client_token))
    except ValueError:
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    mine = Q(created_by=user) | Q(pk__in=ProposalMember.objects.filter(worker__user=user).values("proposal_id"))
    return Proposal.objects.filter(mine, client_token=token).only("pk").first()


def proposal_get(*, user, pk) -> Proposal:
    """One proposal the user may see (what visible_q shows), else NotFound.

    Fetched by pk first and judged on the loaded row: no query for the user's own proposals, which
    visible_q needs for a whole list, and for staff in scope none beyond the row itself. Only the
    relations every page shows are joined: PostgreSQL's planning time grows steeply with each join
    (4 joins 0.9 ms, 7 joins 12 ms at 1M rows); a campaign or merge target loads when there is one.
    """
    proposal = (
        with_overdue(Proposal.objects.filter(pk=pk))
        .select_related("enterprise", "district", "department", "lead")
        .order_by()
        .first()
    )
    if proposal is None or not may_see(user, proposal):
        raise NotFound()
    return proposal


def proposal_review_get(*, pk) -> Proposal:
    """One proposal for an expert asked to review it (access.access_assigned_proposal has checked that):
    what the review page shows, its text and enterprise, not its proposers."""
    proposal = Proposal.objects.filter(pk=pk).select_related("enterprise").first()
    if proposal is None:
        raise NotFound()
    return proposal


@dataclass(frozen=True)
class MergedOriginal:
    pk: int
    number: str
    title: str  # "" when the user may not open it
    may_open: bool


def merged_original(*, user, proposal: Proposal) -> MergedOriginal | None:
    """The proposal this one was merged into: its title and a link only for a user who may open it
    (what proposal_get allows), else its number alone. One query, two for a worker outside the scope."""
    if not proposal.merged_into_id:
        return None
    original = (
        Proposal.objects.filter(pk=proposal.merged_into_id)
        .only("pk", "number", "title", "state", "org_path", "created_by_id")
        .first()
    )
    if original is None:
        return None
    if may_see(user, original):
        return MergedOriginal(pk=original.pk, number=original.number or "", title=original.title, may_open=True)
    return MergedOriginal(pk=original.pk, number=original.number or "", title="", may_open=False)


@dataclass(frozen=True)
class Duplicates:
    shown: list  # the proposals merged into this one that the user may open
    others: int  # how many more were merged into it from outside the user's scope


def merged_duplicates(*, user, proposal: Proposal) -> Duplicates:
    """The proposals merged into this one as its duplicates (one query on the merged_into index)."""
    scope = scope_for(user, ProposalPerm.VIEW)
    rows = list(
        Proposal.objects.filter(merged_into=proposal).only("pk", "number", "title", "org_path", "created_by_id")
    )
    shown = [p for p in rows if scope.covers(p.org_path) or p.created_by_id == user.pk]
    return Duplicates(shown=shown, others=len(rows) - len(shown))


def proposal_members(*, proposal: Proposal) -> list[ProposalMember]:
    """The proposers of a proposal the caller already got through proposal_get."""
    return list(proposal.members.select_related("worker"))


def proposal_attachments(*, proposal: Proposal) -> list[Attachment]:
    return list(proposal.attachments.all())


def transition_list(*, proposal: Proposal) -> list[Transition]:
    return list(proposal.transitions.select_related("actor"))


def evaluation_list(*, user, proposal: Proposal) -> list[Evaluation]:
    """Evaluators' individual scores are for those who evaluate or manage; proposers see the aggregate only."""
    if not (
        has_perm(user, ProposalPerm.EVALUATE, proposal.enterprise)
        or has_perm(user, ProposalPerm.MANAGE, proposal.enterprise)
    ):
        return []
    return list(proposal.evaluations.select_related("evaluator", "scorecard").order_by("round", "id"))


def my_evaluation(*, user, proposal: Proposal) -> Evaluation | None:
    """The user's own scores of the proposal's current round, if any."""
    return proposal.evaluations.filter(evaluator_id=user.pk, round=proposal.round).first()


def scored_this_round(user) -> QuerySet[Evaluation]:
    """The user's scores of the outer query's proposal in its current round: Exists() of it is "scored by
    me this round", for 待办's queue of proposals to score and the list's 已评 / 未评 alike."""
    return Evaluation.objects.filter(proposal=OuterRef("pk"), round=OuterRef("round"), evaluator_id=user.pk)


@dataclass(frozen=True)
class MyScoring:
    """Of some proposals (a page's rows), those under evaluation that the user may score: scored this round
    or not yet."""

    scored: frozenset[int] = frozenset()
    unscored: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.scored or self.unscored)


def my_scoring(*, user, proposals) -> MyScoring:
    """Which of these proposals the user has scored in their current round, of those they may score (under
    evaluation, in their EVALUATE scope, not their own): one query for the page, none where there are none."""
    scope = scope_for(user, ProposalPerm.EVALUATE)
    candidates = [p.pk for p in proposals if p.state == ProposalState.EVALUATING and scope.covers(p.org_path)]
    if not candidates:
        return MyScoring()
    rows = (
        Proposal.objects.filter(pk__in=candidates)
        .exclude(pk__in=own_proposal_ids(user))  # a proposer does not score their own (evaluation_record)
        .annotate(scored=Exists(scored_this_round(user)))
        .order_by()
        .values_list("pk", "scored")
    )
    marks = dict(rows)
    return MyScoring(
        scored=frozenset(pk for pk, scored in marks.items() if scored),
        unscored=frozenset(pk for pk, scored in marks.items() if not scored),
    )


def claim_list(*, proposal: Proposal, items: bool = True) -> list[BenefitClaim]:
    """The proposal's benefit claims; items=False leaves out who entered them and their lines, tags and
    corrections (three queries) where only the claims' own figures are shown."""
    claims = proposal.benefit_claims.select_related("verified_by")
    if not items:
        return list(claims)
    return list(claims.select_related("created_by").prefetch_related("lines", "tags", "corrections__by"))


def claim_transition_list(*, claim: BenefitClaim) -> list[ClaimTransition]:
    """The claim's steps (submitted, verified, returned), oldest first, with who took them."""
    return list(claim.transitions.select_related("actor"))


@dataclass(frozen=True)
class BenefitTotals:
    verified_original: Decimal  # as first verified
    verified_current: Decimal  # corrections applied
    claims: int

    @property
    def corrected(self) -> bool:
        return self.verified_original != self.verified_current


def benefit_totals(*, proposal: Proposal, claims: list[BenefitClaim] | None = None) -> BenefitTotals:
    """The proposal's verified claims summed up: one aggregate query, or none when the caller passes
    all the proposal's claims (claim_list) and they are summed here to the same figures."""
    if claims is None:
        sums = proposal.benefit_claims.filter(status=ClaimStatus.VERIFIED).aggregate(
            original=Coalesce(Sum("verified_net"), ZERO), current=Coalesce(Sum("net"), ZERO), claims=Count("id")
        )
        return BenefitTotals(sums["original"], sums["current"], sums["claims"])
    verified = [claim for claim in claims if claim.status == ClaimStatus.VERIFIED]
    return BenefitTotals(
        # SUM skips NULLs; a verified claim always has verified_net, but the figures must not differ.
        sum((claim.verified_net for claim in verified if claim.verified_net is not None), ZERO),
        sum((claim.net for claim in verified), ZERO),
        len(verified),
    )


def reward_list(*, proposal: Proposal) -> list[Reward]:
    """The proposal's rewards with their shares, each share's payee and its payout steps (who recorded it)."""
    shares = Prefetch("shares", queryset=RewardShare.objects.select_related("worker", "payout"))
    steps = Prefetch("shares__payout__transitions", queryset=PayoutTransition.objects.select_related("actor"))
    return list(proposal.rewards.select_related("rule").prefetch_related(shares, steps))


def recommendation_list(*, proposal: Proposal) -> list[Recommendation]:
    return list(proposal.recommendations.select_related("organization", "recommended_by"))


def campaign_list(*, user, open_on: datetime.date | None = None) -> QuerySet[Campaign]:
    """Campaigns run in the user's scope, or above their employer (open to them as a worker)."""
    condition = scope_for(user, ProposalPerm.VIEW).q("organization__path")
    worker = own_worker(user=user)
    if worker is not None:
        condition |= Q(organization__path__in=worker.employer.ancestor_paths())
    queryset = Campaign.objects.filter(condition)
    if open_on:
        queryset = queryset.filter(starts_on__lte=open_on, ends_on__gte=open_on)
    return queryset.select_related("organization").annotate(
        proposal_count=Count("proposals", filter=~Q(proposals__state=ProposalState.DRAFT))
    )


def campaign_get(*, user, pk) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound()
    return campaign


# ---- proposal settings of an organisation -----------------------------------------------------

# Organisations that run proposals: campaigns and settings (scorecard, reward rule, deadlines).
MANAGED_ORG_KINDS = (OrgKind.CITY, OrgKind.DISTRICT, OrgKind.ENTERPRISE)


def managed_organization_list(*, user) -> QuerySet[Organization]:
    """The city, districts and enterprises where the user manages proposals, the highest level first."""
    return Organization.objects.filter(
        scope_for(user, ProposalPerm.MANAGE).q("path"), kind__in=MANAGED_ORG_KINDS
    ).order_by(Length("path"), "path")


def managed_organization_get(*, user, pk) -> Organization:
    organization = managed_organization_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if organization is None:
        raise NotFound()
    return organization


def _require_managed(user, organization: Organization) -> None:
    if not has_perm(user, ProposalPerm.MANAGE, organization):
        raise NotFound()


def reward_rule_history(*, user, organization: Organization) -> list[RewardRule]:
    """Every reward rule version that can apply below the organisation: its own and those set above it,
    in the order rewards.rule_in_force picks them (nearest organisation, latest start, highest version)."""
    _require_managed(user, organization)
    return list(
        RewardRule.objects.filter(organization__path__in=organization.ancestor_paths())
        .select_related("organization", "created_by")
        .order_by("-organization__path", "-effective_from", "-version")
    )


@dataclass(frozen=True)
class DeadlineSetting:
    state: str
    days: int
    set_by: Organization | None  # None: the configured default

    @property
    def label(self) -> str:
        return ProposalState(self.state).label


def deadline_settings(*, user, organization: Organization) -> list[DeadlineSetting]:
    """The service deadline of each waiting step below the organisation, and who set it."""
    _require_managed(user, organization)
    nearest = {}
    for row in (
        StepDeadline.objects.filter(organization__path__in=organization.ancestor_paths())
        .select_related("organization")
        .order_by("organization__path")
    ):
        nearest[row.state] = row  # deeper organisations come later and win
    result = []
    for state in ProposalState.values:
        if state in WAITING_STATES:
            row = nearest.get(state)
            days, set_by = (row.days, row.organization) if row else (configured_step_days(state), None)
            result.append(DeadlineSetting(state, days, set_by))
    return result


# ---- the public showcase -------------------------------------------------------------------

# What the public sees of a city excellent result: the idea, where it came from and what it saves, once
# every proposer consented. Never a person: no proposer, no creator, no attachments (photos can show people).
SHOWCASE = PublicRecords(
    Proposal,
    fields=(
        "id",
        "title",
        "kind",
        "problem",
        "change",
        "expected_benefit",
        "benefit_types",
        "keywords",
        "net_annual_benefit",
        "enterprise__name",
        "district__name",
    ),
    published=Q(recommended_level=RecommendationLevel.CITY, public_consent=True),
)


def showcase_list(*, kind: str | None = None) -> QuerySet[Proposal]:
    """City excellent results whose proposers agreed to publication, most recently recognised first.
    Public: no user, and only SHOWCASE's fields can be read (core.public)."""
    recognised = Recommendation.objects.filter(proposal=OuterRef("pk"), level=RecommendationLevel.CITY)
    queryset = SHOWCASE.published_list()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.annotate(recognised_at=Subquery(recognised.values("at")[:1])).order_by("-recognised_at", "-id")


def showcase_get(*, pk) -> Proposal:
    return SHOWCASE.published_get(pk, showcase_list())
