from django.db import models
from django.utils.translation import pgettext_lazy


class PayoutStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("payout status", "Pending")
    PAID = "paid", pgettext_lazy("payout status", "Paid")
