"""Experts of the pool on a recognition application: the page where the deciding organisation sees the
suggested experts with their reasons and the excluded ones with theirs, and invites some; and the page where
an invited expert reads the one method (its text, steps, effects and enterprise, not its inventors' record)
and scores it with the methods' scorecard."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhichuang.accounts.access import object_required
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error
from zhichuang.experts import matching
from zhichuang.experts import selectors as expert_selectors
from zhichuang.experts.invite import invite_from_request

from .. import selectors, services
from ..access import access_assigned_application, access_review_organiser
from ..enums import ApplicationState
from ..forms import ScoreForm
from ..scorecard import CRITERIA


@object_required(access_review_organiser)
def application_experts(request, application):
    reviewing = application.state == ApplicationState.REVIEWING
    found = matching.match(services.review_item(application)) if reviewing else matching.Match([], [], [])
    form, invited = invite_from_request(
        request, found, partial(services.experts_invite, actor=request.user, application=application)
    )
    if invited:
        return redirect("methods:experts", pk=application.pk)
    context = {
        "application": application,
        "method": application.method,
        "reviewing": reviewing,
        "match": found,
        "form": form,
        "invited": expert_selectors.item_assignments(kind=services.REVIEW_KIND, item_id=application.pk),
        "scores": {s.evaluator_id: s for s in selectors.scores(application)},
    }
    return render(request, "methods/experts.html", context, status=400 if request.method == "POST" else 200)


@object_required(access_assigned_application)
def application_review(request, application):
    mine = selectors.my_score(user=request.user, application=application)
    form = ScoreForm(
        request.POST or None,
        criteria=CRITERIA,
        initial_scores=mine.scores if mine else None,
        initial={"comment": mine.comment if mine else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            score = services.score_record(
                actor=request.user, application=application, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your scores are recorded: %(total)s.") % {"total": score.total})
            return redirect("experts:mine")
    method = application.method
    context = {
        "application": application,
        "method": method,
        "effects": selectors.effects(method),
        "adoptions": selectors.adoptions(method),
        "form": form,
        "open": application.state == ApplicationState.REVIEWING,
        "mine": mine,
    }
    return render(request, "methods/review.html", context, status=400 if request.method == "POST" else 200)
