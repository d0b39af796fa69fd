"""Owing and paying: a module records what it owes (payout_owe); finance records what was paid."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.core.modules import payout_kinds, resolve
from zhichuang.workflow.services import transition

from .enums import PayoutStatus
from .models import Payout
from .workflow import PAYOUT_WORKFLOW


def payout_build(
    *, kind: str, record_id: int, purpose: str, payer, payee_id: int, amount: Decimal, owed_at, org_path: str = ""
) -> Payout:
    """An unsaved pending payout (for bulk writers: the demo, the scale generator, a module's own batch).
    org_path: where it is scoped, the payer's path or a unit's under it (a proposal's department)."""
    if kind not in payout_kinds():
        raise ValueError(f"unknown payout kind {kind!r}")
    if amount < 0:
        raise ValueError("a payout is 0 or more")
    return Payout(
        kind=kind,
        record_id=record_id,
        purpose=purpose[:300],
        payer=payer,
        org_path=org_path or payer.path,
        payee_id=payee_id,
        amount=amount,
        owed_at=owed_at,
    )


def payout_owe(
    *, kind: str, record_id: int, purpose: str, payer, payee_id: int, amount: Decimal, owed_at=None, org_path=""
) -> Payout:
    """Record that the payer owes the payee this amount for the record (called inside the module's own
    transaction that decided it; the module checked who may decide it)."""
    payout = payout_build(
        kind=kind,
        record_id=record_id,
        purpose=purpose,
        payer=payer,
        payee_id=payee_id,
        amount=amount,
        owed_at=owed_at or timezone.now(),
        org_path=org_path,
    )
    payout.save()
    return payout


@transaction.atomic
def payout_mark_paid(
    *, actor, payout: Payout, paid_on: datetime.date, voucher_no: str, expected_version: int | None = None
) -> Payout:
    """Record a payout: pending → paid, with the date and the voucher. The payee is told once it commits,
    and the module it is for hears of it through the workflow (PAYOUT_WORKFLOW.listen)."""
    payout = transition(
        PAYOUT_WORKFLOW,
        actor=actor,
        row=payout,
        to_state=PayoutStatus.PAID,
        data={
            "paid_on": paid_on.isoformat() if isinstance(paid_on, datetime.date) else "",
            "voucher_no": str(voucher_no or "")[:200],
        },
        expected_version=expected_version,
    ).row
    hook = payout_kinds()[payout.kind].paid
    if hook:
        resolve(hook)(payout)
    return payout


@transaction.atomic
def payouts_mark_paid(*, actor, payouts: list[Payout], paid_on: datetime.date, voucher_no: str) -> int:
    """Record several payouts made with one voucher on one day: all of them, or none if one is refused."""
    if not payouts:
        raise ValidationFailed(_("Choose the payouts this voucher paid."))
    for payout in payouts:
        payout_mark_paid(actor=actor, payout=payout, paid_on=paid_on, voucher_no=voucher_no)
    return len(payouts)
