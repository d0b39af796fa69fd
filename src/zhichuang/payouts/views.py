"""The payout ledger, a worker's own payouts, and recording payouts one at a time or with one voucher."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import object_required, own_records, permission_required
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import ApplicationError, NotFound
from zhichuang.core.forms import parse_id
from zhichuang.core.money import yuan
from zhichuang.core.views import CountCapped, back_to, error_text, paginate
from zhichuang.todo.selectors import forget_menu_count, timeline_next

from . import selectors, services
from .access import access_payout
from .enums import PayoutStatus
from .forms import BatchPayForm, PayForm
from .listings import LEDGER
from .models import Payout
from .permissions import PayoutPerm
from .todo import PAYOUTS

_QUEUE = PAYOUTS.queue("payouts.pending")
BATCH_MAX = 100


def _rows(payouts):
    """Each payout with the words of its kind."""
    for payout in payouts:
        payout.kind_label = selectors.kind_label(payout)
    return payouts


@permission_required(PayoutPerm.VIEW)
def ledger(request):
    """What the organisations in the user's scope owe and have paid: totals, and every payout of the
    filters (listings.LEDGER, which the export reads the same way)."""
    try:
        result = LEDGER.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    payouts = result.selection and result.selection.rows
    # Counted to 100: a district's owed payouts are found by joining the city's (1,000: 66-76 ms at 1M).
    page = paginate(request, None if payouts is None else CountCapped(payouts, 100))
    _rows(page.rows)
    form = result.form
    context = {
        "form": form,
        "page": page,
        "empty_text": _("Correct the filters above to see the list.") if payouts is None else "",
        # Of the kind chosen, all years (the page says so when a year is chosen).
        "totals": selectors.payout_totals(
            user=request.user, kind=form.cleaned_data.get("kind", "") if form.is_bound else ""
        ),
        "status": form.cleaned_data.get("status", "") if form.is_bound else "",
        "statuses": PayoutStatus.choices,
        "paid": PayoutStatus.PAID,
        "export_max": LEDGER.row_cap,
        # Those who pay record several at once from their 待办.
        "batch_url": f"{reverse('todo:todo')}?queue={_QUEUE.key}" if PAYOUTS.holds(request.user, _QUEUE) else "",
    }
    return render(request, "payouts/ledger.html", context, status=400 if result.invalid else 200)


@permission_required(PayoutPerm.VIEW)
def export(request):
    return listing_export(request, LEDGER)


@own_records
def mine(request):
    """The worker's own rewards of every kind, owed and paid."""
    page = paginate(request, selectors.my_payouts(user=request.user))
    _rows(page.rows)
    context = {"page": page, "totals": selectors.my_payout_totals(user=request.user), "paid": PayoutStatus.PAID}
    return render(request, "payouts/mine.html", context)


@object_required(access_payout)
def detail(request, payout):
    """One payout: what it is for, who owes whom, its steps, who pays it next (催办), and the pay form for
    those who pay. Seen by the ledger's viewers in scope and by the payee; a 404 for anyone else."""
    _rows([payout])
    payout.record_url = selectors.record_url_for(request.user, payout)
    context = {
        "payout": payout,
        "history": list(payout.transitions.select_related("actor")),
        "next": timeline_next(request.user, PAYOUTS, payout),
        "may_pay": payout.status == PayoutStatus.PENDING and has_perm(request.user, PayoutPerm.PAY, payout.payer),
        "paid": PayoutStatus.PAID,
    }
    return render(request, "payouts/detail.html", context)


def _form_errors(form) -> str:
    """What a payout form says when it does not validate: without the version it was drawn with (a page
    from before a change, a hand-made request) it is out of date; otherwise its own fields' messages."""
    if "expected_version" in form.errors:
        return _("The form is out of date. Reload the page and try again.")
    return "; ".join(f"{form.fields[name].label}: {' '.join(e)}" for name, e in form.errors.items())


@require_POST
@permission_required(PayoutPerm.PAY)
def pay(request, pk):
    """Record one payout, from the page of the record it is for (its form's `next`) or the ledger."""
    payout = selectors.payout_list(user=request.user).filter(pk=pk).first()
    if payout is None:
        raise Http404
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back_to(request, "payouts:ledger")
    try:
        services.payout_mark_paid(actor=request.user, payout=payout, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
    else:
        forget_menu_count(request.user)
        messages.success(
            request, _("Paid to %(name)s: %(amount)s.") % {"name": payout.payee.name, "amount": yuan(payout.amount)}
        )
    return back_to(request, "payouts:ledger")


@require_POST
@permission_required(PayoutPerm.PAY)
def batch_pay(request):
    """Record several payouts made with one voucher on one day, chosen in 待办 (only rows waiting on the
    user are looked up): all of them, or none."""
    back = f"{reverse('todo:todo')}?queue={_QUEUE.key}"
    form = BatchPayForm(request.POST)
    ids = {parse_id(value) for value in request.POST.getlist("ids")[:BATCH_MAX]} - {None}
    chosen: list[Payout] = list(PAYOUTS.rows(request.user, _QUEUE).filter(pk__in=ids)) if ids else []
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back_to(request, back)
    try:
        paid = services.payouts_mark_paid(
            actor=request.user,
            payouts=chosen,
            paid_on=form.cleaned_data["paid_on"],
            voucher_no=form.cleaned_data["voucher_no"],
        )
    except ApplicationError as exc:
        messages.error(request, error_text(exc))
    else:
        forget_menu_count(request.user)
        total = sum(payout.amount for payout in chosen)
        messages.success(
            request,
            _("Recorded %(count)d payouts, %(total)s in all, with voucher %(voucher)s.")
            % {"count": paid, "total": yuan(total), "voucher": form.cleaned_data["voucher_no"]},
        )
    return back_to(request, back)
