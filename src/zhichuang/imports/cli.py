"""What the import commands share: find the acting user, run the job in the foreground, draw a bar."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhichuang.accounts.models import User
from zhichuang.core.errors import ApplicationError

from .enums import ImportStage, ImportStatus
from .models import ImportJob
from .services import import_job_create, import_job_run

BAR_WIDTH = 40


class ImportCommand(BaseCommand):
    kind = ""
    takes_password = False

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".xlsx or .csv file")
        parser.add_argument(
            "--as", dest="username", required=True, help="username of the importer, whose scope applies"
        )
        if self.takes_password:
            parser.add_argument(
                "--password", default="", help="initial password of the new accounts (generated if omitted)"
            )

    def handle(self, *args, file: Path, username: str, password: str = "", **options):
        try:
            actor = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("No active account with this username: %s") % username) from None
        if not file.is_file():
            raise CommandError(_("No such file: %s") % file)
        try:
            with file.open("rb") as handle:
                job, generated = import_job_create(
                    actor=actor,
                    kind=self.kind,
                    upload=File(handle, name=file.name),
                    initial_password=password,
                    enqueue=False,
                )
        except ApplicationError as exc:
            details = [str(m) for messages in exc.details.values() for m in messages] if exc.details else []
            raise CommandError(" ".join([str(exc.message), *details])) from None
        job = import_job_run(job=job, on_progress=self.draw)
        self.stderr.write("")
        if job.status != ImportStatus.SUCCEEDED:
            report = f"\n{_('List of problems:')} {job.error_report.path}" if job.error_report else ""
            shown = "".join(
                f"\n  {row or ''} {column} {message}" for row, column, message in job.result["problems"][:20]
            )
            raise CommandError(f"{job.result['message']}{shown}{report}")
        summary = ", ".join(f"{label} {count}" for label, count in job.created_summary)
        self.stdout.write(self.style.SUCCESS(_("Imported: %s") % summary))
        if generated:
            self.stdout.write(_("Initial password of the new accounts (shown once): %s") % generated)

    def draw(self, job: ImportJob) -> None:
        """A one-line bar redrawn in place with a carriage return."""
        filled = BAR_WIDTH * job.percent // 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        counts = f"{job.processed_rows}/{job.total_rows}" if job.total_rows else ""
        label = job.get_stage_display() if job.stage != ImportStage.DONE else job.get_status_display()
        self.stderr.write(f"\r[{bar}] {job.percent:3d}% {counts} {label}   ", ending="")
        self.stderr.flush()
