from django.tasks import task

from zhichuang.core.request_context import acting_as

from .services import audit_prune


@task()
def prune_audit_log() -> int:
    """Delete audit rows older than the retention period (run daily)."""
    with acting_as(username="system"):
        return audit_prune()
