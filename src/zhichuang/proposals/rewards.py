"""Rewards: versioned rules, the computed reward, its split among proposers, and the payout ledger.

reward = amount for the grade + benefit_percent % of the verified net annual benefit, at most the
cap; the rule in force on the adoption decision date applies (the deepest organisation above the
enterprise that has one, then the latest effective_from, then the highest version). The total is
split by contribution share with money.split (largest remainder; ties: lead first, then member id).
Each share is owed through the shared payout ledger (zhichuang.payouts): one Payout per share, of the
kind "proposals.reward", paid there; payout_paid keeps the proposal's paid reward in step.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.money import HUNDRED, fen, split
from zhichuang.orgs.models import Organization
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.models import Payout
from zhichuang.payouts.services import payout_build

from .enums import Grade, ProposalState
from .models import Proposal, Reward, RewardRule, RewardShare
from .permissions import ProposalPerm
from .workflow import proposal_transition

REWARDABLE_STATES = (ProposalState.IMPLEMENTED, ProposalState.VERIFIED)


def _money(value, field: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(details={field: [_("Enter an amount.")]}) from None
    if not number.is_finite() or number < 0:
        raise ValidationFailed(details={field: [_("Enter an amount, 0 or more.")]})
    return fen(number)


@transaction.atomic
def reward_rule_save(
    *, actor, organization: Organization, effective_from: datetime.date, grade_amounts: dict, benefit_percent, cap
) -> RewardRule:
    """A new version of the organisation's reward rule, in force from effective_from."""
    if not has_perm(actor, ProposalPerm.MANAGE, organization):
        raise PermissionDenied()
    if not isinstance(effective_from, datetime.date):
        raise ValidationFailed(details={"effective_from": [_("Enter a date.")]})
    amounts = {grade: str(_money(grade_amounts.get(grade, 0), f"grade_amounts.{grade}")) for grade in Grade.values}
    percent = _money(benefit_percent, "benefit_percent")
    if percent > HUNDRED:
        raise ValidationFailed(details={"benefit_percent": [_("At most 100%.")]})
    cap_value = None if cap in (None, "") else _money(cap, "cap")
    latest = RewardRule.objects.select_for_update().filter(organization=organization).aggregate(v=Max("version"))["v"]
    rule = RewardRule.objects.create(
        organization=organization,
        version=(latest or 0) + 1,
        effective_from=effective_from,
        grade_amounts=amounts,
        benefit_percent=percent,
        cap=cap_value,
        created_by=actor,
    )
    audit_record(
        action="proposals.reward_rule_save",
        obj=rule,
        changes={"effective_from": effective_from, "grade_amounts": amounts, "percent": percent, "cap": cap_value},
        actor=actor,
    )
    return rule


def rule_in_force(enterprise: Organization, day: datetime.date) -> RewardRule | None:
    return (
        RewardRule.objects.filter(organization__path__in=enterprise.ancestor_paths(), effective_from__lte=day)
        .order_by("-organization__path", "-effective_from", "-version")
        .first()
    )


def reward_figures(rule: RewardRule, grade: str, net_benefit: Decimal | None) -> dict:
    grade_amount = fen(Decimal(str(rule.grade_amounts.get(grade, "0")))) if grade else Decimal("0.00")
    basis = max(net_benefit or Decimal(0), Decimal(0))
    benefit_amount = fen(basis * rule.benefit_percent / HUNDRED)
    total = grade_amount + benefit_amount
    capped = rule.cap is not None and total > rule.cap
    return {
        "grade": grade,
        "benefit_basis": fen(basis),
        "grade_amount": grade_amount,
        "benefit_amount": benefit_amount,
        "capped": capped,
        "total": rule.cap if capped else total,
    }


@transaction.atomic
def reward_decide(*, actor, proposal: Proposal, expected_version: int | None = None) -> Reward:
    """Compute the reward by the rule in force at the decision, split it, and mark the proposal rewarded."""
    locked = Proposal.objects.select_for_update().select_related("enterprise").get(pk=proposal.pk)
    if not has_perm(actor, ProposalPerm.MANAGE, locked.enterprise):
        raise PermissionDenied()
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("Someone else changed this proposal meanwhile. Reload it and try again."))
    if locked.state not in REWARDABLE_STATES:
        raise ValidationFailed(_("A reward is decided once the proposal is implemented."))
    decided_on = timezone.localdate(locked.decided_at or timezone.now())
    rule = rule_in_force(locked.enterprise, decided_on)
    if rule is None:
        raise ValidationFailed(_("No reward rule was in force on the decision date."))
    numbers = reward_figures(rule, locked.grade, locked.net_annual_benefit)
    reward = Reward.objects.create(proposal=locked, rule=rule, decided_by=actor, **numbers)
    members = list(locked.members.order_by("-is_lead", "worker_id"))
    parts = split(reward.total, [member.share for member in members])
    purpose = payout_purpose(locked.number, locked.title)
    payouts = Payout.objects.bulk_create(
        payout_build(
            kind=PAYOUT_KIND,
            record_id=locked.pk,
            purpose=purpose,
            payer=locked.enterprise,
            org_path=locked.org_path,
            payee_id=member.worker_id,
            amount=amount,
            owed_at=reward.decided_at,
        )
        for member, amount in zip(members, parts, strict=True)
    )
    RewardShare.objects.bulk_create(
        RewardShare(reward=reward, worker_id=member.worker_id, share=member.share, amount=amount, payout=payout)
        for member, amount, payout in zip(members, parts, payouts, strict=True)
    )
    audit_record(
        action="proposals.reward_decide",
        obj=locked,
        changes={"rule": f"v{rule.version}", **numbers, "parts": [str(p) for p in parts]},
        actor=actor,
    )
    proposal_transition(actor=actor, proposal=proposal, to_state=ProposalState.REWARDED)
    return reward


PAYOUT_KIND = "proposals.reward"


def payout_purpose(number: str, title: str) -> str:
    return f"{number} “{title}”".strip()


def payout_record_url(proposal_id: int) -> str:
    return reverse("proposals:detail", args=[proposal_id])


def payout_paid(payout: Payout) -> None:
    """A share was paid: the proposal's paid reward is the sum of its paid shares (in the same transaction)."""
    paid = Payout.objects.filter(kind=PAYOUT_KIND, record_id=payout.record_id, status=PayoutStatus.PAID)
    Proposal.objects.filter(pk=payout.record_id).update(reward_paid=paid.aggregate(total=Sum("amount"))["total"])
