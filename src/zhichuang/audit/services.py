from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhichuang.core import request_context
from zhichuang.core.validators import mask_identifiers

from .models import AuditEntry


def _jsonable(value):
    """JSON-ready, and every text in it with ID and mobile numbers masked (see audit_record)."""
    if isinstance(value, dict):
        return {mask_identifiers(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask_identifiers(str(value))


def audit_record(
    *,
    action: str,
    obj=None,
    object_type: str = "",
    object_id="",
    object_repr: str = "",
    changes: dict | None = None,
    actor=None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one audit row. Actor and address default to the current request's.

    The audit administrator reads these rows without the personal-data permission, so no row carries an ID
    or mobile number in clear: the object's name, the actor's name and every text in `changes` pass through
    `mask_identifiers` here, whatever the caller hands in (a failed login's username is what someone typed).
    People are named by their masked forms or their ids; the full values are never audit data.
    """
    ctx = request_context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return AuditEntry.objects.create(
        actor_id=getattr(actor, "pk", None) if actor is not None else ctx.user_id,
        actor_username=mask_identifiers(getattr(actor, "username", "") if actor is not None else ctx.username),
        ip_address=ip_address or ctx.ip_address,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=mask_identifiers(object_repr)[:200],
        changes=_jsonable(changes or {}),
    )


def diff(instance, fields, before: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    after = {f: getattr(instance, f) for f in fields}
    return {f: [before.get(f), after[f]] for f in fields if before.get(f) != after[f]}


def audit_prune(*, now=None) -> int:
    """Delete rows older than the retention period; the only deletion path. Recorded itself."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE occurred_at < %s", [cutoff])  # noqa: S608 - table name is ours
        deleted = cursor.rowcount
        audit_record(
            action="audit.prune",
            object_type="audit.auditentry",
            changes={"cutoff": cutoff.isoformat(), "deleted": deleted},
        )
    return deleted
