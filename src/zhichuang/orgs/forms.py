"""The organisation list's filters: they parse and check; organization_list reads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import TextField, id_filter

from .enums import OrgKind


class OrgFilterForm(forms.Form):
    q = TextField(label=_("Name or credit code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices])
    # From links (an organisation's page, the tree): everything under it, or its direct children.
    within = id_filter(None, _("No such organisation."), widget=forms.HiddenInput)
    parent_id = id_filter(None, _("No such organisation."), widget=forms.HiddenInput)
    industry = TextField(label=_("Industry code"), required=False, max_length=2)
