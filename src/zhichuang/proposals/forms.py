"""Forms of the proposal pages: they parse and check input; the services decide and write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import (
    BoundedDecimalField,
    CountField,
    IdField,
    TextField,
    YesNoFilter,
    date_filter,
    id_filter,
)
from zhichuang.orgs.forms import industry_filter

from .enums import (
    BenefitCategory,
    BenefitType,
    Grade,
    ProposalKind,
    ProposalState,
    RecommendationLevel,
)

ATTACHMENT_ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
# More proposer rows than any team: the rest is not read.
MEMBER_ROWS_MAX = 50


class ProposalForm(forms.Form):
    """What a worker types. Drafts accept anything partial; submission checks completeness in the service."""

    title = TextField(
        label=_("Title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. A locating pin for the welding jig"), "maxlength": 200}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose…")), *ProposalKind.choices], required=False)
    problem = TextField(
        label=_("Current situation and problem"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What goes wrong now, where, how often?")}),
    )
    change = TextField(
        label=_("Proposed change"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What should be done differently?")}),
    )
    expected_benefit = TextField(
        label=_("Expected benefit"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("What it saves or improves, roughly")}),
    )
    benefit_types = forms.MultipleChoiceField(
        label=_("Kinds of benefit"),
        choices=BenefitType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    campaign = forms.TypedChoiceField(label=_("Campaign"), required=False, coerce=int, empty_value=None)
    keywords = TextField(
        label=_("Keywords"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Separate with spaces")}),
    )
    public_consent = forms.BooleanField(
        label=_("If this becomes an excellent result, it may be shown publicly (without personal data)"),
        required=False,
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("None")), *((c.pk, c.title) for c in campaigns)]

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()}


class ColleagueSearchForm(forms.Form):
    """The start of a colleague's name, to add them as a co-proposer."""

    q = TextField(required=False, max_length=50)


class MemberRowForm(forms.Form):
    """One proposer row of the proposal form: a colleague's id and a share in percent."""

    member = IdField()
    share = BoundedDecimalField(min_value=0, max_value=100, max_digits=5, decimal_places=2)


MEMBER_ROWS_INVALID = _("Each proposer row needs a colleague from the list and a share of at most 100, to 0.01.")


def parse_members(post, lead) -> list[tuple[int, object]]:
    """[(worker id, share)] from the member rows of the form; the lead is always among them.

    A row that no form could have sent (an id no record can have, a share that is not a finite
    number within 0–100) raises ValidationError(MEMBER_ROWS_INVALID): nothing is saved.
    """
    ids, shares = post.getlist("member"), post.getlist("share")
    if len(ids) > MEMBER_ROWS_MAX:
        raise forms.ValidationError(MEMBER_ROWS_INVALID, code="members")
    rows = []
    for worker_id, share in zip(ids, shares, strict=False):
        row = MemberRowForm({"member": worker_id, "share": share})
        if not row.is_valid():
            raise forms.ValidationError(MEMBER_ROWS_INVALID, code="members")
        rows.append((row.cleaned_data["member"], row.cleaned_data["share"]))
    if not rows:
        rows = [(lead.pk, "100")]
    return rows


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=ProposalState.choices, widget=forms.HiddenInput)
    expected_version = CountField(widget=forms.HiddenInput)
    reason = TextField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    merged_into = TextField(label=_("Duplicate of (proposal number)"), required=False, max_length=20)
    evidence = TextField(
        label=_("What was done"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VersionForm(forms.Form):
    expected_version = CountField(widget=forms.HiddenInput)
    reason = TextField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EvaluationForm(forms.Form):
    """One 0–100 score per criterion of the scorecard in use, and a comment."""

    comment = TextField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, scorecard, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = scorecard.criteria
        for criterion in self.criteria:
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


class ClaimForm(forms.Form):
    expected_version = CountField(required=False, widget=forms.HiddenInput)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period until"), widget=forms.DateInput(attrs={"type": "date"}))
    implementation_cost = BoundedDecimalField(
        label=_("Implementation cost (yuan)"),
        min_value=0,
        decimal_places=2,
        max_digits=14,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class LineForm(forms.Form):
    # A blank first choice keeps an untouched extra line empty (unchanged), so it is skipped.
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *BenefitCategory.choices])
    description = TextField(label=_("Description"), max_length=200)
    quantity = BoundedDecimalField(
        label=_("Quantity"),
        min_value=0,
        decimal_places=3,
        max_digits=14,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    unit = TextField(label=_("Unit"), max_length=20, required=False)
    unit_price = BoundedDecimalField(
        label=_("Unit price (yuan)"),
        min_value=0,
        decimal_places=2,
        max_digits=14,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    evidence = forms.FileField(label=_("Evidence"), required=False)
    keep_evidence = TextField(required=False, max_length=200, widget=forms.HiddenInput)

    def service_line(self) -> dict:
        data = self.cleaned_data
        line = {name: data[name] for name in ("category", "description", "quantity", "unit", "unit_price")}
        evidence = data.get("evidence") or data.get("keep_evidence") or None
        if evidence is not None:
            line["evidence"] = evidence
        return line


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [f.service_line() for f in self.forms if f.has_changed() and not self._should_delete_form(f)]


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=1, can_delete=True)


class TagForm(forms.Form):
    benefit_type = forms.ChoiceField(
        label=_("Kind of benefit"),
        choices=[("", "—"), *((v, label) for v, label in BenefitType.choices if v != BenefitType.ECONOMIC)],
    )
    description = TextField(label=_("Description"), max_length=500)


TagFormSet = forms.formset_factory(TagForm, extra=1, can_delete=True)


class CorrectionForm(forms.Form):
    # The claim's version the form was shown with: a correction someone recorded meanwhile is not overwritten.
    expected_version = CountField(widget=forms.HiddenInput)
    reason = TextField(label=_("Reason for the correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    implementation_cost = BoundedDecimalField(
        label=_("Implementation cost (yuan)"), min_value=0, decimal_places=2, max_digits=14
    )


class CampaignForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Run by"), coerce=int)
    title = TextField(label=_("Title"), max_length=200)
    theme = TextField(label=_("Theme"), max_length=100, required=False)
    description = TextField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))
    target_count = CountField(label=_("Target number of proposals"), initial=0)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]


