from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhichuang.core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup folder into this empty installation (empty database and MEDIA_ROOT, the original "
        "PII_ENCRYPTION_KEY set), then run migrate. --check only verifies the backup's checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)
        parser.add_argument("--check", action="store_true", help="Only verify the backup against its manifest.")

    def handle(self, *args, backup, check, **options):
        try:
            manifest = backup_verify(backup) if check else backup_restore(backup)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if check:
            message = _("The backup of %(created)s is complete and undamaged.")
        else:
            message = _("Restored the backup of %(created)s. Run `zhichuang migrate` next.")
        self.stdout.write(message % {"created": manifest["created"]})
