"""The ledger, its totals and a worker's own payouts; every list through the user's scope."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.core.errors import NotFound
from zhichuang.core.modules import payout_kinds, resolve

from .enums import PayoutStatus
from .models import Payout
from .permissions import PayoutPerm

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PayoutTotals:
    pending: Decimal
    paid: Decimal

    @property
    def total(self) -> Decimal:
        return self.pending + self.paid


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def payout_list(*, user, status=None, year: int | None = None, kind: str = "") -> QuerySet[Payout]:
    """The payouts the organisations in the user's scope owe and have paid, newest first; optionally of one
    status, one kind, and owed from a decision of one year (local time)."""
    queryset = Payout.objects.filter(scope_for(user, PayoutPerm.VIEW).q("org_path"))
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(
            owed_at__gte=_day_start(datetime.date(year, 1, 1)), owed_at__lt=_day_start(datetime.date(year + 1, 1, 1))
        )
    # Newest first by id (a payout is written when it is decided): ordering by the decision sorted every
    # payout of the city.
    return queryset.select_related("payee", "payer").order_by("-id")


def _sums(queryset) -> PayoutTotals:
    sums = queryset.aggregate(
        pending=Coalesce(Sum("amount", filter=Q(status=PayoutStatus.PENDING)), ZERO),
        paid=Coalesce(Sum("amount", filter=Q(status=PayoutStatus.PAID)), ZERO),
    )
    return PayoutTotals(sums["pending"], sums["paid"])


def payout_totals(*, user, kind: str = "") -> PayoutTotals:
    """Owed and paid over the user's scope, all years, of every kind or of one: each kind with a rollup
    answers for itself (a city's proposal rewards are summed from the proposals' rollup), the others are
    summed here."""
    pending = paid = ZERO
    summed_here = []
    kinds = {key: k for key, k in payout_kinds().items() if not kind or key == kind}
    for key, kind in kinds.items():
        if kind.totals is None:
            summed_here.append(key)
            continue
        owed, kind_paid = resolve(kind.totals)(user=user)
        pending, paid = pending + owed - kind_paid, paid + kind_paid
    if summed_here:
        rest = _sums(Payout.objects.filter(scope_for(user, PayoutPerm.VIEW).q("org_path"), kind__in=summed_here))
        pending, paid = pending + rest.pending, paid + rest.paid
    return PayoutTotals(pending, paid)


def my_payouts(*, user) -> QuerySet[Payout]:
    """The worker's own payouts of every kind, newest first."""
    return Payout.objects.filter(payee__user_id=user.pk).select_related("payer").order_by("-id")


def my_payout_totals(*, user) -> PayoutTotals:
    return _sums(Payout.objects.filter(payee__user_id=user.pk))


def payout_url(payout: Payout) -> str:
    """The page of the record the payout is for."""
    return resolve(payout_kinds()[payout.kind].url)(payout.record_id)


def record_url_for(user, payout: Payout) -> str:
    """The record's page, where this user may open it (the payee, or the kind's permission at the payer);
    "" otherwise."""
    kind = payout_kinds()[payout.kind]
    own = payout.payee.user_id is not None and payout.payee.user_id == user.pk
    if own or kind.perm is None or has_perm(user, kind.perm, payout.payer):
        return payout_url(payout)
    return ""


def payout_get(*, user, pk) -> Payout:
    """One payout the user sees in the ledger, or their own; NotFound otherwise."""
    scope = scope_for(user, PayoutPerm.VIEW).q("org_path") | Q(payee__user_id=user.pk)
    payout = Payout.objects.filter(scope, pk=pk).select_related("payer", "payee", "paid_by").first()
    if payout is None:
        raise NotFound()
    return payout


def kind_label(payout: Payout) -> str:
    kind = payout_kinds().get(payout.kind)
    return str(kind.label) if kind else payout.kind
