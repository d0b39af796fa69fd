"""A worker's rewards and the payout ledger."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.access import own_records, permission_required
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import NotFound
from zhichuang.core.views import CountCapped, paginate

from .. import selectors
from ..enums import PayoutStatus
from ..listings import PAYOUT_LEDGER
from ..permissions import ProposalPerm
from ..rollup.selectors import reward_totals
from ..todo import PAYOUTS

_PAYOUT_QUEUE = PAYOUTS.queue("proposals.payout_pending")


@own_records
def my_rewards(request):
    shares = selectors.my_reward_shares(user=request.user)
    context = {
        "page": paginate(request, shares),
        "totals": selectors.my_reward_totals(user=request.user),
        "paid": PayoutStatus.PAID,
    }
    return render(request, "proposals/my_rewards.html", context)


@permission_required(ProposalPerm.VIEW)
def payout_ledger(request):
    """What the enterprises in the user's scope owe their proposers and have paid: totals and every share
    of the filters (proposals.listings.PAYOUT_LEDGER, which the export reads the same way)."""
    try:
        result = PAYOUT_LEDGER.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    shares = result.selection and result.selection.rows
    decided, paid = reward_totals(user=request.user)
    context = {
        "form": result.form,
        # Counted to 100: a district's owed payouts are found by joining the city's (1,000: 66-76 ms at 1M).
        "page": paginate(request, None if shares is None else CountCapped(shares, 100)),
        "empty_text": _("Correct the filters above to see the list.") if shares is None else "",
        "totals": selectors.PayoutTotals(pending=decided - paid, paid=paid),
        "status": result.form.cleaned_data.get("status", "") if result.form.is_bound else "",
        "statuses": PayoutStatus.choices,
        "paid": PayoutStatus.PAID,
        "export_max": PAYOUT_LEDGER.row_cap,
        # Those who record payouts do it for several shares at once from their 待办.
        "batch_url": f"{reverse('todo:todo')}?queue={_PAYOUT_QUEUE.key}"
        if PAYOUTS.holds(request.user, _PAYOUT_QUEUE)
        else "",
    }
    return render(request, "proposals/payout_ledger.html", context, status=400 if result.invalid else 200)


@permission_required(ProposalPerm.VIEW)
def payout_export(request):
    return listing_export(request, PAYOUT_LEDGER)
