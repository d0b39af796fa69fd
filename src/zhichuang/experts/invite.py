"""Inviting experts of a match from a module's page: the form of the suggestions chosen and by when, and its
POST handled once for every module that has things reviewed (the module's own service invites, and checks who
may)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichuang.core.errors import ApplicationError
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN
from zhichuang.core.views import add_service_error

from .matching import Match


class ExpertInviteForm(forms.Form):
    """The experts of the suggestions chosen to review an item, and by when."""

    experts = forms.TypedMultipleChoiceField(label=gettext_lazy("Experts"), coerce=int, choices=())
    due_on = forms.DateField(
        label=gettext_lazy("Review due"),
        required=False,
        validators=[MinValueValidator(FILTER_DATE_MIN), MaxValueValidator(FILTER_DATE_MAX)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].choices = [(s.expert.pk, s.expert.profile.name) for s in suggestions]


def invite_from_request(request, found: Match, invite: Callable) -> tuple[ExpertInviteForm, bool]:
    """The page's form over the match's suggestions; on a valid POST, invite(experts=[…], due_on=…) the chosen
    ones (the module's service) and say how many. → (form, invited: whether the page should redirect)."""
    form = ExpertInviteForm(request.POST or None, suggestions=found.suggestions)
    if request.method != "POST" or not form.is_valid():
        return form, False
    chosen = {s.expert.pk: s.expert for s in found.suggestions}
    try:
        made = invite(experts=[chosen[pk] for pk in form.cleaned_data["experts"]], due_on=form.cleaned_data["due_on"])
    except ApplicationError as exc:
        add_service_error(form, exc)
        return form, False
    messages.success(request, _("%(count)d experts are invited.") % {"count": len(made)})
    return form, True
