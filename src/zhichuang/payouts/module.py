from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import AuditObject, Module, NavEntry

from .permissions import PayoutPerm as P
from .todo import SOURCES

module = Module(
    label="payouts",
    nav=(
        NavEntry(_("My rewards"), "payouts:mine", "gift", visible=is_worker, order=13),
        NavEntry(_("Reward payouts"), "payouts:ledger", "cash-coin", P.VIEW, order=17),
    ),
    permissions={
        P.VIEW: _("See the payout ledger"),
        P.PAY: _("Record payouts (voucher and date)"),
    },
    grants={
        Role.ENTERPRISE_ADMIN: frozenset({P.VIEW, P.PAY}),
        Role.FINANCE: frozenset({P.VIEW, P.PAY}),
        Role.DISTRICT_ADMIN: frozenset({P.VIEW}),
        Role.CITY_ADMIN: frozenset({P.VIEW}),
    },
    urls=(("payouts/", "zhichuang.payouts.urls"),),
    lists=("zhichuang.payouts.listings:LEDGER",),
    todo=SOURCES,
    audit_actions={"payouts.payout": _("Record a payout")},
    audit_objects={
        "payouts.payout": AuditObject(
            _("Payout"),
            fields={
                "payout": _("Payout"),
                "amount": _("Amount"),
                "for": _("For"),
                "paid_on": _("Paid on"),
                "voucher_no": _("Voucher number"),
            },
        ),
    },
    # The ledger export's filters.
    audit_fields={"status": _("Status"), "kind": _("For"), "year": _("Year decided")},
)
