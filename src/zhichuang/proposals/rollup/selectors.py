"""Reads of the proposals' rollup, for proposals' section of the statistics page (proposals/statistics.py)
and the payout ledger.
"""

from decimal import Decimal

from django.db.models import QuerySet, Sum

from zhichuang.accounts.scoping import scope_for
from zhichuang.orgs.models import subtree_q

from ..enums import ProposalState
from ..permissions import ProposalPerm
from .models import EnterpriseYear, ParticipationCount, RollupYear, Shape, StatCell
from .services import ADOPTED, ENTERPRISE_DEPTH, IMPLEMENTED, REWARDED, SUMS, VERIFIED

__all__ = ["ADOPTED", "ENTERPRISE_DEPTH", "IMPLEMENTED", "REWARDED", "SUMS", "VERIFIED", "Shape"]
ZERO = Decimal("0.00")


def rollup_years() -> set[int]:
    """Years the rollup has counted (or rebuilt)."""
    return set(RollupYear.objects.values_list("year", flat=True))


def rollup_cells(*, year: int, paths: list[str], kind: str = "") -> QuerySet[StatCell]:
    """The cells of these nodes in the year (every cut; filter by shape), of one kind if given."""
    cells = StatCell.objects.filter(year=year, node_path__in=paths)
    return cells.filter(kind=kind) if kind else cells


def _below(paths: list[str]):
    condition = subtree_q(paths[0], "node_path")
    for path in paths[1:]:
        condition |= subtree_q(path, "node_path")
    return condition


def rollup_cells_below(*, year: int, paths: list[str], depth: int, kind: str = "") -> QuerySet[StatCell]:
    """The year cut's cells of the nodes at depth under any of these paths (a city's districts)."""
    cells = StatCell.objects.filter(year=year, shape=Shape.YEAR, depth=depth).filter(_below(paths))
    return cells.filter(kind=kind) if kind else cells


def ranked_enterprises(*, year: int, paths: list[str], kind: str = "") -> QuerySet[EnterpriseYear]:
    """The ranking rows of the year of the enterprises under any of these paths, of one kind or of all ("")."""
    return EnterpriseYear.objects.filter(year=year, kind=kind).filter(_below(paths))


def rollup_proposers(*, year: int, nodes) -> dict[str, int]:
    """Distinct proposers of the year per node."""
    return dict(ParticipationCount.objects.filter(year=year, node_path__in=nodes).values_list("node_path", "proposers"))


def reward_totals(*, user) -> tuple[Decimal, Decimal]:
    """Rewards decided and paid, all years, for the proposals of the user's VIEW_PROPOSALS scope, from the
    rollup: summing the payout shares themselves took 875 ms for the city at 1M proposals."""
    paths = scope_for(user, ProposalPerm.VIEW).paths
    if not paths:
        return ZERO, ZERO
    sums = StatCell.objects.filter(node_path__in=paths, shape=Shape.YEAR, state=ProposalState.REWARDED).aggregate(
        decided=Sum("reward"), paid=Sum("reward_paid")
    )
    return sums["decided"] or ZERO, sums["paid"] or ZERO
