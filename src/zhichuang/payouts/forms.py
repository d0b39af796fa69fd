from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.modules import payout_kinds

from .enums import PayoutStatus


class PayoutFilterForm(forms.Form):
    """The ledger: the payouts of one status and one kind, decided in one year."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", pgettext_lazy("filter", "Any")), *PayoutStatus.choices]
    )
    kind = forms.ChoiceField(label=_("For"), required=False)
    year = forms.IntegerField(label=_("Year decided"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", pgettext_lazy("filter", "Any")),
            *((key, kind.label) for key, kind in payout_kinds().items()),
        ]