class ListChoiceField(forms.MultipleChoiceField):
    """One or more values of a repeated query parameter (?state=a&state=b); an empty choice means any."""

    def to_python(self, value):
        return [v for v in super().to_python(value) if v]


class ProposalFilterForm(forms.Form):
    q = TextField(label=_("Search"), required=False, max_length=100)
    state = ListChoiceField(label=_("State"), required=False, choices=ProposalState.choices)
    kind = ListChoiceField(label=_("Kind"), required=False, choices=ProposalKind.choices)
    recommended_level = forms.ChoiceField(
        label=_("Recommended"),
        required=False,
        choices=[("", pgettext_lazy("filter", "Any")), *RecommendationLevel.choices],
    )
    campaign = id_filter(None, _("No such campaign."), widget=forms.HiddenInput)
    district = id_filter(_("District"), _("No such district."))
    enterprise = id_filter(_("Enterprise"), _("No such enterprise."))
    # Where the scope holds too many enterprises to list (proposals.views.ORG_OPTIONS_MAX).
    enterprise_name = TextField(label=_("Enterprise name"), required=False, max_length=50)
    industry = industry_filter(_("Industry"))
    date_from = date_filter(_("Submitted from"))
    date_to = date_filter(_("Submitted until"))
    benefit_min = BoundedDecimalField(label=_("Net benefit at least"), required=False, decimal_places=2, max_digits=14)
    benefit_max = BoundedDecimalField(label=_("Net benefit at most"), required=False, decimal_places=2, max_digits=14)
    overdue = YesNoFilter(
        label=_("Deadline"),
        any_label=pgettext_lazy("filter", "Any"),
        yes=("1", _("Overdue only")),
        no=("0", _("Not overdue")),
    )


class ProposerFilterForm(forms.Form):
    """The proposers' list: the period and district (or enterprise) a count of proposers was made for."""

    date_from = date_filter(_("Submitted from"))
    date_to = date_filter(_("Submitted until"))
    district = id_filter(_("District"), _("No such district."), widget=forms.HiddenInput)
    enterprise = id_filter(_("Enterprise"), _("No such enterprise."), widget=forms.HiddenInput)


# ---- proposal settings (scorecard, reward rule, service deadlines) ----------------------------------

GRADES = (Grade.FIRST, Grade.SECOND, Grade.THIRD)


class CriterionForm(forms.Form):
    key = TextField(required=False, max_length=40, widget=forms.HiddenInput)
    name = TextField(label=_("Criterion"), max_length=50)
    weight = BoundedDecimalField(
        label=_("Weight"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[dict]:
        """The kept rows as the service's criteria; a new row gets a key no other row uses."""
        rows = [f.cleaned_data for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        used = {row["key"] for row in rows if row.get("key")}
        number = 0
        criteria = []
        for row in rows:
            key = row.get("key")
            if not key:
                number += 1
                while f"criterion{number}" in used:
                    number += 1
                key = f"criterion{number}"
                used.add(key)
            criteria.append({"key": key, "name": row["name"], "weight": row["weight"]})
        return criteria


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True)


def _score_field(label):
    return BoundedDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )


class ThresholdForm(forms.Form):
    """The minimum score of each grade; a grade left blank is not awarded."""

    first = _score_field(Grade.FIRST.label)
    second = _score_field(Grade.SECOND.label)
    third = _score_field(Grade.THIRD.label)

    def thresholds(self) -> list[dict]:
        data = self.cleaned_data
        return [{"grade": g.value, "min_score": data[g.value]} for g in GRADES if data.get(g.value) is not None]


def _amount_field(label, required=True):
    return BoundedDecimalField(
        label=label,
        required=required,
        min_value=0,
        decimal_places=2,
        max_digits=12,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class RewardRuleForm(forms.Form):
    # ISO format whatever the language: a date input shows nothing for any other.
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    first = _amount_field(_("First grade (yuan)"))
    second = _amount_field(_("Second grade (yuan)"))
    third = _amount_field(_("Third grade (yuan)"))
    benefit_percent = BoundedDecimalField(
        label=_("Share of verified net benefit (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    cap = _amount_field(_("Cap (yuan, blank for none)"), required=False)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "effective_from": data["effective_from"],
            "grade_amounts": {g.value: data[g.value] for g in GRADES},
            "benefit_percent": data["benefit_percent"],
            "cap": data["cap"],
        }


class DeadlineForm(forms.Form):
    """Days allowed for each waiting step."""

    def __init__(self, *args, steps=(), **kwargs):
        """steps: [(state, where its current deadline comes from)]."""
        super().__init__(*args, **kwargs)
        for state, source in steps:
            self.fields[state] = CountField(
                label=ProposalState(state).label,
                help_text=source,
                min_value=1,
                max_value=365,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )


class RankingForm(forms.Form):
    """The enterprise ranking's year, district, kind and order (proposals.ranking)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    district = forms.TypedChoiceField(label=_("District"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProposalKind.choices])
    by = forms.ChoiceField(label=_("Rank by"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years, districts, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {org.pk: org for org in districts}
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["district"].choices = [("", _("All districts"))] + [(o.pk, o.name) for o in districts]
        if len(districts) < 2:
            del self.fields["district"]
        self.fields["by"].choices = list(orders.items())
