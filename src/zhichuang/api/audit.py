from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.labels import action_labels, object_types
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.core.errors import PermissionDenied

from .pagination import CappedLimitOffsetPagination
from .schemas import AuditEntryOut, Day, Text

router = Router(tags=["audit"])


# The codes the modules registered (core.modules.Module.audit_actions, audit_objects): the document lists
# them as enums, and an unknown one is refused (422) at its field, as the page's choices are.
ActionCode = Literal[tuple(action_labels())]
ObjectType = Literal[tuple(object_types())]


# Bounded like the audit log page's filters (audit.forms.AuditFilterForm): a value the database
# cannot compare is refused as invalid (422) instead of failing the query.
class AuditFilters(Schema):
    action: ActionCode | None = Field(None, description="An action code, as the modules registered it.")
    actor: Text(150) = ""
    object_type: ObjectType | None = Field(None, description="An object type, as the modules registered it.")
    date_from: Day | None = Field(None, description="On or after (local date).")
    date_to: Day | None = Field(None, description="On or before (local date).")
    search: Text(100) = ""


@router.get("/audit", response=list[AuditEntryOut], summary="The audit log (audit administrator)")
@paginate(CappedLimitOffsetPagination)
def audit_entries(request, filters: Query[AuditFilters]):
    if not has_perm(request.auth, Perm.VIEW_AUDIT):
        raise PermissionDenied(_("Only the audit administrator reads the audit log."))
    return audit_entry_list(user=request.auth, **filters.dict())
