"""The proposal lifecycle, declared for the shared workflow (zhichuang.workflow): its table of steps,
what each step requires, and the recommendation upward, which is a workflow of its own.

    draft ──submit──▶ submitted ──accept──▶ evaluating ──adopt──▶ adopted ──start──▶ implementing
      │                  │  ▲                 │  │                                      │ complete
      │                  │  └──resubmit── returned ◀──return──┘                         ▼
      │                  │                    │     └──reject──▶ not_adopted        implemented
      └──withdraw──▶ withdrawn ◀──────────────┘                                    │         │ verify
                     merged ◀──merge── submitted / evaluating                reward│         ▼
                                                                                   └──▶ rewarded ◀── verified

`proposal_transition` is the only code that changes Proposal.state, through zhichuang.workflow's
transition: it locks the row, refuses a stale version, an illegal step, a missing permission or an
unmet requirement (changing nothing), then saves, records a Transition, writes the audit row and
announces the change after the commit; proposals/listeners.py tells the people, refreshes the
statistics rollup and the similarity index from there. Steps into a waiting state carry the
organisation's service deadline (proposals/deadlines.py).

Recommendation (优秀成果) moves Proposal.recommended_level enterprise → district → city, each level
decided by its own organisation; the Recommendation rows are its history.
"""

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichuang.audit.services import audit_record
from zhichuang.core.errors import NotFound, PermissionDenied, ValidationFailed
from zhichuang.core.money import HUNDRED, ZERO
from zhichuang.workflow.services import transition
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from . import evaluation
from .deadlines import DEFAULT_STEP_DAYS, configured_step_days, step_days, step_days_for
from .enums import WAITING_STATES, AttachmentPurpose, ClaimStatus, ProposalState, RecommendationLevel
from .models import Proposal, ProposalSequence, Recommendation, Transition
from .permissions import ProposalPerm
from .rules import is_proposer
from .selectors import proposal_get

__all__ = [
    "DEFAULT_STEP_DAYS",
    "PROPOSAL_WORKFLOW",
    "PROPOSER",
    "RECOMMENDATION_WORKFLOW",
    "STEPS",
    "WAITING_STATES",
    "configured_step_days",
    "is_proposer",
    "needs_reason",
    "step_days",
    "step_days_for",
]

S = ProposalState
L = RecommendationLevel
# Who acts on a step: the proposers themselves (a relation), or holders of one of the permissions on the enterprise.
PROPOSER = "proposer"


def complete_and_shared(ctx: StepContext) -> None:
    """Everything a proposal needs before anyone else sees it; opens a new evaluation round."""
    proposal = ctx.row
    missing = {
        name: [_("This field is required.")]
        for name in ("title", "kind", "problem", "change")
        if not str(getattr(proposal, name)).strip()
    }
    if missing:
        raise ValidationFailed(_("Fill in the missing fields before submitting."), details=missing)
    shares = list(proposal.members.values_list("share", flat=True))
    if sum(shares) != HUNDRED:
        raise ValidationFailed(details={"members": [_("The contribution shares must add up to exactly 100%.")]})
    ctx.updates["round"] = proposal.round + 1
    if not proposal.number:
        ctx.updates["number"] = next_number(ctx.now)


def scorecard_evaluation(ctx: StepContext) -> None:
    result = evaluation.aggregate(ctx.row)
    if not result.count:
        raise ValidationFailed(_("Score the proposal on the scorecard before deciding."))
    ctx.updates |= {"score": result.score, "grade": result.grade}


def scores_if_any(ctx: StepContext) -> None:
    result = evaluation.aggregate(ctx.row)
    if result.count:
        ctx.updates |= {"score": result.score, "grade": ""}


def implementation_evidence(ctx: StepContext) -> None:
    text = str(ctx.data.get("evidence", "")).strip()
    has_file = ctx.row.attachments.filter(purpose=AttachmentPurpose.IMPLEMENTATION).exists()
    if not text and not has_file:
        raise ValidationFailed(
            details={"evidence": [_("Describe what was done or attach evidence of the implementation.")]}
        )
    if text:
        ctx.updates["implementation_evidence"] = text


