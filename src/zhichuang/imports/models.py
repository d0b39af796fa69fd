"""An import job: one uploaded file, its progress and its outcome."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from .enums import ImportKind, ImportStage, ImportStatus


def upload_path(job: "ImportJob", filename: str) -> str:
    # The stored name is random: the original name (often a person's or unit's name) stays in the row only.
    return f"imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


def report_path(job: "ImportJob", filename: str) -> str:
    return f"imports/reports/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    # The uploaded file holds personal data; it is deleted once the job has finished.
    file = models.FileField(_("file"), upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    stage = models.CharField(_("stage"), max_length=16, choices=ImportStage.choices, default=ImportStage.WAITING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    # The hash of the initial password of imported accounts, computed once when the job is created.
    initial_password_hash = models.CharField(max_length=256, blank=True, editable=False)
    # The importer's language when uploading: problems are reported in it.
    language = models.CharField(max_length=16, blank=True, editable=False)
    error_report = models.FileField(_("error report"), upload_to=report_path, max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    # The narrowest organisation covering the importer's import scope: admins over it see the job too.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def created_summary(self) -> list[tuple[str, int]]:
        """What a successful import created, as (label, count) pairs."""
        labels = dict(OrgKind.choices) | {
            "workers": _("Workers"),
            "accounts": _("Accounts"),
            "employers": _("Employers"),
        }
        return [(labels.get(key, key), count) for key, count in self.result.get("created", {}).items()]

    @property
    def percent(self) -> int:
        """Share of the work done, for the progress bar: checking rows is 0-90 %, saving the rest."""
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if self.stage == ImportStage.WRITING:
            return 90
        if not self.total_rows:
            return 0
        return min(90, self.processed_rows * 90 // self.total_rows)
