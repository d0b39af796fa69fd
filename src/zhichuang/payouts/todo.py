"""待办 of the payout ledger: each pending payout waits on those who pay for its organisation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichuang.todo.queues import Queue, Source

from .enums import PayoutStatus
from .permissions import PayoutPerm
from .workflow import PAYOUT_WORKFLOW

PAYOUTS = Source(
    workflow=PAYOUT_WORKFLOW,
    title=lambda payout: f"{payout.purpose} · {payout.payee.name}",
    url=lambda payout: reverse("payouts:detail", args=[payout.pk]),
    org_path="org_path",
    since="owed_at",
    related=("payer", "payee"),
    detail=lambda payout: f"¥{payout.amount:,.2f}",
    chasers=(PayoutPerm.VIEW,),
    queues=(
        Queue(
            "payouts.pending",
            _("Reward to pay out"),
            PayoutStatus.PENDING,
            perms=(PayoutPerm.PAY,),
            icon="cash-coin",
            batch="payouts:batch_pay",
            batch_template="payouts/_batch_pay.html",
            order=70,
        ),
    ),
)

SOURCES = (PAYOUTS,)
