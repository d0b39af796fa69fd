from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.listings import AUDIT_LOG
from zhichuang.core.errors import PermissionDenied

from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination
from .schemas import AuditEntryOut

router = Router(tags=["audit"])


# The audit log page's filters (audit.listings.AUDIT_LOG): action and object type are the codes the modules
# registered (core.modules.Module.audit_actions, audit_objects), enums in the document, an unknown one
# refused (422) at its field, as the page's choices are.
AuditFilters = query_schema(AUDIT_LOG)


@router.get("/audit", response=list[AuditEntryOut], summary="The audit log (audit administrator)")
@paginate(CappedLimitOffsetPagination)
def audit_entries(request, filters: Query[AuditFilters]):
    # Said, not hidden: the endpoint is the same for everyone, and only one role reads it (MLPS 2.0).
    if not has_perm(request.auth, Perm.VIEW_AUDIT):
        raise PermissionDenied(_("Only the audit administrator reads the audit log."))
    return api_rows(AUDIT_LOG, request, filters)
