from typing import Annotated

from ninja import Field, Query, Router, Schema

from zhichuang.core.errors import NotFound
from zhichuang.proposals.enums import ProposalKind
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.statistics.selectors import YEAR_MAX, YEAR_MIN, statistics_districts, statistics_years

from .proposal_schemas import StatisticsOut
from .schemas import Id

router = Router(tags=["statistics"])


class StatisticsFilters(Schema):
    year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None
    district: Id | None = None
    kind: ProposalKind | None = None


@router.get("/statistics", response=StatisticsOut, summary="The statistics page's figures for your scope")
def statistics(request, filters: Query[StatisticsFilters]):
    user = request.auth
    district = None
    if filters.district is not None:
        district = next((d for d in statistics_districts(user=user) if d.pk == filters.district), None)
        if district is None:
            raise NotFound()
    year = filters.year or statistics_years(user=user)[0]
    return statistics_summary(user=user, year=year, district=district, kind=filters.kind or "")
