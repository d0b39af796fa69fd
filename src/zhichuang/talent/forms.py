from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.accounts.enums import ProfessionalTitle, SkillLevel
from zhichuang.core.forms import BoundedDecimalField, CountField, FilterSelect, IdField, TextField, id_filter
from zhichuang.orgs.forms import industry_filter

from . import eligibility
from .enums import ConsentPart, HonourCategory, HonourLevel, TalentCategory
from .models import BIOGRAPHY_MAX

ANY = pgettext_lazy("filter", "Any")


class TalentFilterForm(forms.Form):
    q = TextField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", ANY), *TalentCategory.choices], widget=FilterSelect
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", ANY), *HonourLevel.choices], widget=FilterSelect
    )
    honour_type = id_filter(_("Honour"), _("No such honour."))
    district = id_filter(_("District"), _("No such district."))
    industry = industry_filter(_("Industry"))
    skill_level = forms.TypedChoiceField(
        label=_("Skill level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", ANY), *SkillLevel.choices],
        widget=FilterSelect,
    )


class ProfileFieldsForm(forms.Form):
    position = TextField(label=_("Position"), required=False, max_length=50)
    enterprise_head = forms.BooleanField(label=_("Enterprise head (general manager, director, …)"), required=False)
    professional_title = forms.ChoiceField(
        label=_("Professional title"), required=False, choices=ProfessionalTitle.choices
    )
    expertise = TextField(
        label=_("Fields of expertise"),
        required=False,
        max_length=300,
        help_text=_("Separated by 、 (数控加工、液压系统维修)."),
    )
    biography = TextField(
        label=_("Biography"), required=False, max_length=BIOGRAPHY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.ImageField(label=_("Photo"), required=False)


class WorkerProfileForm(ProfileFieldsForm):
    worker = IdField(label=_("Worker"), widget=forms.HiddenInput, error_messages={"required": _("Choose a worker.")})
    field_order = ["worker"]


class ExternalProfileForm(ProfileFieldsForm):
    name = TextField(label=_("Name"), max_length=50)
    organization = forms.TypedChoiceField(
        label=_("Partner organisation"), required=False, coerce=int, empty_value=None, choices=()
    )
    field_order = ["name", "organization"]

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("Independent"))] + [(o.pk, o.name) for o in partners]
        del self.fields["enterprise_head"]


class ConsentForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("Show on the public talent pages"),
        required=False,
        choices=ConsentPart.choices,
        widget=forms.CheckboxSelectMultiple,
    )


def _year_field():
    this_year = timezone.localdate().year
    return CountField(
        label=_("Year"),
        min_value=1950,
        max_value=this_year,
        validators=[MinValueValidator(1950), MaxValueValidator(this_year)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class HonourForm(forms.Form):
    honour_type = forms.TypedChoiceField(label=_("Honour"), coerce=int, choices=())
    year = CountField(label=_("Year"), min_value=1950, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    issuing_body = TextField(label=_("Issuing body"), required=False, max_length=100)
    certificate_no = TextField(label=_("Certificate number"), required=False, max_length=50)
    evidence = forms.FileField(label=_("Evidence (certificate, document)"), required=False)
    reason = TextField(
        label=_("Note for the district"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, types=(), fixed_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field()
        if fixed_type is not None:
            del self.fields["honour_type"]
        else:
            self.fields["honour_type"].choices = [("", _("Choose an honour"))] + [
                (t.pk, f"{t.name}（{t.get_level_display()}）") for t in types
            ]
        self.order_fields(["honour_type", "year", "issuing_body", "certificate_no", "evidence", "reason"])


class DecisionForm(forms.Form):
    reason = TextField(label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    version = IdField(widget=forms.HiddenInput)


class SkillLevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Skill level"), coerce=int, choices=[("", "—"), *SkillLevel.choices])
    awarded_on = forms.DateField(label=_("Date awarded"), widget=forms.DateInput(attrs={"type": "date"}))
    certificate_no = TextField(label=_("Certificate number"), required=False, max_length=50)
    issuing_body = TextField(label=_("Issuing body"), required=False, max_length=100)
    evidence = forms.FileField(label=_("Evidence (certificate)"), required=False)


class SkillDecisionForm(forms.Form):
    certificate_no = TextField(label=_("Certificate number"), required=False, max_length=50)


class HonourTypeForm(forms.Form):
    """An honour of the city's list with its eligibility rules, each rule a field of its own."""

    name = TextField(label=_("Honour"), max_length=60)
    category = forms.ChoiceField(label=_("Category"), choices=HonourCategory.choices)
    level = forms.ChoiceField(label=_("Level"), choices=HonourLevel.choices)
    issuing_body = TextField(label=_("Issuing body"), required=False, max_length=100)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    min_skill_level = forms.TypedChoiceField(
        label=_("Skill level at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No such rule")), *SkillLevel.choices],
    )
    results_years = CountField(label=_("Years of results at least"), required=False, min_value=1, max_value=50)
    min_adopted = CountField(label=_("Adopted proposals at least"), required=False, min_value=1, max_value=10_000)
    min_savings = BoundedDecimalField(
        label=_("Verified savings a year at least (yuan)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
    )
    not_enterprise_head = forms.BooleanField(label=_("Not an enterprise head"), required=False)
    holds_category = forms.ChoiceField(
        label=_("Already holds an honour of the category"),
        required=False,
        choices=[("", _("No such rule")), *HonourCategory.choices],
    )
    holds_level = forms.ChoiceField(
        label=_("… at this level or higher"), required=False, choices=[("", "—"), *HonourLevel.choices]
    )

    RULE_FIELDS = ("min_skill_level", "results_years", "min_adopted", "min_savings", "not_enterprise_head")

    def clean(self):
        data = super().clean()
        if bool(data.get("holds_category")) != bool(data.get("holds_level")):
            self.add_error("holds_level", _("Choose both the category and the level, or neither."))
        return data

    def rules(self) -> list[dict]:
        data = self.cleaned_data
        rules = []
        for name, key in (
            ("min_skill_level", "level"),
            ("results_years", "years"),
            ("min_adopted", "count"),
            ("min_savings", "yuan"),
        ):
            if data.get(name) not in (None, ""):
                rules.append({"rule": name, key: str(data[name]) if name == "min_savings" else data[name]})
        if data.get("not_enterprise_head"):
            rules.append({"rule": "not_enterprise_head"})
        if data.get("holds_category") and data.get("holds_level"):
            rules.append({"rule": "holds_honour", "category": data["holds_category"], "level": data["holds_level"]})
        return eligibility.clean_rules(rules)

    @classmethod
    def initial_for(cls, honour_type) -> dict:
        initial = {
            "name": honour_type.name,
            "category": honour_type.category,
            "level": honour_type.level,
            "issuing_body": honour_type.issuing_body,
            "active": honour_type.active,
        }
        keys = {"min_skill_level": "level", "results_years": "years", "min_adopted": "count", "min_savings": "yuan"}
        for rule in honour_type.rules or []:
            name = rule.get("rule")
            if name in keys:
                initial[name] = rule[keys[name]]
            elif name == "not_enterprise_head":
                initial[name] = True
            elif name == "holds_honour":
                initial["holds_category"], initial["holds_level"] = rule["category"], rule["level"]
        return initial
