"""Import jobs: create one from an upload, and run it (from the task or the command line).

A run has three stages. Reading and checking happen outside any transaction, and
the job row's progress is updated as rows are checked, so the browser sees it
move. Saving is one transaction (all or nothing): on SQLite it holds the write
lock, so no progress can be written during it; the page shows "Saving" until it
ends. A database error while saving (e.g. another user registered the same ID
number between the check and the save: the unique constraints catch it) rolls
everything back and fails the job.
"""

import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.core.files import FileRefused
from zhichuang.core.request_context import acting_as
from zhichuang.orgs.models import Organization, common_ancestor

from .enums import ImportKind, ImportStage, ImportStatus
from .models import ImportJob
from .parsing import FileRejected, open_table
from .registry import importer as importer_of
from .reports import error_report
from .rows import RowsRejected

logger = logging.getLogger(__name__)

# Problems kept in the job's result for the page; the downloadable report has them all.
PROBLEMS_SHOWN = 100


def _scope_root(user) -> Organization | None:
    """The organisation at the longest common path of the user's import scope."""
    paths = scope_for(user, Perm.IMPORT_DATA).paths
    if not paths:
        return None
    common = common_ancestor(paths)
    return Organization.objects.filter(path=common).first() if common else None


def import_job_create(
    *,
    actor,
    kind: str,
    upload,
    initial_password: str = "",
    enqueue: bool = True,
) -> tuple[ImportJob, str]:
    """Store the upload and queue the import. Returns the job and the generated initial password, if any.

    The initial password of imported accounts is hashed here, once, and only the hash is kept.
    A generated one is returned to be shown once to the importer; it is stored nowhere.
    """
    if not has_perm(actor, Perm.IMPORT_DATA):
        raise PermissionDenied()
    kind = ImportKind(kind)
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationFailed(
            details={
                "file": [
                    _("The file is larger than %(limit)d MB.") % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    generated = ""
    password_hash = ""
    if kind == ImportKind.WORKERS:
        if initial_password:
            try:
                validate_password(initial_password)
            except ValidationError as exc:
                raise ValidationFailed(details={"initial_password": list(exc.messages)}) from None
        else:
            generated = initial_password = _generated_password()
        password_hash = make_password(initial_password)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            file=upload,
            original_name=Path(upload.name).name[:255],
            initial_password_hash=password_hash,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_by=actor,
            organization=_scope_root(actor),
        )
        if enqueue:
            from .tasks import run_import  # here: tasks.py imports this module

            transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job, generated


def _generated_password() -> str:
    # Letters, digits and a symbol: passes the character-class policy; 16 characters.
    return f"Zc-{secrets.token_urlsafe(9)}7a"


def import_job_run(*, job: ImportJob, on_progress: Callable[[ImportJob], None] | None = None) -> ImportJob:
    """Run one import to its end. Never raises for a bad file: the job records why it failed."""
    if job.status != ImportStatus.QUEUED:
        return job
    user = job.created_by
    timings: dict[str, float] = {}

    def advance(**fields) -> None:
        for name, value in fields.items():
            setattr(job, name, value)
        ImportJob.objects.filter(pk=job.pk).update(**fields)
        if on_progress:
            on_progress(job)

    with translation.override(job.language or settings.LANGUAGE_CODE), acting_as(user):
        advance(status=ImportStatus.RUNNING, stage=ImportStage.READING, started_at=timezone.now())
        importer = importer_of(job.kind)
        try:
            started = time.perf_counter()
            table = open_table(Path(job.file.path), job.original_name)
            timings["read"] = time.perf_counter() - started
            advance(stage=ImportStage.VALIDATING, total_rows=len(table.rows))
            if not table.rows:
                raise FileRejected(_("The file has a header but no rows."))
            started = time.perf_counter()
            rows = importer.validate(
                table=table,
                scope=scope_for(user, Perm.IMPORT_DATA),
                disclose=scope_for(user, Perm.VIEW_PII),
                progress=lambda count: advance(processed_rows=count),
            )
            timings["validate"] = time.perf_counter() - started
            advance(stage=ImportStage.WRITING)
            started = time.perf_counter()
            with transaction.atomic():
                if job.kind == ImportKind.WORKERS:
                    created = importer.write(rows=rows, password_hash=job.initial_password_hash)
                else:
                    created = importer.write(rows=rows)
                audit_record(
                    action=f"import.{job.kind}",
                    obj=job,
                    object_repr=job.original_name,
                    changes={"file": job.original_name, "rows": len(rows), "created": created},
                )
            timings["write"] = time.perf_counter() - started
        except RowsRejected as exc:
            _audit_identity_answers(job, exc)
            return _fail(job, exc.message, problems=exc.problems, timings=timings)
        except FileRefused as exc:
            return _fail(job, exc.message, timings=timings)
        except DatabaseError:
            logger.exception("import %s failed while saving", job.pk)
            message = _("The data changed while the file was being imported, or could not be saved. Try again.")
            return _fail(job, message, timings=timings)
        except Exception:
            logger.exception("import %s failed", job.pk)
            _fail(job, _("The import failed because of an internal error."), timings=timings)
            raise
        job.result = {"created": created, "timings": _rounded(timings)}
        advance(status=ImportStatus.SUCCEEDED, stage=ImportStage.DONE, finished_at=timezone.now(), result=job.result)
        _discard_upload(job)
    return job


def _fail(job: ImportJob, message, *, problems=(), timings) -> ImportJob:
    job.status, job.stage, job.finished_at = ImportStatus.FAILED, ImportStage.DONE, timezone.now()
    job.result = {
        "message": str(message),
        "problem_count": len(problems),
        "problems": [[p.row, p.column, p.message] for p in problems[:PROBLEMS_SHOWN]],
        "timings": _rounded(timings),
    }
    if problems:
        job.error_report.save(f"{job.pk}.xlsx", ContentFile(error_report(problems)), save=False)
    job.save(update_fields=["status", "stage", "finished_at", "result", "error_report"])
    audit_record(
        action=f"import.{job.kind}.rejected",
        obj=job,
        object_repr=job.original_name,
        changes={"file": job.original_name, "reason": str(message), "problems": len(problems)},
    )
    _discard_upload(job)
    return job


def _audit_identity_answers(job: ImportJob, exc: RowsRejected) -> None:
    """A file whose rows were refused because of other records' ID or mobile numbers is a question about
    personal data, answered (disclosed, to a holder of the permission) or not (withheld): either way it is
    on record for the audit administrator, by counts only."""
    if exc.withheld or exc.disclosed:
        audit_record(
            action="pii.import_withheld" if exc.withheld else "pii.import_disclosed",
            obj=job,
            object_repr=job.original_name,
            changes={"rows": exc.withheld + exc.disclosed, "withheld": exc.withheld, "disclosed": exc.disclosed},
        )


def _discard_upload(job: ImportJob) -> None:
    """The uploaded file holds personal data and is no longer needed once the job has finished."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {name: round(seconds, 3) for name, seconds in timings.items()}
