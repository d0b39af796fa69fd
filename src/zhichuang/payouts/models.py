"""The payout ledger: what an organisation owes a worker and has paid, whatever it is for.

A module that owes money (a proposal's reward share, a master's reward for an apprentice, later a
challenge's bounty) writes a Payout of its kind (core.modules.PayoutKind) through services.payout_owe and
keeps a one-to-one link to it; the ledger, its export, 待办 and the pay step are this app's, once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichuang.core.choices import quick_choice_labels
from zhichuang.workflow.models import TransitionRecord

from .enums import PayoutStatus

MONEY = {"max_digits": 12, "decimal_places": 2}


@quick_choice_labels
class Payout(models.Model):
    """One amount owed to one worker by one organisation (pending → paid, with the date and the voucher)."""

    kind = models.CharField(_("kind"), max_length=40)  # a registered core.modules.PayoutKind key
    # The record it is for, in its module (a proposal, an apprenticeship): the kind makes the link.
    record_id = models.PositiveBigIntegerField(_("record"))
    purpose = models.CharField(_("for"), max_length=300)
    payer = models.ForeignKey(
        "orgs.Organization", verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="payouts"
    )
    org_path = models.CharField(max_length=255, editable=False)  # the payer's, for scoping
    payee = models.ForeignKey(
        "accounts.Worker", verbose_name=_("payee"), on_delete=models.PROTECT, related_name="payouts"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    owed_at = models.DateTimeField(_("decided"))
    status = models.CharField(_("status"), max_length=8, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    voucher_no = models.CharField(_("voucher number"), max_length=50, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-id"]
        indexes = [
            # The ledger filtered by status, newest first; a district's by its path.
            models.Index(fields=["status", "-id"], name="payout_status"),
            models.Index(fields=["org_path", "status"], name="payout_scope"),
            models.Index(fields=["payee", "status"], name="payout_payee"),
            models.Index(fields=["kind", "record_id"], name="payout_record"),
        ]

    def __str__(self):
        return f"{self.payee_id} {self.amount} ({self.kind})"


@quick_choice_labels
class PayoutTransition(TransitionRecord):
    """One step of a payout: pending → paid (workflow.PAYOUT_WORKFLOW)."""

    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=8, choices=PayoutStatus.choices)
    to_state = models.CharField(_("to"), max_length=8, choices=PayoutStatus.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("payout step")
        verbose_name_plural = _("payout steps")
        indexes = [models.Index(fields=["payout", "at"], name="payouttransition_at")]