def verified_claim(ctx: StepContext) -> None:
    if not ctx.row.benefit_claims.filter(status=ClaimStatus.VERIFIED).exists():
        raise ValidationFailed(_("The benefit must be verified by finance first."))


def computed_reward(ctx: StepContext) -> None:
    reward = ctx.row.rewards.order_by("-decided_at", "-id").first()
    if reward is None:
        raise ValidationFailed(_("Compute the reward first."))
    ctx.updates["reward_total"] = reward.total
    ctx.updates["reward_paid"] = ZERO  # its shares are created pending; their payouts add what is paid


def duplicate_target(ctx: StepContext) -> None:
    target_id = ctx.data.get("merged_into")
    try:
        target = proposal_get(user=ctx.actor, pk=int(target_id))
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed(details={"merged_into": [_("Choose the proposal this one duplicates.")]}) from None
    if target.pk == ctx.row.pk or target.state in (S.DRAFT, S.MERGED, S.WITHDRAWN):
        raise ValidationFailed(details={"merged_into": [_("A proposal can only be merged into another live one.")]})
    ctx.updates["merged_into"] = target
    ctx.data["merged_into"] = target.pk


# What a step may be given besides its reason, and how long each may be: the requirements read these and
# nothing else, and only these reach the transition's record and the audit log.
STEP_DATA = {"evidence": 5000, "merged_into": 20}
REASON_MAX = 2000

_EVALUATORS = (ProposalPerm.EVALUATE,)
_MANAGERS = (ProposalPerm.MANAGE,)
_WAIT = step_days  # a step into a waiting state: the organisation's service deadline

# (from, to) → step. Anything not here is refused.
STEPS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): Step("submit", (PROPOSER,), (complete_and_shared,), days=_WAIT),
    (S.DRAFT, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.SUBMITTED, S.EVALUATING): Step("accept", _EVALUATORS + _MANAGERS, days=_WAIT),
    (S.SUBMITTED, S.RETURNED): Step("return", _EVALUATORS + _MANAGERS, (needs_reason,)),
    (S.SUBMITTED, S.MERGED): Step("merge", _EVALUATORS, (duplicate_target,), data=("merged_into",)),
    (S.SUBMITTED, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.EVALUATING, S.ADOPTED): Step("adopt", _EVALUATORS, (scorecard_evaluation,), days=_WAIT),
    (S.EVALUATING, S.NOT_ADOPTED): Step("reject", _EVALUATORS, (needs_reason, scores_if_any)),
    (S.EVALUATING, S.RETURNED): Step("return", _EVALUATORS, (needs_reason,)),
    (S.EVALUATING, S.MERGED): Step("merge", _EVALUATORS, (duplicate_target,), data=("merged_into",)),
    (S.EVALUATING, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.RETURNED, S.SUBMITTED): Step("resubmit", (PROPOSER,), (complete_and_shared,), days=_WAIT),
    (S.RETURNED, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.ADOPTED, S.IMPLEMENTING): Step("start", _MANAGERS),
    (S.IMPLEMENTING, S.IMPLEMENTED): Step(
        "complete", _MANAGERS, (implementation_evidence,), data=("evidence",), days=_WAIT
    ),
    (S.IMPLEMENTED, S.VERIFIED): Step("verify", (ProposalPerm.VERIFY_BENEFITS,), (verified_claim,), days=_WAIT),
    # A change without measurable savings (safety, quality...) is rewarded on its grade alone.
    (S.IMPLEMENTED, S.REWARDED): Step("reward", _MANAGERS, (computed_reward,)),
    (S.VERIFIED, S.REWARDED): Step("reward", _MANAGERS, (computed_reward,)),
}


def _state_label(state: str) -> str:
    return S(state).label if state in S.values else state


