from django.conf import settings
from django.core.management.base import BaseCommand

from zhichuang.audit.tasks import prune_audit_log


class Command(BaseCommand):
    help = "Queue the deletion of audit log rows older than AUDIT_RETENTION_DAYS (run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run in this process instead of queueing it.")

    def handle(self, *args, now=False, **options):
        if now:
            deleted = prune_audit_log.call()
            self.stdout.write(f"Deleted {deleted} audit rows older than {settings.AUDIT_RETENTION_DAYS} days.")
        else:
            result = prune_audit_log.enqueue()
            self.stdout.write(f"Queued audit pruning as task {result.id}.")
