"""The organisation list's filters: they parse and check; organization_list reads."""

from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import FilterSelect, TextField, id_filter

from . import industries
from .enums import OrgKind


@cache
def _industry_choices():
    # Built once: the names are fixed and "Any industry" stays lazy, translated where it is shown.
    return [("", _("Any industry")), *((code, f"{code} {d.name}") for code, d in sorted(industries.DIVISIONS.items()))]


def industry_filter(label) -> forms.ChoiceField:
    """A GB/T 4754-2017 division, chosen by its name ("38 电气机械和器材制造业"); the API's enum of the codes."""
    return forms.ChoiceField(label=label, required=False, choices=_industry_choices, widget=FilterSelect)


class OrgFilterForm(forms.Form):
    q = TextField(label=_("Name or credit code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices])
    # From links (an organisation's page, the tree): everything under it, or its direct children.
    within = id_filter(None, _("No such organisation."), widget=forms.HiddenInput)
    parent_id = id_filter(None, _("No such organisation."), widget=forms.HiddenInput)
    industry = industry_filter(_("Industry"))
