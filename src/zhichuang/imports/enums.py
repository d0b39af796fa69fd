from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    WORKERS = "workers", _("Workers")
    ORGANIZATIONS = "organizations", _("Organisations")
    PROPOSALS = "proposals", _("Historical proposals")
    HONOURS = "honours", _("Honour lists")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ImportStage(models.TextChoices):
    """What a running import is doing; the progress bar counts rows only while validating."""

    WAITING = "waiting", _("Waiting to start")
    READING = "reading", _("Reading the file")
    VALIDATING = "validating", _("Checking rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Done")
