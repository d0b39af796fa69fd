from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import BoundedDecimalField, CountField, FilterSelect, IdField, TextField, id_filter

from .enums import PairState, TrainingState
from .models import DESCRIPTION_MAX

ANY = pgettext_lazy("filter", "Any")
DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TrainingFilterForm(forms.Form):
    q = TextField(label=_("Search title and trade"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", ANY), *TrainingState.choices], widget=FilterSelect
    )


def year_filter(label):
    return CountField(label=label, required=False, min_value=1900, max_value=2100)


class CompletionFilterForm(forms.Form):
    year = year_filter(_("Year completed"))
    district = id_filter(_("District"), _("No such district."))
    enterprise = id_filter(_("Enterprise"), _("No such enterprise."))
    worker = id_filter(_("Worker"), _("No such worker."))


class PairFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", ANY), *PairState.choices], widget=FilterSelect
    )
    district = id_filter(_("District"), _("No such district."))
    enterprise = id_filter(_("Enterprise"), _("No such enterprise."))
    started = year_filter(_("Year started"))
    assessed = year_filter(_("Year assessed"))


class TrainingForm(forms.Form):
    organizer = forms.TypedChoiceField(label=_("Organiser"), coerce=int)
    title = TextField(label=_("Title"), max_length=100)
    subject = TextField(label=_("Field"), max_length=50, required=False)
    trade = TextField(label=_("Trade"), max_length=50, required=False)
    description = TextField(
        label=_("Description"), max_length=DESCRIPTION_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    teacher = forms.TypedChoiceField(
        label=_("Teacher (from the talent pool)"), coerce=int, required=False, empty_value=None
    )
    capacity = CountField(label=_("Capacity"), min_value=1, max_value=10_000)
    hours = BoundedDecimalField(label=_("Hours credited on completion"), max_digits=5, decimal_places=1, min_value=0.1)
    attendance_share = CountField(label=_("Attendance required (%)"), min_value=1, max_value=100, initial=80)

    def __init__(self, *args, organizers=(), teachers=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].choices = [(o.pk, o.name) for o in organizers]
        self.fields["teacher"].choices = [("", "—"), *((t.pk, t.name) for t in teachers)]
        if editing:
            del self.fields["organizer"]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Starts"), widget=TIME)
    ends_at = forms.TimeField(label=_("Ends"), widget=TIME)
    place = TextField(label=_("Place"), max_length=100)
    hours = BoundedDecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=0.1, max_value=24)


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("Material"))


class EnrolWorkerForm(forms.Form):
    worker = IdField(label=_("Worker"))


class RollCallForm(forms.Form):
    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False)

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, e.worker.name) for e in enrolments]


class PairForm(forms.Form):
    master = forms.TypedChoiceField(label=_("Master"), coerce=int)
    apprentice = IdField(label=_("Apprentice"))
    trade = TextField(label=_("Trade"), max_length=50)
    goals = TextField(label=_("Goals"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    know_how = TextField(
        label=_("Know-how to pass on"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)

    def __init__(self, *args, masters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["master"].choices = [
            (m.pk, f"{m.name}（{m.organization.name if m.organization else ''}）") for m in masters
        ]


class MilestoneForm(forms.Form):
    title = TextField(label=_("Milestone"), max_length=100)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    note = TextField(label=_("Note"), max_length=500, required=False)


class AssessForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Passed")), ("0", _("Failed"))],
        widget=forms.RadioSelect,
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    note = TextField(
        label=_("Assessment note"), max_length=DESCRIPTION_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = CountField(widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    version = CountField(widget=forms.HiddenInput, required=False)


class VerifyForm(forms.Form):
    code = TextField(label=_("Verification code"), max_length=16)
