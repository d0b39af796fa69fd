"""Reads of import jobs, always through the user's scope."""

from django.db.models import Q, QuerySet

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import scope_for
from zhichuang.core.errors import NotFound

from .models import ImportJob


def import_job_list(*, user, kind: str = "", status: str = "") -> QuerySet[ImportJob]:
    """The user's own jobs, and jobs made within an organisation where the user may import."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    scope = scope_for(user, Perm.IMPORT_DATA)
    visible = Q(created_by=user)
    if not scope.is_empty:
        visible |= scope.q("organization__path")
    qs = ImportJob.objects.filter(visible).select_related("created_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def import_job_get(*, user, pk) -> ImportJob:
    try:
        return import_job_list(user=user).get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
