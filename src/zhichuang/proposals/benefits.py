"""Benefit verification: itemised savings, checked and locked by finance, corrected only on record.

Arithmetic (Decimal, to the fen):
- each line: amount = quantity × unit price, rounded half up to the fen;
- gross = sum of the line amounts, the benefit over the claim's period;
- annualised gross = gross when the period is a whole year (365 or 366 days), otherwise
  gross × 365 / days in the period (both ends counted), rounded to the fen;
- net annual benefit = annualised gross − implementation cost. The cost is a one-off, counted
  in full in the year claimed; a later year's claim normally has none.

The claim's own lifecycle is a workflow (CLAIM_WORKFLOW): draft or returned → submitted → verified,
or back to returned by finance, each step recorded as a ClaimTransition with a version check.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.money import fen
from zhichuang.workflow.services import transition
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from . import files
from .enums import BenefitCategory, BenefitType, ClaimStatus, ProposalState
from .models import BenefitClaim, BenefitCorrection, BenefitLine, BenefitTag, ClaimTransition, Proposal
from .permissions import ProposalPerm
from .rollup.services import refresh_after_commit
from .rules import is_proposer, proposer_or_manager
from .workflow import PROPOSER, proposal_transition

CLAIMABLE_STATES = (ProposalState.IMPLEMENTED, ProposalState.VERIFIED, ProposalState.REWARDED)
EDITABLE = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)
DAYS_IN_YEAR = Decimal(365)


def _number(value, field: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(details={field: [_("Enter a number.")]}) from None
    if not number.is_finite() or number < 0:
        raise ValidationFailed(details={field: [_("Enter a number, 0 or more.")]})
    return number


def clean_lines(lines: list[dict]) -> list[dict]:
    """Checked lines with their amounts; evidence files checked by content like attachments."""
    clean = []
    for index, line in enumerate(lines):
        field = f"lines.{index}"
        if line.get("category") not in BenefitCategory.values or not str(line.get("description", "")).strip():
            raise ValidationFailed(details={field: [_("Choose a category and describe the saving.")]})
        quantity = _number(line.get("quantity"), field).quantize(Decimal("0.001"))
        unit_price = fen(_number(line.get("unit_price"), field))
        evidence = line.get("evidence")
        if evidence is not None and not isinstance(evidence, str):
            files.check_upload(evidence)
        clean.append(
            {
                "category": line["category"],
                "description": str(line["description"]).strip()[:200],
                "quantity": quantity,
                "unit": str(line.get("unit", "")).strip()[:20],
                "unit_price": unit_price,
                "amount": fen(quantity * unit_price),
                "evidence": evidence,
            }
        )
    return clean


def annualised(gross: Decimal, period_start: datetime.date, period_end: datetime.date) -> Decimal:
    days = (period_end - period_start).days + 1
    if days in (365, 366):
        return fen(gross)
    return fen(gross * DAYS_IN_YEAR / days)


def figures(lines: list[dict], cost: Decimal, period_start, period_end) -> tuple[Decimal, Decimal, Decimal]:
    """(gross, annualised gross, net annual benefit)."""
    gross = fen(sum((line["amount"] for line in lines), Decimal(0)))
    annual = annualised(gross, period_start, period_end)
    return gross, annual, fen(annual - cost)


def _line_json(line) -> dict:
    get = line.get if isinstance(line, dict) else lambda name: getattr(line, name)
    return {
        "category": get("category"),
        "description": get("description"),
        "quantity": str(get("quantity")),
        "unit": get("unit"),
        "unit_price": str(get("unit_price")),
        "amount": str(get("amount")),
    }


def _write_lines(claim: BenefitClaim, lines: list[dict]) -> None:
    claim.lines.all().delete()
    for line in lines:
        evidence = line.pop("evidence", None)
        row = BenefitLine(claim=claim, **line)
        if evidence is not None and not isinstance(evidence, str):
            row.evidence.save(f"evidence{files.sniff(evidence).extension}", evidence, save=False)
        elif isinstance(evidence, str):
            row.evidence.name = evidence  # an already stored file kept from a previous version of the line
        row.save()


def _check_period(period_start, period_end) -> None:
    if not isinstance(period_start, datetime.date) or not isinstance(period_end, datetime.date):
        raise ValidationFailed(details={"period_start": [_("Enter the period.")]})
    if period_end < period_start:
        raise ValidationFailed(details={"period_end": [_("The period ends before it starts.")]})


@transaction.atomic
def claim_save(
    *,
    actor,
    proposal: Proposal,
    period_start: datetime.date,
    period_end: datetime.date,
    implementation_cost,
    lines: list[dict],
    tags: list[dict] = (),
    claim: BenefitClaim | None = None,
    expected_version: int | None = None,
) -> BenefitClaim:
    """Create or revise a claim (draft or returned) for an implemented proposal, for one period.

    A revision based on a copy older than the claim (expected_version) is refused, never merged."""
    proposal = Proposal.objects.select_related("enterprise").get(pk=proposal.pk)
    if not proposer_or_manager(actor, proposal):
        raise PermissionDenied()
    if proposal.state not in CLAIMABLE_STATES:
        raise ValidationFailed(_("Benefit is claimed once the proposal is implemented."))
    _check_period(period_start, period_end)
    cost = fen(_number(implementation_cost, "implementation_cost"))
    clean = clean_lines(lines)
    clean_tags = []
    for tag in tags:
        if tag.get("benefit_type") not in BenefitType.values or not str(tag.get("description", "")).strip():
            raise ValidationFailed(details={"tags": [_("Choose a kind of benefit and describe it.")]})
        clean_tags.append({"benefit_type": tag["benefit_type"], "description": str(tag["description"]).strip()[:500]})
    gross, annual, net = figures(clean, cost, period_start, period_end)
    values = {
        "period_start": period_start,
        "period_end": period_end,
        "implementation_cost": cost,
        "gross": gross,
        "annual_gross": annual,
        "net": net,
    }
    if claim is None:
        claim = BenefitClaim.objects.create(proposal=proposal, created_by=actor, **values)
    else:
        claim = BenefitClaim.objects.select_for_update().get(pk=claim.pk, proposal=proposal)
        if expected_version is not None and claim.version != expected_version:
            raise Conflict(_("Someone else changed this claim meanwhile. Reload it and try again."))
        if claim.status not in EDITABLE:
            raise ValidationFailed(_("A submitted or verified claim cannot be edited."))
        for name, value in values.items():
            setattr(claim, name, value)
        claim.version += 1
        claim.save(update_fields=[*values, "version"])
    _write_lines(claim, clean)
    claim.tags.all().delete()
    BenefitTag.objects.bulk_create(BenefitTag(claim=claim, **tag) for tag in clean_tags)
    audit_record(
        action="proposals.claim_save",
        obj=proposal,
        changes={"claim": claim.pk, "gross": gross, "net": net, "cost": cost},
        actor=actor,
    )
    return claim


def has_lines(ctx: StepContext) -> None:
    if not ctx.row.lines.exists():
        raise ValidationFailed(details={"lines": [_("Add at least one line.")]})
    ctx.updates["submitted_at"] = ctx.now
    ctx.audit["claim"] = ctx.row.pk


def entered_by_someone_else(ctx: StepContext) -> None:
    """Finance approves: the figures lock as verified."""
    claim = ctx.row
    if claim.created_by_id == ctx.actor.pk:
        raise PermissionDenied(_("A claim is verified by someone other than the person who entered it."))
    ctx.updates |= {
        "verified_by": ctx.actor,
        "verified_at": ctx.now,
        "verified_gross": claim.gross,
        "verified_net": claim.net,
        "return_reason": "",
    }
    ctx.audit |= {"claim": claim.pk, "gross": claim.gross, "net": claim.net}


def returned_with_reason(ctx: StepContext) -> None:
    needs_reason(ctx)
    ctx.updates["return_reason"] = ctx.reason
    ctx.audit["claim"] = ctx.row.pk


_ILLEGAL_CLAIM_STEP = {
    ClaimStatus.SUBMITTED: gettext_lazy("This claim has already been submitted."),
    ClaimStatus.VERIFIED: gettext_lazy("Only a submitted claim can be verified."),
    ClaimStatus.RETURNED: gettext_lazy("Only a submitted claim can be returned."),
}


def _illegal_claim_step(from_state: str, to_state: str) -> ValidationFailed:
    return ValidationFailed(_ILLEGAL_CLAIM_STEP.get(to_state))


_ENTERERS = (ProposalPerm.MANAGE, PROPOSER)
_VERIFIERS = (ProposalPerm.VERIFY_BENEFITS,)

CLAIM_WORKFLOW = Workflow(
    name="proposals.claim",
    model=BenefitClaim,
    state_field="status",
    steps={
        (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED): Step("claim_submit", _ENTERERS, (has_lines,)),
        (ClaimStatus.RETURNED, ClaimStatus.SUBMITTED): Step("claim_submit", _ENTERERS, (has_lines,)),
        (ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED): Step("claim_verify", _VERIFIERS, (entered_by_someone_else,)),
        (ClaimStatus.SUBMITTED, ClaimStatus.RETURNED): Step("claim_return", _VERIFIERS, (returned_with_reason,)),
    },
    history=ClaimTransition,
    subject="claim",
    organization=lambda claim: claim.proposal.enterprise,
    relations={PROPOSER: lambda user, claim: is_proposer(user, claim.proposal)},
    related=("proposal__enterprise",),
    audit_prefix="proposals",
    audit_object=lambda claim: claim.proposal,
    illegal=_illegal_claim_step,
    stale_message=gettext_lazy("Someone else changed this claim meanwhile. Reload it and try again."),
)


def _lock_claim(claim: BenefitClaim) -> BenefitClaim:
    return BenefitClaim.objects.select_for_update().select_related("proposal__enterprise").get(pk=claim.pk)


def claim_submit(*, actor, claim: BenefitClaim, expected_version: int | None = None) -> BenefitClaim:
    """Hand a draft or returned claim to finance (who are told once it commits)."""
    return transition(
        CLAIM_WORKFLOW, actor=actor, row=claim, to_state=ClaimStatus.SUBMITTED, expected_version=expected_version
    ).row


def _check_verifier(actor, claim: BenefitClaim) -> None:
    if not has_perm(actor, ProposalPerm.VERIFY_BENEFITS, claim.proposal.enterprise):
        raise PermissionDenied()


def refresh_proposal_benefit(proposal: Proposal) -> None:
    """Copy the verified figures onto the proposal: the latest year's net, and all years' sum."""
    verified = proposal.benefit_claims.filter(status=ClaimStatus.VERIFIED)
    latest = verified.order_by("-period_start", "-id").values_list("net", flat=True).first()
    total = verified.aggregate(total=Sum("net"))["total"]
    Proposal.objects.filter(pk=proposal.pk).update(net_annual_benefit=latest, verified_benefit_total=total)
    proposal.net_annual_benefit, proposal.verified_benefit_total = latest, total


@transaction.atomic
def claim_verify(*, actor, claim: BenefitClaim, expected_version: int | None = None) -> BenefitClaim:
    """Finance approves: the figures lock, and an implemented proposal becomes benefit-verified."""
    claim = transition(
        CLAIM_WORKFLOW, actor=actor, row=claim, to_state=ClaimStatus.VERIFIED, expected_version=expected_version
    ).row
    proposal = claim.proposal
    refresh_proposal_benefit(proposal)
    if proposal.state == ProposalState.IMPLEMENTED:
        proposal_transition(actor=actor, proposal=proposal, to_state=ProposalState.VERIFIED)
    return claim


def claim_return(*, actor, claim: BenefitClaim, reason: str, expected_version: int | None = None) -> BenefitClaim:
    """Finance sends a submitted claim back, with a reason (whoever entered it and the proposers are told)."""
    return transition(
        CLAIM_WORKFLOW,
        actor=actor,
        row=claim,
        to_state=ClaimStatus.RETURNED,
        reason=reason,
        expected_version=expected_version,
    ).row


@transaction.atomic
def benefit_correct(
    *,
    actor,
    claim: BenefitClaim,
    lines: list[dict],
    reason: str,
    implementation_cost=None,
    expected_version: int | None = None,
) -> BenefitCorrection:
    """Correct verified figures (finance only, with a reason). The original figures stay on record.

    A reward already decided is not changed by a correction; the correction is shown beside it. A
    correction based on a copy older than the claim (expected_version) is refused, never merged.
    """
    claim = _lock_claim(claim)
    _check_verifier(actor, claim)
    if expected_version is not None and claim.version != expected_version:
        raise Conflict(_("Someone else changed this claim meanwhile. Reload it and try again."))
    if claim.status != ClaimStatus.VERIFIED:
        raise ValidationFailed(_("Only verified figures are corrected; edit the claim instead."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(details={"reason": [_("Give a reason.")]})
    cost = claim.implementation_cost if implementation_cost is None else fen(_number(implementation_cost, "cost"))
    before_lines = [_line_json(line) for line in claim.lines.all()]
    clean = clean_lines(lines)
    gross, annual, net = figures(clean, cost, claim.period_start, claim.period_end)
    correction = BenefitCorrection.objects.create(
        claim=claim,
        by=actor,
        reason=reason,
        original_gross=claim.gross,
        original_net=claim.net,
        corrected_gross=gross,
        corrected_net=net,
        lines={
            "before": before_lines,
            "after": [_line_json(line) for line in clean],
            "cost": [str(claim.implementation_cost), str(cost)],
        },
    )
    claim.gross, claim.annual_gross, claim.net, claim.implementation_cost = gross, annual, net, cost
    claim.version += 1
    claim.save(update_fields=["gross", "annual_gross", "net", "implementation_cost", "version"])
    _write_lines(claim, clean)
    refresh_proposal_benefit(claim.proposal)
    # Not a step of the claim's workflow (it stays verified), but it changes a counted figure.
    refresh_after_commit(proposal_id=claim.proposal_id)
    audit_record(
        action="proposals.benefit_correct",
        obj=claim.proposal,
        changes={"claim": claim.pk, "net": [correction.original_net, net], "reason": reason},
        actor=actor,
    )
    return correction
