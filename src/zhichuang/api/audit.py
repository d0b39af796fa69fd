import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.core.errors import PermissionDenied

from .pagination import CappedLimitOffsetPagination
from .schemas import AuditEntryOut

router = Router(tags=["audit"])


class AuditFilters(Schema):
    action: str = ""
    actor: str = ""
    object_type: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    search: str = ""


@router.get("/audit", response=list[AuditEntryOut], summary="The audit log (audit administrator)")
@paginate(CappedLimitOffsetPagination)
def audit_entries(request, filters: Query[AuditFilters]):
    if not has_perm(request.auth, Perm.VIEW_AUDIT):
        raise PermissionDenied(_("Only the audit administrator reads the audit log."))
    return audit_entry_list(user=request.auth, **filters.dict())
