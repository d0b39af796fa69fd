"""Experts of the pool on a proposal: the page where its enterprise's (or district's) administrator sees the
suggested and the excluded experts with their reasons and invites some, and the page where an invited
expert reads the one proposal and scores it with the enterprise's scorecard."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhichuang.accounts.access import object_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error
from zhichuang.experts import selectors as expert_selectors
from zhichuang.experts.invite import invite_from_request

from .. import evaluation, selectors
from ..access import access_assigned_proposal, access_managed_proposal
from ..enums import ProposalState
from ..forms import EvaluationForm


@object_required(access_managed_proposal)
def proposal_experts(request, proposal):
    evaluating = proposal.state == ProposalState.EVALUATING
    found = evaluation.experts_match(user=request.user, proposal=proposal)
    form, invited = invite_from_request(
        request, found, partial(evaluation.experts_invite, actor=request.user, proposal=proposal)
    )
    if invited:
        return redirect("proposals:experts", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "evaluating": evaluating,
        "match": found,
        "form": form,
        "invited": expert_selectors.item_assignments(kind=evaluation.REVIEW_KIND, item_id=proposal.pk),
    }
    return render(request, "proposals/experts.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_assigned_proposal)
def proposal_review(request, proposal):
    scorecard = evaluation.scorecard_for(proposal.enterprise)
    mine = selectors.my_evaluation(user=request.user, proposal=proposal)
    form = EvaluationForm(
        request.POST or None,
        scorecard=scorecard,
        initial_scores=mine.scores if mine else None,
        initial={"comment": mine.comment if mine else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = evaluation.evaluation_record(
                actor=request.user, proposal=proposal, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your scores are recorded: %(total)s.") % {"total": record.total})
            return redirect("experts:mine")
    context = {
        "proposal": proposal,
        "form": form,
        "open": proposal.state == ProposalState.EVALUATING,
        "mine": mine,
    }
    return render(request, "proposals/review.html", context, status=400 if request.method == "POST" else 200)
