from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import BoundedDecimalField, FilterSelect, IdField, TextField, id_filter
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

from .enums import ANY_LEVEL, EffectKind, MethodLevel, MethodState
from .models import DESCRIPTION_MAX, NAME_MAX, STEP_MAX, STEPS_MAX
from .services import INVENTORS_MAX

ANY = pgettext_lazy("filter", "Any")
INVENTOR_ROWS = 5  # rows of the form; the service takes up to INVENTORS_MAX


class MethodFilterForm(forms.Form):
    q = TextField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level reached"),
        required=False,
        choices=[("", ANY), (ANY_LEVEL, _("Recognised at any level")), *MethodLevel.choices],
        widget=FilterSelect,
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", ANY), *MethodState.choices], widget=FilterSelect
    )
    field = id_filter(_("Technical field"), _("No such technical field."))
    district = id_filter(_("District"), _("No such district."))
    enterprise = id_filter(_("Enterprise"), _("No such enterprise."))


def _date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        validators=[MinValueValidator(FILTER_DATE_MIN), MaxValueValidator(FILTER_DATE_MAX)],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MethodForm(forms.Form):
    """A method's text and its inventors: up to INVENTOR_ROWS rows of a worker's name and share."""

    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int, choices=())
    name = TextField(label=_("Name"), max_length=NAME_MAX, help_text=_("Usually “<inventor> … 操作法”."))
    trade = TextField(label=_("Trade"), required=False, max_length=50)
    field = forms.TypedChoiceField(label=_("Technical field"), coerce=int, required=False, empty_value=None, choices=())
    description = TextField(
        label=_("Description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    steps = TextField(
        label=_("Steps"),
        required=False,
        max_length=STEPS_MAX * (STEP_MAX + 1),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One step a line, in order."),
    )

    def __init__(self, *args, enterprises=(), fields=(), fixed_enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_enterprise is not None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]
        self.fields["field"].choices = [("", "—"), *((f.pk, f.name) for f in fields)]
        for n in range(1, INVENTOR_ROWS + 1):
            self.fields[f"inventor_{n}"] = TextField(
                label=_("Inventor %(n)d") % {"n": n}, required=n == 1, max_length=50
            )
            self.fields[f"share_{n}"] = BoundedDecimalField(
                label=_("Share (%)"),
                required=n == 1,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            )

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]

    def inventor_rows(self) -> list[tuple[str, object]]:
        rows = []
        for n in range(1, INVENTOR_ROWS + 1):
            name = self.cleaned_data.get(f"inventor_{n}", "").strip()
            if name:
                rows.append((name, self.cleaned_data.get(f"share_{n}")))
        return rows[:INVENTORS_MAX]

    def inventor_pairs(self):
        return [(self[f"inventor_{n}"], self[f"share_{n}"]) for n in range(1, INVENTOR_ROWS + 1)]


class EffectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EffectKind.choices)
    value = BoundedDecimalField(label=_("Measured value"), max_digits=14, decimal_places=2)
    unit = TextField(label=_("Unit"), max_length=20, help_text=_("e.g. %, 万元/年, 分钟/件"))
    description = TextField(label=_("What was measured"), required=False, max_length=200)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class AdoptionForm(forms.Form):
    credit_code = TextField(label=_("Adopting enterprise's unified social credit code"), max_length=18)
    since = _date_field(_("Practised since"))
    benefit = BoundedDecimalField(label=_("Measured benefit"), required=False, max_digits=14, decimal_places=2)
    benefit_unit = TextField(label=_("Unit"), required=False, max_length=20)
    description = TextField(label=_("What was measured"), required=False, max_length=200)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class CoursesForm(forms.Form):
    courses = forms.TypedMultipleChoiceField(
        label=_("Courses that teach it"), coerce=int, required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, trainings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courses"].choices = [(t.pk, t.title) for t in trainings]


class StepForm(forms.Form):
    reason = TextField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = IdField(widget=forms.HiddenInput)


class ApplyForm(forms.Form):
    reason = TextField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("List this method with my name in the public registry"), required=False)


class ScoreForm(forms.Form):
    """One 0–100 score per criterion of the methods' scorecard, and a comment."""

    comment = TextField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion['key']}"] = BoundedDecimalField(
                label=f"{criterion['name']} ({criterion['weight']}%)",
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=(initial_scores or {}).get(criterion["key"]),
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1", "min": 0, "max": 100}),
            )

    def scores(self) -> dict:
        return {c["key"]: self.cleaned_data[f"score_{c['key']}"] for c in self.criteria}


class PublicFilterForm(forms.Form):
    q = TextField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", ANY), *MethodLevel.choices], widget=FilterSelect
    )
