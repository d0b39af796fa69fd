"""The audit log's filters (audit.listings.AUDIT_LOG): the form parses and checks them; audit_entry_list reads."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import TextField, date_filter

from .labels import action_choices, object_type_choices


def _choices(registered):
    """An "any" choice, then the registered ones: read when the form is built, so every module has declared."""
    return lambda: [("", pgettext_lazy("filter", "Any")), *registered()]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=_choices(action_choices),
        error_messages={"invalid_choice": _("There is no such action: choose one from the list.")},
    )
    actor = TextField(label=_("Actor (username)"), required=False, max_length=150)
    object_type = forms.ChoiceField(
        label=_("Object type"),
        required=False,
        choices=_choices(object_type_choices),
        error_messages={"invalid_choice": _("There is no such object type: choose one from the list.")},
    )
    date_from = date_filter(_("From"))
    date_to = date_filter(_("Until"))
    q = TextField(label=_("Object, ID or address"), required=False, max_length=100)
