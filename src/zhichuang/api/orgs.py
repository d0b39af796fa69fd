from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.core.validators import ID_MAX
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_get, organization_list

from .pagination import CappedLimitOffsetPagination
from .schemas import Id, IndustryCode, OrgOut, Text

router = Router(tags=["organisations"])


class OrgFilters(Schema):
    kind: OrgKind | None = None
    parent_id: Id | None = None
    search: Text(100) = ""
    industry: IndustryCode | None = Field(None, description="A GB/T 4754-2017 division code.")


@router.get("/orgs", response=list[OrgOut], summary="Organisations in your scope")
@paginate(CappedLimitOffsetPagination)
def org_list(request, filters: Query[OrgFilters]):
    return organization_list(
        user=request.auth,
        kind=filters.kind,
        parent_id=filters.parent_id,
        search=filters.search.strip(),
        industry=filters.industry or "",
    )


@router.get("/orgs/{int:org_id}", response=OrgOut, summary="One organisation")
def org_detail(request, org_id: int = Path(..., ge=1, le=ID_MAX)):
    return organization_get(user=request.auth, pk=org_id)
