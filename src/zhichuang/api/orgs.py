from ninja import Path, Query, Router
from ninja.pagination import paginate

from zhichuang.core.validators import ID_MAX
from zhichuang.orgs.listings import ORGANISATIONS
from zhichuang.orgs.selectors import organization_get

from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination
from .schemas import OrgOut

router = Router(tags=["organisations"])


# The organisation list page's filters (orgs.listings.ORGANISATIONS).
OrgFilters = query_schema(ORGANISATIONS)


@router.get("/orgs", response=list[OrgOut], summary="Organisations in your scope")
@paginate(CappedLimitOffsetPagination)
def org_list(request, filters: Query[OrgFilters]):
    return api_rows(ORGANISATIONS, request, filters)


@router.get("/orgs/{int:org_id}", response=OrgOut, summary="One organisation")
def org_detail(request, org_id: int = Path(..., ge=1, le=ID_MAX)):
    return organization_get(user=request.auth, pk=org_id)
