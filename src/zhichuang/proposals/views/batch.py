"""Batch actions from 待办: accept several submitted proposals, record several payouts with one voucher.

Only rows that wait on the user are acted on: the ids are looked up in the user's own queue."""

from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import permission_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.forms import TextField, parse_id
from zhichuang.core.views import back_to
from zhichuang.todo.selectors import forget_menu_count

from .. import rewards, workflow
from ..enums import ProposalState
from ..permissions import ProposalPerm
from ..todo import PAYOUTS, PROPOSALS

BATCH_MAX = 100


def _chosen(request, source, key: str):
    ids = {parse_id(value) for value in request.POST.getlist("ids")[:BATCH_MAX]} - {None}
    return list(source.rows(request.user, source.queue(key)).filter(pk__in=ids)) if ids else []


def _back(request, key: str):
    return back_to(request, f"{reverse('todo:todo')}?queue={key}")


@require_POST
@permission_required(ProposalPerm.VIEW)
def batch_accept(request):
    key = "proposals.submitted"
    chosen = _chosen(request, PROPOSALS, key)
    if not chosen:
        messages.error(request, _("Choose the proposals to accept."))
        return _back(request, key)
    refused = []
    for proposal in chosen:
        try:
            workflow.proposal_transition(actor=request.user, proposal=proposal, to_state=ProposalState.EVALUATING)
        except ApplicationError as exc:
            refused.append(f"{proposal.number}: {exc.message}")
    forget_menu_count(request.user)
    accepted = len(chosen) - len(refused)
    if accepted:
        messages.success(request, _("Accepted %(count)d proposals for evaluation.") % {"count": accepted})
    if refused:
        messages.error(request, _("Not accepted: %(list)s") % {"list": "; ".join(refused)})
    return _back(request, key)


class BatchPayoutForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"))
    voucher_no = TextField(label=_("Voucher number"), max_length=50)


@require_POST
@permission_required(ProposalPerm.VIEW)
def batch_pay(request):
    key = "proposals.payout_pending"
    form = BatchPayoutForm(request.POST)
    chosen = _chosen(request, PAYOUTS, key)
    if not form.is_valid():
        errors = "; ".join(f"{form.fields[name].label}: {' '.join(e)}" for name, e in form.errors.items())
        messages.error(request, errors)
        return _back(request, key)
    try:
        paid = rewards.payouts_mark_paid(actor=request.user, shares=chosen, **form.cleaned_data)
    except ApplicationError as exc:
        details = (
            "; ".join(" ".join(map(str, v)) for v in (exc.details or {}).values())
            if isinstance(exc.details, dict)
            else ""
        )
        messages.error(request, f"{exc.message} {details}".strip())
    else:
        forget_menu_count(request.user)
        total = sum(share.amount for share in chosen)
        messages.success(
            request,
            _("Recorded %(count)d payouts, ¥%(total)s in all, with voucher %(voucher)s.")
            % {"count": paid, "total": f"{total:,.2f}", "voucher": form.cleaned_data["voucher_no"]},
        )
    return _back(request, key)
