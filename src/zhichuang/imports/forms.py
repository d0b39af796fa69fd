from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zhichuang.core.forms import TextField

from .enums import ImportKind


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=ImportKind.choices, initial=ImportKind.WORKERS)
    file = forms.FileField(
        label=_("File"),
        help_text=_(".xlsx or .csv (UTF-8 or GB18030), at most %(mb)d MB.")
        % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    initial_password = TextField(
        label=_("Initial password of the new accounts"),
        required=False,
        max_length=128,
        strip=False,
        help_text=_(
            "Workers' accounts only. Everyone must change it at first login. Leave empty to have one generated; "
            "it is shown once."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