PROPOSAL_WORKFLOW = Workflow(
    name="proposals.proposal",
    model=Proposal,
    steps=STEPS,
    history=Transition,
    subject="proposal",
    organization=lambda proposal: proposal.enterprise,
    relations={PROPOSER: is_proposer},
    data=STEP_DATA,
    related=("enterprise",),
    audit_prefix="proposals",
    changed_at_field="state_changed_at",
    # The moment each state is first reached is kept on the proposal.
    timestamps={
        S.SUBMITTED: "submitted_at",
        S.ADOPTED: "decided_at",
        S.NOT_ADOPTED: "decided_at",
        S.IMPLEMENTED: "implemented_at",
        S.VERIFIED: "verified_at",
        S.REWARDED: "rewarded_at",
    },
    due_field="due_at",
    reminded_field="reminded_at",
    label=_state_label,
    illegal_message=gettext_lazy("A proposal that is “%(from)s” cannot become “%(to)s”."),
    stale_message=gettext_lazy("Someone else changed this proposal meanwhile. Reload it and try again."),
    reason_max=REASON_MAX,
)


def step_data(data: dict | None) -> dict:
    """The step data a caller sent, checked: known keys, plain values of bounded length."""
    return PROPOSAL_WORKFLOW.clean_data(data)


def states_from(states) -> frozenset[str]:
    """The given states and every state a proposal can reach from them through STEPS.

    A record made only while the proposal is in `states` (a claim, a reward...) can exist only
    in these: states change nowhere but in proposal_transition, along STEPS.
    """
    return PROPOSAL_WORKFLOW.reachable(states)


def next_number(now) -> str:
    """P<year>-<6 digits>, from a per-year counter row locked for the rest of the transaction."""
    year = timezone.localtime(now).year
    ProposalSequence.objects.get_or_create(year=year)
    sequence = ProposalSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"P{year}-{sequence.last:06d}"


def _known(user, proposal: Proposal, members) -> dict | None:
    if members is None:
        return None
    return {PROPOSER: lambda: is_proposer(user, proposal, members)}


def may_take(user, proposal: Proposal, step: Step, members=None) -> bool:
    return PROPOSAL_WORKFLOW.may_act(user, proposal, step, known=_known(user, proposal, members))


def allowed_targets(*, user, proposal: Proposal, members=None) -> list[str]:
    """The states this user may move the proposal to now (for the page's buttons; requirements not checked).

    members: as for is_proposer.
    """
    return PROPOSAL_WORKFLOW.targets(user, proposal, known=_known(user, proposal, members))


