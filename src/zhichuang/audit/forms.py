"""The audit log's filter form: it parses and checks the filters; audit_entry_list reads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import TextField, date_filter


class AuditFilterForm(forms.Form):
    action = TextField(label=_("Action"), required=False, max_length=64)
    actor = TextField(label=_("Actor (username)"), required=False, max_length=150)
    object_type = TextField(label=_("Object type"), required=False, max_length=64)
    date_from = date_filter(_("From"))
    date_to = date_filter(_("Until"))
    q = TextField(label=_("Object, ID or address"), required=False, max_length=100)

    def selector_kwargs(self) -> dict:
        """The audit_entry_list filters of a valid form (an invalid one selects nothing: see audit.views)."""
        data = self.cleaned_data
        return {
            "action": data["action"].strip(),
            "actor": data["actor"].strip(),
            "object_type": data["object_type"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "search": data["q"].strip(),
        }
