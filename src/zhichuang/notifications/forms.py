from django import forms
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import IdField

from .enums import EmailChoice


class NotificationReadForm(forms.Form):
    """Mark one notice (id) or all (no id) read; open: go to the notice's page afterwards."""

    id = IdField(required=False)
    open = forms.BooleanField(required=False)


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(label=_("E-mail me"), choices=EmailChoice.choices, widget=forms.RadioSelect)