def proposal_transition(
    *,
    actor,
    proposal: Proposal,
    to_state: str,
    reason: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Move the proposal to to_state, or raise and change nothing. Returns the updated proposal."""
    moved = transition(
        PROPOSAL_WORKFLOW,
        actor=actor,
        row=proposal,
        to_state=to_state,
        reason=reason,
        data=data,
        expected_version=expected_version,
    )
    for name, value in moved.changes.items():
        setattr(proposal, name, value)
    return moved.row


# Recommendation upward: one level at a time, each decided by its own organisation.
_NEXT_LEVEL = {"": L.ENTERPRISE, L.ENTERPRISE: L.DISTRICT, L.DISTRICT: L.CITY}
RECOMMENDABLE_STATES = (S.ADOPTED, S.IMPLEMENTING, S.IMPLEMENTED, S.VERIFIED, S.REWARDED)


def adopted(ctx: StepContext) -> None:
    if ctx.row.state not in RECOMMENDABLE_STATES:
        raise ValidationFailed(_("Only an adopted proposal can be recommended."))


def _recommendation_record(ctx: StepContext) -> Model:
    """The recommendation workflow's history is its Recommendation rows: level, deciding organisation, who, why."""
    return Recommendation.objects.create(
        proposal=ctx.row,
        level=ctx.to_state,
        organization=ctx.organization,
        recommended_by=ctx.actor,
        at=ctx.now,
        reason=ctx.reason,
    )


def _not_recommendable(from_state: str, to_state: str) -> ValidationFailed:
    if from_state == L.CITY:
        return ValidationFailed(_("This proposal is already a city excellent result."))
    return ValidationFailed(_("Someone else changed this proposal meanwhile. Reload it and try again."))


_RECOMMEND = (ProposalPerm.RECOMMEND,)

RECOMMENDATION_WORKFLOW = Workflow(
    name="proposals.recommendation",
    model=Proposal,
    state_field="recommended_level",
    steps={
        ("", L.ENTERPRISE): Step("recommend", _RECOMMEND, (adopted,), org=lambda p: p.enterprise),
        (L.ENTERPRISE, L.DISTRICT): Step("recommend", _RECOMMEND, (adopted,), org=lambda p: p.district),
        # Only the deciding organisation is read: the city (district.parent) costs a query.
        (L.DISTRICT, L.CITY): Step("recommend", _RECOMMEND, (adopted,), org=lambda p: p.district.parent),
    },
    organization=lambda proposal: proposal.enterprise,
    related=("enterprise", "district"),
    audit_prefix="proposals",
    record=_recommendation_record,
    illegal=_not_recommendable,
    stale_message=gettext_lazy("Someone else changed this proposal meanwhile. Reload it and try again."),
)


def recommendation_allowed(user, proposal: Proposal) -> bool:
    """May the user recommend the proposal one level up now? (Reads only; proposal_recommend decides.)"""
    level = _NEXT_LEVEL.get(proposal.recommended_level)
    if level is None or proposal.state not in RECOMMENDABLE_STATES or proposal.recommendation_declined_at:
        return False
    step = RECOMMENDATION_WORKFLOW.steps[(proposal.recommended_level, level)]
    return RECOMMENDATION_WORKFLOW.may_act(user, proposal, step)


def proposal_recommend(*, actor, proposal: Proposal, reason: str = "", expected_version=None) -> Recommendation:
    """Recommend an adopted proposal one level up (优秀成果), each level by its own organisation:
    the enterprise names it an enterprise excellent result, its district a district one, the city a
    city one. Each step is a Recommendation row and an audit entry."""
    level = _NEXT_LEVEL.get(proposal.recommended_level)
    if level is None:
        raise ValidationFailed(_("This proposal is already a city excellent result."))
    if proposal.recommendation_declined_at:
        raise ValidationFailed(_("The next level decided not to recommend this proposal further."))
    moved = transition(
        RECOMMENDATION_WORKFLOW,
        actor=actor,
        row=proposal,
        to_state=level,
        reason=reason,
        expected_version=expected_version,
    )
    proposal.recommended_level = moved.row.recommended_level
    proposal.version = moved.row.version
    return moved.record


def recommendation_decline_allowed(user, proposal: Proposal) -> bool:
    """May the user decide not to take a recommendation further (the next level's people, as for
    recommending)? Only a proposal recommended at some level waits on the next one."""
    return bool(proposal.recommended_level) and recommendation_allowed(user, proposal)


def recommendation_decline(*, actor, proposal: Proposal, reason: str, expected_version=None) -> Proposal:
    """The next level's 不予推荐: the proposal stays the excellent result it is and no longer waits on that
    level (nor on any above it). A reason is required; the decision is on the proposal and in the audit."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(details={"reason": [_("Give a reason.")]})
    if len(reason) > RECOMMENDATION_WORKFLOW.reason_max:
        raise ValidationFailed(
            details={
                "reason": [
                    _("Give text of at most %(limit)d characters.") % {"limit": RECOMMENDATION_WORKFLOW.reason_max}
                ]
            }
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("enterprise", "district").get(pk=proposal.pk)
        if expected_version is not None and locked.version != expected_version:
            raise RECOMMENDATION_WORKFLOW.stale()
        if not locked.recommended_level or locked.recommendation_declined_at or locked.recommended_level == L.CITY:
            raise ValidationFailed(_("This proposal waits on nobody's recommendation."))
        if not recommendation_decline_allowed(actor, locked):
            raise PermissionDenied()
        locked.recommendation_declined_at = timezone.now()
        locked.recommendation_declined_by = actor
        locked.recommendation_decline_reason = reason
        locked.version += 1
        locked.save(
            update_fields=[
                "recommendation_declined_at",
                "recommendation_declined_by",
                "recommendation_decline_reason",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            action="proposals.recommend_decline",
            obj=locked,
            changes={"level": str(locked.get_recommended_level_display()), "reason": reason},
        )
    return locked
