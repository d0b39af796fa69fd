"""Batch actions from 待办: accept several submitted proposals (several payouts with one voucher: payouts.views).

Only rows that wait on the user are acted on: the ids are looked up in the user's own queue."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import permission_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.forms import parse_id
from zhichuang.core.views import back_to
from zhichuang.todo.selectors import forget_menu_count

from .. import workflow
from ..enums import ProposalState
from ..permissions import ProposalPerm
from ..todo import PROPOSALS

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
