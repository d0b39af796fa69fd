"""Reads of the audit log: the audit administrator's, and nobody else's (MLPS 2.0 separation)."""

import datetime
import ipaddress

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm

from .models import AuditEntry


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entry_list(
    *,
    user,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    search: str = "",
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first; empty for anyone without Perm.VIEW_AUDIT.

    The log records platform-wide events (logins, grants, exports), so the audit
    permission covers all of it wherever it is held. Dates are local days,
    date_to inclusive; action and object_type are exact codes (the page and the API offer
    the registered ones: audit.labels).
    """
    if not has_perm(user, Perm.VIEW_AUDIT):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_username=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if search:
        condition = Q(object_repr__icontains=search) | Q(object_id=search)
        if _is_ip(search):
            condition |= Q(ip_address=search)
        qs = qs.filter(condition)
    return qs.order_by("-occurred_at", "-id")


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
