"""A payout's one step, pending → paid, recorded as a PayoutTransition: whoever pays for the organisation
(finance, the enterprise union) names the voucher and the day."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichuang.core.errors import Conflict, ValidationFailed
from zhichuang.workflow.steps import Step, StepContext, Workflow

from .enums import PayoutStatus
from .models import Payout, PayoutTransition
from .permissions import PayoutPerm


def voucher_and_date(ctx: StepContext) -> None:
    """A payout names its voucher and a payment date not in the future."""
    voucher_no = str(ctx.data.get("voucher_no", "")).strip()
    paid_on = ctx.data.get("paid_on", "")
    try:
        paid_on = datetime.date.fromisoformat(paid_on)
    except (TypeError, ValueError):
        paid_on = None
    errors = {}
    if not voucher_no:
        errors["voucher_no"] = [_("Enter the voucher number.")]
    if paid_on is None or paid_on > timezone.localdate():
        errors["paid_on"] = [_("Enter the payment date (not in the future).")]
    if errors:
        raise ValidationFailed(details=errors)
    ctx.data["voucher_no"] = voucher_no
    ctx.updates |= {"paid_on": paid_on, "voucher_no": voucher_no[:50], "paid_by": ctx.actor}
    ctx.audit |= {"payout": ctx.row.pk, "amount": ctx.row.amount, "for": ctx.row.purpose}


def _already_paid(from_state: str, to_state: str) -> Conflict:
    return Conflict(_("This payout has already been recorded."))


PAYOUT_WORKFLOW = Workflow(
    name="payouts.payout",
    model=Payout,
    state_field="status",
    steps={
        (PayoutStatus.PENDING, PayoutStatus.PAID): Step(
            "payout", (PayoutPerm.PAY,), (voucher_and_date,), data=("paid_on", "voucher_no")
        ),
    },
    history=PayoutTransition,
    subject="payout",
    organization=lambda payout: payout.payer,
    data={"paid_on": 10, "voucher_no": 200},
    related=("payer",),
    audit_prefix="payouts",
    illegal=_already_paid,
    stale_message=gettext_lazy("Someone else changed this payout meanwhile. Reload it and try again."),
)
