from ninja import Query, Router, Schema

from zhichuang.core.errors import NotFound
from zhichuang.proposals.enums import ProposalKind
from zhichuang.statistics.selectors import statistics_districts, statistics_summary, statistics_years

from .proposal_schemas import StatisticsOut

router = Router(tags=["statistics"])


class StatisticsFilters(Schema):
    year: int | None = None
    district: int | None = None
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
