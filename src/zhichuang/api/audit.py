import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.core.errors import PermissionDenied
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

from .pagination import CappedLimitOffsetPagination
from .schemas import AuditEntryOut

router = Router(tags=["audit"])


def _no_null_characters(value: str) -> str:
    # PostgreSQL cannot compare text holding NUL: refused as invalid (422) like the list page's form does.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", _("Null characters are not allowed."))
    return value


# Bounded like the audit log page's filters (audit.forms.AuditFilterForm): a value the database
# cannot compare is refused as invalid (422) instead of failing the query.
Text = Annotated[str, AfterValidator(_no_null_characters)]
Day = Annotated[datetime.date, Field(ge=FILTER_DATE_MIN, le=FILTER_DATE_MAX)]


class AuditFilters(Schema):
    action: Text = ""
    actor: Text = ""
    object_type: Text = ""
    date_from: Day | None = Field(None, description="On or after (local date).")
    date_to: Day | None = Field(None, description="On or before (local date).")
    search: Text = ""


@router.get("/audit", response=list[AuditEntryOut], summary="The audit log (audit administrator)")
@paginate(CappedLimitOffsetPagination)
def audit_entries(request, filters: Query[AuditFilters]):
    if not has_perm(request.auth, Perm.VIEW_AUDIT):
        raise PermissionDenied(_("Only the audit administrator reads the audit log."))
    return audit_entry_list(user=request.auth, **filters.dict())
