"""What the proposal pages share: constants, the step labels, and small request helpers."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from zhichuang.accounts.models import Worker
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.errors import ApplicationError
from zhichuang.core.forms import CountField
from zhichuang.core.views import error_text

from .. import benefits, rewards, workflow
from ..enums import ProposalState

S = ProposalState
ORG_OPTIONS_MAX = 200
SIMILAR_LIMIT = 8

# Buttons for the generic transition form. Submission, verification and the reward have their own pages/forms.
ACTION_LABELS = {
    S.EVALUATING: (gettext_lazy("Accept for evaluation"), "primary"),
    S.ADOPTED: (gettext_lazy("Adopt"), "success"),
    S.NOT_ADOPTED: (gettext_lazy("Do not adopt"), "outline-danger"),
    S.RETURNED: (gettext_lazy("Return for revision"), "outline-secondary"),
    S.MERGED: (gettext_lazy("Mark as duplicate"), "outline-secondary"),
    S.IMPLEMENTING: (gettext_lazy("Start implementation"), "primary"),
    S.IMPLEMENTED: (gettext_lazy("Implementation completed"), "success"),
    S.WITHDRAWN: (gettext_lazy("Withdraw"), "outline-danger"),
}
OWN_PAGE_TARGETS = {S.SUBMITTED, S.VERIFIED, S.REWARDED}
OUT_OF_DATE = gettext_lazy("The form is out of date. Reload the page and try again.")
# The detail page asks for claims, rewards and recommendations only in the states where they can
# exist: each is made only in the states its service allows, and from there on only along STEPS.
MAY_HAVE_CLAIMS = workflow.states_from(benefits.CLAIMABLE_STATES)
MAY_HAVE_REWARDS = workflow.states_from(rewards.REWARDABLE_STATES)
MAY_HAVE_RECOMMENDATIONS = workflow.states_from(workflow.RECOMMENDABLE_STATES)


def similar_context(hits, **extra) -> dict:
    """What the similar panel (_similar.html) and the form's notice show of the hits: how many are likely
    duplicates, and whether any is another unit's (shown as a card of the few fields it may show)."""
    return {
        "hits": hits,
        "duplicates": sum(hit.likely_duplicate for hit in hits),
        "outside": any(not hit.in_scope for hit in hits),
    } | extra


def _own_worker(user) -> Worker | None:
    return own_worker(user=user)


def _version(request) -> int | None:
    try:
        return CountField().clean(request.POST.get("expected_version") or request.POST.get("version") or "")
    except ValidationError:
        return None


def _back_to(proposal):
    return redirect("proposals:detail", pk=proposal.pk)


def _out_of_date(form) -> str:
    """What a step's form says when it does not validate: without the version it was drawn with (a page from
    before a change, a hand-made request) it is out of date; otherwise its own fields' messages."""
    if "expected_version" in form.errors:
        return str(OUT_OF_DATE)
    return _error_text(ApplicationError(details=form.errors))


_error_text = error_text  # the proposals' pages' name for it
