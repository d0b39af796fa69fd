from django.conf import settings
from django.db import models

from zhichuang.orgs.models import Organization
from zhichuang.workflow.models import TransitionRecord


class Parcel(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, default="draft")
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(null=True)
    sent_at = models.DateTimeField(null=True)
    due_at = models.DateTimeField(null=True)
    reminded_at = models.DateTimeField(null=True)
    accepted_note = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.title


class ParcelTransition(TransitionRecord):
    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="transitions")
