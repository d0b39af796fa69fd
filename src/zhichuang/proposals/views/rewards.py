"""A worker's rewards and the payout ledger."""

from django.shortcuts import render
from django.urls import reverse

from zhichuang.accounts.access import own_records, permission_required
from zhichuang.core.views import CountCapped, paginate

from .. import selectors
from ..enums import PayoutStatus
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
    """What the enterprises in the user's scope owe their proposers and have paid: totals and every share."""
    status = request.GET.get("status", "")
    status = status if status in PayoutStatus.values else ""
    decided, paid = reward_totals(user=request.user)
    context = {
        # Counted to 100: a district's owed payouts are found by joining the city's (1,000: 66-76 ms at 1M).
        "page": paginate(request, CountCapped(selectors.payout_list(user=request.user, status=status or None), 100)),
        "totals": selectors.PayoutTotals(pending=decided - paid, paid=paid),
        "status": status,
        "statuses": PayoutStatus.choices,
        "paid": PayoutStatus.PAID,
        # Those who record payouts do it for several shares at once from their 待办.
        "batch_url": f"{reverse('todo:todo')}?queue={_PAYOUT_QUEUE.key}"
        if PAYOUTS.holds(request.user, _PAYOUT_QUEUE)
        else "",
    }
    return render(request, "proposals/payout_ledger.html", context)
