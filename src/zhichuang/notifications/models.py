"""The inbox of every module's notices, and how each person wants to be e-mailed about them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EmailChoice

MESSAGE_MAX = 500


class Notification(models.Model):
    """One notice to one person, its text rendered in the site language when sent.

    It points at what it is about by content type and id (any module's record, or none), so the inbox
    knows no module; `url` is the page it opens, stored when sent, so the inbox loads nothing else.
    A module that wants its notices gone with its record declares a GenericRelation to this model.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=32)
    message = models.CharField(_("message"), max_length=MESSAGE_MAX)
    url = models.CharField(_("link"), max_length=200, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notice_inbox"),
            models.Index(fields=["user"], name="notice_unread", condition=models.Q(read_at__isnull=True)),
            # A record's notices (GenericRelation: deleted with the record).
            models.Index(fields=["target_type", "target_id"], name="notice_target"),
        ]

    def __str__(self):
        return self.message


class Preference(models.Model):
    """How a person is e-mailed; without a row, at once (as before there was a choice)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notice_preference"
    )
    email = models.CharField(_("e-mail"), max_length=8, choices=EmailChoice.choices, default=EmailChoice.IMMEDIATELY)
    # The end of the window the last digest covered: a second run the same day sends nothing twice.
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        indexes = [
            models.Index(fields=["email"], name="notice_preference_daily", condition=models.Q(email=EmailChoice.DAILY))
        ]

    def __str__(self):
        return f"{self.user_id}: {self.email}"
