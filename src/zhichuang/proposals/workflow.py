"""The proposal lifecycle: one table of allowed steps and one function that takes them.

    draft ──submit──▶ submitted ──accept──▶ evaluating ──adopt──▶ adopted ──start──▶ implementing
      │                  │  ▲                 │  │                                      │ complete
      │                  │  └──resubmit── returned ◀──return──┘                         ▼
      │                  │                    │     └──reject──▶ not_adopted        implemented
      └──withdraw──▶ withdrawn ◀──────────────┘                                    │         │ verify
                     merged ◀──merge── submitted / evaluating                reward│         ▼
                                                                                   └──▶ rewarded ◀── verified

`proposal_transition` is the only code that changes Proposal.state. It locks the row,
refuses a stale version, an illegal step, a missing permission or an unmet requirement
(changing nothing), then saves, records a Transition, writes the audit row and queues
the notifications and the similarity index update for after the commit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from zhichuang.core.money import HUNDRED, ZERO

from . import evaluation
from .enums import WAITING_STATES, AttachmentPurpose, ClaimStatus, ProposalState, RecommendationLevel
from .models import Proposal, ProposalSequence, Recommendation, StepDeadline, Transition
from .permissions import ProposalPerm
from .rules import is_proposer

S = ProposalState
DEFAULT_STEP_DAYS = 15
# Who acts on a step: the proposers themselves, or holders of any of the permissions on the enterprise.
PROPOSER = "proposer"


@dataclass
class StepContext:
    actor: object
    proposal: Proposal
    reason: str
    data: dict
    now: object
    updates: dict = field(default_factory=dict)


Requirement = Callable[[StepContext], None]


@dataclass(frozen=True)
class Step:
    action: str
    who: tuple  # PROPOSER or Perm values
    requires: tuple[Requirement, ...] = ()


def needs_reason(ctx: StepContext) -> None:
    if not ctx.reason:
        raise ValidationFailed(details={"reason": [_("Give a reason.")]})


def complete_and_shared(ctx: StepContext) -> None:
    """Everything a proposal needs before anyone else sees it; opens a new evaluation round."""
    proposal = ctx.proposal
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
    result = evaluation.aggregate(ctx.proposal)
    if not result.count:
        raise ValidationFailed(_("Score the proposal on the scorecard before deciding."))
    ctx.updates |= {"score": result.score, "grade": result.grade}


def scores_if_any(ctx: StepContext) -> None:
    result = evaluation.aggregate(ctx.proposal)
    if result.count:
        ctx.updates |= {"score": result.score, "grade": ""}


def implementation_evidence(ctx: StepContext) -> None:
    text = str(ctx.data.get("evidence", "")).strip()
    has_file = ctx.proposal.attachments.filter(purpose=AttachmentPurpose.IMPLEMENTATION).exists()
    if not text and not has_file:
        raise ValidationFailed(
            details={"evidence": [_("Describe what was done or attach evidence of the implementation.")]}
        )
    if text:
        ctx.updates["implementation_evidence"] = text


def verified_claim(ctx: StepContext) -> None:
    if not ctx.proposal.benefit_claims.filter(status=ClaimStatus.VERIFIED).exists():
        raise ValidationFailed(_("The benefit must be verified by finance first."))


def computed_reward(ctx: StepContext) -> None:
    reward = ctx.proposal.rewards.order_by("-decided_at", "-id").first()
    if reward is None:
        raise ValidationFailed(_("Compute the reward first."))
    ctx.updates["reward_total"] = reward.total
    ctx.updates["reward_paid"] = ZERO  # its shares are created pending; payout_mark_paid adds what is paid


def duplicate_target(ctx: StepContext) -> None:
    from .selectors import proposal_get  # selectors import this module's table

    target_id = ctx.data.get("merged_into")
    try:
        target = proposal_get(user=ctx.actor, pk=int(target_id))
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed(details={"merged_into": [_("Choose the proposal this one duplicates.")]}) from None
    if target.pk == ctx.proposal.pk or target.state in (S.DRAFT, S.MERGED, S.WITHDRAWN):
        raise ValidationFailed(details={"merged_into": [_("A proposal can only be merged into another live one.")]})
    ctx.updates["merged_into"] = target
    ctx.data["merged_into"] = target.pk


# What a step may be given besides its reason, and how long each may be: the requirements read these and
# nothing else, and only these reach the transition's record and the audit log.
STEP_DATA = {"evidence": 5000, "merged_into": 20}
REASON_MAX = 2000


def step_data(data: dict | None) -> dict:
    """The step data a caller sent, checked: known keys, plain values of bounded length."""
    data = dict(data or {})
    unknown = sorted(str(key) for key in data if key not in STEP_DATA)
    if unknown:
        raise ValidationFailed(
            _("Unknown step data: %(keys)s. A step takes only %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(STEP_DATA)}
        )
    for key, limit in STEP_DATA.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > limit:
            raise ValidationFailed(details={key: [_("Give text of at most %(limit)d characters.") % {"limit": limit}]})
    return data


_EVALUATORS = (ProposalPerm.EVALUATE,)
_MANAGERS = (ProposalPerm.MANAGE,)

# (from, to) → step. Anything not here is refused.
STEPS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): Step("submit", (PROPOSER,), (complete_and_shared,)),
    (S.DRAFT, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.SUBMITTED, S.EVALUATING): Step("accept", _EVALUATORS + _MANAGERS),
    (S.SUBMITTED, S.RETURNED): Step("return", _EVALUATORS + _MANAGERS, (needs_reason,)),
    (S.SUBMITTED, S.MERGED): Step("merge", _EVALUATORS, (duplicate_target,)),
    (S.SUBMITTED, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.EVALUATING, S.ADOPTED): Step("adopt", _EVALUATORS, (scorecard_evaluation,)),
    (S.EVALUATING, S.NOT_ADOPTED): Step("reject", _EVALUATORS, (needs_reason, scores_if_any)),
    (S.EVALUATING, S.RETURNED): Step("return", _EVALUATORS, (needs_reason,)),
    (S.EVALUATING, S.MERGED): Step("merge", _EVALUATORS, (duplicate_target,)),
    (S.EVALUATING, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.RETURNED, S.SUBMITTED): Step("resubmit", (PROPOSER,), (complete_and_shared,)),
    (S.RETURNED, S.WITHDRAWN): Step("withdraw", (PROPOSER,)),
    (S.ADOPTED, S.IMPLEMENTING): Step("start", _MANAGERS),
    (S.IMPLEMENTING, S.IMPLEMENTED): Step("complete", _MANAGERS, (implementation_evidence,)),
    (S.IMPLEMENTED, S.VERIFIED): Step("verify", (ProposalPerm.VERIFY_BENEFITS,), (verified_claim,)),
    # A change without measurable savings (safety, quality...) is rewarded on its grade alone.
    (S.IMPLEMENTED, S.REWARDED): Step("reward", _MANAGERS, (computed_reward,)),
    (S.VERIFIED, S.REWARDED): Step("reward", _MANAGERS, (computed_reward,)),
}

# The moment each state is first reached is kept on the proposal.
_TIMESTAMPS = {
    S.SUBMITTED: "submitted_at",
    S.ADOPTED: "decided_at",
    S.NOT_ADOPTED: "decided_at",
    S.IMPLEMENTED: "implemented_at",
    S.VERIFIED: "verified_at",
    S.REWARDED: "rewarded_at",
}


def states_from(states) -> frozenset[str]:
    """The given states and every state a proposal can reach from them through STEPS.

    A record made only while the proposal is in `states` (a claim, a reward...) can exist only
    in these: states change nowhere but in proposal_transition, along STEPS.
    """
    reached, todo = set(states), list(states)
    while todo:
        state = todo.pop()
        for source, to in STEPS:
            if source == state and to not in reached:
                reached.add(to)
                todo.append(to)
    return frozenset(reached)


def next_number(now) -> str:
    """P<year>-<6 digits>, from a per-year counter row locked for the rest of the transaction."""
    year = timezone.localtime(now).year
    ProposalSequence.objects.get_or_create(year=year)
    sequence = ProposalSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"P{year}-{sequence.last:06d}"


def step_days(proposal: Proposal, state: str) -> int:
    """Service deadline in days of a waiting state for the proposal (see step_days_for)."""
    return step_days_for(proposal.org_path, state)


def step_days_for(org_path: str, state: str) -> int:
    """Days for a waiting state below org_path: the nearest organisation's StepDeadline, else
    settings.PROPOSAL_STEP_DAYS, a number for every step or a {state: days} mapping (missing states: 15).
    """
    own = (
        StepDeadline.objects.filter(state=state, organization__path__in=_ancestor_paths(org_path))
        .order_by("-organization__path")
        .values_list("days", flat=True)
        .first()
    )
    if own is not None:
        return own
    return configured_step_days(state)


def configured_step_days(state: str) -> int:
    configured = getattr(settings, "PROPOSAL_STEP_DAYS", DEFAULT_STEP_DAYS)
    if isinstance(configured, dict):
        return int(configured.get(state, DEFAULT_STEP_DAYS))
    return int(configured)


def _ancestor_paths(path: str) -> list[str]:
    from zhichuang.orgs.models import SEGMENT_WIDTH

    return [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def may_take(user, proposal: Proposal, step: Step, members=None) -> bool:
    for who in step.who:
        if who == PROPOSER:
            if is_proposer(user, proposal, members):
                return True
        elif has_perm(user, who, proposal.enterprise):
            return True
    return False


def allowed_targets(*, user, proposal: Proposal, members=None) -> list[str]:
    """The states this user may move the proposal to now (for the page's buttons; requirements not checked).

    members: as for is_proposer.
    """
    return [
        to
        for (source, to), step in STEPS.items()
        if source == proposal.state and may_take(user, proposal, step, members)
    ]


def _notify_after_commit(transition: Transition) -> None:
    from . import tasks  # tasks import services; imported late to keep the layers one-way

    transaction.on_commit(partial(tasks.notify_transition.enqueue, transition_id=transition.pk))
    if transition.to_state in (S.SUBMITTED, S.WITHDRAWN, S.MERGED):
        transaction.on_commit(partial(tasks.reindex_proposal.enqueue, proposal_id=transition.proposal_id))


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
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            details={"reason": [_("Give text of at most %(limit)d characters.") % {"limit": REASON_MAX}]}
        )
    data = step_data(data)
    with transaction.atomic():
        try:
            locked = Proposal.objects.select_for_update().select_related("enterprise").get(pk=proposal.pk)
        except Proposal.DoesNotExist:
            raise NotFound() from None
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(_("Someone else changed this proposal meanwhile. Reload it and try again."))
        from_state = locked.state
        step = STEPS.get((from_state, to_state))
        if step is None:
            raise ValidationFailed(
                _("A proposal that is “%(from)s” cannot become “%(to)s”.")
                % {"from": S(from_state).label, "to": S(to_state).label if to_state in S.values else to_state}
            )
        if not may_take(actor, locked, step):
            raise PermissionDenied()
        now = timezone.now()
        ctx = StepContext(actor=actor, proposal=locked, reason=reason, data=data, now=now)
        for requirement in step.requires:
            requirement(ctx)

        changes = dict(ctx.updates)
        changes |= {"state": to_state, "state_changed_at": now, "version": locked.version + 1}
        changes["due_at"] = now + timedelta(days=step_days(locked, to_state)) if to_state in WAITING_STATES else None
        stamp = _TIMESTAMPS.get(to_state)
        if stamp and getattr(locked, stamp) is None:
            changes[stamp] = now
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])

        transition = Transition.objects.create(
            proposal=locked,
            from_state=from_state,
            to_state=to_state,
            actor=actor if getattr(actor, "pk", None) else None,
            at=now,
            reason=reason,
            data={"action": step.action, **data},
        )
        audit_record(
            action=f"proposals.{step.action}",
            obj=locked,
            changes={"state": [from_state, to_state], "reason": reason, **data},
            actor=actor,
        )
        _notify_after_commit(transition)
    for name, value in changes.items():
        setattr(proposal, name, value)
    return locked


_NEXT_LEVEL = {
    "": RecommendationLevel.ENTERPRISE,
    RecommendationLevel.ENTERPRISE: RecommendationLevel.DISTRICT,
    RecommendationLevel.DISTRICT: RecommendationLevel.CITY,
}
_PREVIOUS_LEVEL = {level: before for before, level in _NEXT_LEVEL.items()}
RECOMMENDABLE_STATES = (S.ADOPTED, S.IMPLEMENTING, S.IMPLEMENTED, S.VERIFIED, S.REWARDED)


def _next_recommendation(proposal: Proposal):
    """(level, deciding organisation) of the proposal's next recommendation, or ValidationFailed."""
    if proposal.state not in RECOMMENDABLE_STATES:
        raise ValidationFailed(_("Only an adopted proposal can be recommended."))
    level = _NEXT_LEVEL.get(proposal.recommended_level)
    if level is None:
        raise ValidationFailed(_("This proposal is already a city excellent result."))
    # Only the deciding organisation is read: the city (district.parent) costs a query.
    deciding_org = {
        RecommendationLevel.ENTERPRISE: lambda: proposal.enterprise,
        RecommendationLevel.DISTRICT: lambda: proposal.district,
        RecommendationLevel.CITY: lambda: proposal.district.parent,
    }[level]()
    return level, deciding_org


def recommendation_allowed(user, proposal: Proposal) -> bool:
    """May the user recommend the proposal one level up now? (Reads only; proposal_recommend decides.)"""
    try:
        _level, deciding_org = _next_recommendation(proposal)
    except ValidationFailed:
        return False
    return deciding_org is not None and has_perm(user, ProposalPerm.RECOMMEND, deciding_org)


def proposal_recommend(*, actor, proposal: Proposal, reason: str = "", expected_version=None) -> Recommendation:
    """Recommend an adopted proposal one level up (优秀成果), each level by its own organisation:
    the enterprise names it an enterprise excellent result, its district a district one, the city a
    city one. Each step is a Recommendation row and an audit entry."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("enterprise", "district").get(pk=proposal.pk)
        if expected_version is not None and locked.version != expected_version:
            raise Conflict(_("Someone else changed this proposal meanwhile. Reload it and try again."))
        level, deciding_org = _next_recommendation(locked)
        if deciding_org is None or not has_perm(actor, ProposalPerm.RECOMMEND, deciding_org):
            raise PermissionDenied()
        recommendation = Recommendation.objects.create(
            proposal=locked,
            level=level,
            organization=deciding_org,
            recommended_by=actor,
            reason=(reason or "").strip(),
        )
        locked.recommended_level = level
        locked.version += 1
        locked.save(update_fields=["recommended_level", "version", "updated_at"])
        audit_record(
            action="proposals.recommend",
            obj=locked,
            changes={"recommended_level": [_PREVIOUS_LEVEL[level], level], "reason": reason},
            actor=actor,
        )
        from . import tasks

        transaction.on_commit(partial(tasks.notify_recommendation.enqueue, recommendation_id=recommendation.pk))
    proposal.recommended_level = locked.recommended_level
    proposal.version = locked.version
    return recommendation
