from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.forms import CountField, TextField
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


class BatchPayForm(forms.Form):
    """Several payouts paid with one voucher on one day (the payouts are chosen in 待办)."""

    paid_on = forms.DateField(label=_("Paid on"))
    voucher_no = TextField(label=_("Voucher number"), max_length=50)


class PayForm(BatchPayForm):
    # The version the form was shown with: a payout recorded meanwhile by someone else is refused.
    expected_version = CountField(widget=forms.HiddenInput)
