"""The payout ledger, declared once for its page and its .xlsx export (core.listing): what is owed, to
whom, by whom and for what, and what was paid with which voucher. Names, no ID or mobile number."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, Listing, Selection

from . import selectors
from .forms import PayoutFilterForm
from .permissions import PayoutPerm


def _c(text):
    return pgettext_lazy("column", text)


def _select(user, filters, named) -> Selection:
    status, kind, year = filters["status"], filters["kind"], filters["year"]
    chosen = {name: str(value) for name, value in (("status", status), ("kind", kind), ("year", year)) if value}
    return Selection(selectors.payout_list(user=user, status=status or None, kind=kind, year=year), chosen)


LEDGER = Listing(
    key="payouts.ledger",
    perm=PayoutPerm.VIEW,
    filters=PayoutFilterForm,
    select=_select,
    columns=(
        Column(_c("For"), lambda p: p.purpose, width=44),
        Column(_c("Kind"), selectors.kind_label, width=12),
        Column(_c("Paid by"), lambda p: p.payer.name, width=28, related="payer"),
        Column(_c("Payee"), lambda p: p.payee.name, width=10, related="payee"),
        Column(_c("Amount (yuan)"), lambda p: p.amount, cell=Cell.MONEY, width=12),
        Column(_c("State"), lambda p: p.get_status_display(), width=8),
        Column(_c("Decided"), lambda p: p.owed_at, cell=Cell.DATE, width=12),
        Column(_c("Paid on"), lambda p: p.paid_on, cell=Cell.DATE, width=12),
        Column(_c("Voucher number"), lambda p: p.voucher_no, width=16),
    ),
    sheet="奖励发放",
    filename="payouts",
    page_url="payouts:ledger",
    export_url="payouts:export",
    key_column=0,
)
