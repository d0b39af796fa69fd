from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import CountField, FilterSelect, IdField, TextField, id_filter
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN
from zhichuang.orgs.forms import industry_filter
from zhichuang.orgs.industries import division_choices

from .enums import ExpertState, ExpertTitle
from .models import TechnicalField
from .selectors import AVAILABLE, BUSY
from .services import EXPERTISE_MAX, NOTE_MAX, YEARLY_LIMIT_MAX

ANY = pgettext_lazy("filter", "Any")


def _date(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        validators=[MinValueValidator(FILTER_DATE_MIN), MaxValueValidator(FILTER_DATE_MAX)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ExpertFilterForm(forms.Form):
    q = TextField(label=_("Search"), required=False, max_length=100)
    field = id_filter(_("Technical field"), _("No such technical field."))
    industry = industry_filter(_("Industry"))
    district = id_filter(_("District"), _("No such district."))
    title = forms.ChoiceField(
        label=_("Professional title"),
        required=False,
        choices=[("", ANY), *[c for c in ExpertTitle.choices if c[0]]],
        widget=FilterSelect,
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", ANY), *ExpertState.choices], widget=FilterSelect
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[("", ANY), (AVAILABLE, _("Available now")), (BUSY, _("Busy"))],
        widget=FilterSelect,
    )


class ExpertFieldsForm(forms.Form):
    title = forms.ChoiceField(label=_("Professional title"), required=False, choices=ExpertTitle.choices)
    fields = forms.ModelMultipleChoiceField(
        label=_("Technical fields"),
        required=False,
        queryset=TechnicalField.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    industries = forms.MultipleChoiceField(label=_("Industries (GB/T 4754)"), required=False, choices=division_choices)
    expertise = TextField(label=_("Fields of expertise"), required=False, max_length=EXPERTISE_MAX)
    employer_credit_code = TextField(label=_("Employer's unified social credit code"), required=False, max_length=18)
    district = IdField(label=_("District"), required=False)
    busy_until = _date(_("Busy until"))
    yearly_limit = CountField(label=_("Reviews a year at most"), min_value=1, max_value=YEARLY_LIMIT_MAX)


class NewExpertForm(ExpertFieldsForm):
    """A person of the talent pool (their profile), or a person outside it by name (a partner
    organisation's, or independent): their profile is made with the membership."""

    profile = IdField(label=_("Talent profile"), required=False, widget=forms.HiddenInput)
    name = TextField(label=_("Name"), required=False, max_length=50)
    organization = IdField(label=_("Partner organisation"), required=False)
    field_order = ["profile", "name", "organization"]

    def clean(self):
        data = super().clean()
        if not data.get("profile") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the person's name, or choose them in the talent pool."))
        return data


class DecisionForm(forms.Form):
    reason = TextField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    term_start = _date(_("Term starts"))
    term_end = _date(_("Term ends"))
    expected_version = CountField(widget=forms.HiddenInput)


class ConflictForm(forms.Form):
    credit_code = TextField(label=_("Organisation's unified social credit code"), required=False, max_length=18)
    person = IdField(label=_("Person (talent profile number)"), required=False)
    note = TextField(label=_("Relation"), required=False, max_length=NOTE_MAX)


class ReviewDeclineForm(forms.Form):
    reason = TextField(label=_("Reason"), required=False, max_length=2000)
    expected_version = CountField(widget=forms.HiddenInput)
