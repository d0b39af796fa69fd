"""The payee is told when a payout is recorded: the amount, the day and the voucher."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from zhichuang.core.money import yuan
from zhichuang.notifications.services import notify

from .models import Payout
from .selectors import kind_label, payout_url


def notify_paid(payout_id: int) -> int:
    payout = Payout.objects.select_related("payee").filter(pk=payout_id).first()
    if payout is None or payout.payee.user_id is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Your %(kind)s of %(amount)s (%(purpose)s) was paid on %(date)s (voucher %(voucher)s).") % {
            "kind": kind_label(payout),
            "amount": yuan(payout.amount),
            "purpose": payout.purpose,
            "date": f"{payout.paid_on:%Y-%m-%d}",
            "voucher": payout.voucher_no,
        }
    return notify({payout.payee.user_id}, kind="paid", message=message, target=payout, url=payout_url(payout))
