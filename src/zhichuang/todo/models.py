from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Chase(models.Model):
    """催办: someone waiting asked the holders of a record's step to take it (todo.services.chase)."""

    workflow = models.CharField(_("workflow"), max_length=64)
    object_id = models.PositiveBigIntegerField()
    state = models.CharField(_("step"), max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    told = models.PositiveIntegerField(_("people told"), default=0)

    class Meta:
        verbose_name = _("chase")
        verbose_name_plural = _("chases")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["workflow", "object_id", "at"], name="chase_record_at")]

    def __str__(self):
        return f"{self.workflow} #{self.object_id} {self.at:%Y-%m-%d}"
