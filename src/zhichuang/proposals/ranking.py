"""The enterprise ranking of a district or the city (企业排行): its enterprises ordered by proposals submitted,
adoption rate, verified savings or participation in a year.

The order is read from the rollup's ranking rows (rollup.models.EnterpriseYear: per enterprise, year and kind,
kept with the enterprise's cells), one index scan per order; each row shown is a statistics row
(statistics.Row) read from the enterprise's cells, so every number opens the list of what it counts, as the
statistics page's do. Rates rank only enterprises with at least RATE_MIN_SUBMITTED proposals in the year:
three of three adopted is no first place.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.scoping import scope_for
from zhichuang.orgs.models import Organization, depth_of
from zhichuang.statistics.selectors import narrowed_paths, workforce_counts

from .permissions import ProposalPerm
from .rollup.selectors import SUMS, Shape, ranked_enterprises, rollup_cells, rollup_proposers
from .statistics import (
    ENTERPRISE_DEPTH,
    PROPOSERS_PAGE,
    Figure,
    Participation,
    Row,
    Totals,
    ranks_enterprises,
)

__all__ = ["ORDERS", "RANKING_SIZE", "RATE_MIN_SUBMITTED", "Ranking", "enterprise_ranking", "ranks_enterprises"]

RANKING_SIZE = 50
RATE_MIN_SUBMITTED = 10
ORDERS = {
    "submitted": _("Submitted"),
    "adoption": _("Adoption rate"),
    "savings": _("Verified savings"),
    "participation": _("Participation"),
}


@dataclass
class Ranking:
    order: str
    rows: list[Row]  # in rank order
    rate_min: int = 0  # the proposals an enterprise needs in the year to be ranked by a rate


def enterprise_ranking(
    *, user, year: int, district: Organization | None = None, kind: str = "", order: str = "submitted"
) -> Ranking:
    """The first RANKING_SIZE enterprises of the user's scope (within district) by order. Participation is
    counted per year, so with a kind the ranking falls back to proposals submitted."""
    if order not in ORDERS or (kind and order == "participation"):
        order = "submitted"
    paths = [
        path
        for path in narrowed_paths(scope_for(user, ProposalPerm.VIEW).paths, district.path if district else None)
        if depth_of(path) <= ENTERPRISE_DEPTH
    ]
    rate_min = RATE_MIN_SUBMITTED if order in ("adoption", "participation") else 0
    if not paths:
        return Ranking(order, [], rate_min)
    top = _top(paths, year=year, kind=kind, order=order, rate_min=rate_min)
    return Ranking(order, _rows(top, year=year, district=district, kind=kind), rate_min)


def _top(paths: list[str], *, year: int, kind: str, order: str, rate_min: int) -> list[str]:
    """The paths of the first RANKING_SIZE enterprises by order; ties by proposals submitted, then the tree."""
    ranked = ranked_enterprises(year=year, paths=paths, kind=kind)
    if order == "submitted":
        ranked = ranked.order_by("-submitted", "node_path")
    elif order == "savings":
        ranked = ranked.filter(savings__gt=0).order_by("-savings", "-submitted", "node_path")
    elif order == "adoption":
        ranked = ranked.filter(submitted__gte=rate_min).order_by("-adoption", "-submitted", "node_path")
    else:
        # An enterprise without workers has no rate and comes last: read apart, so each part is an index scan.
        ranked = ranked.filter(submitted__gte=rate_min)
        top = list(
            ranked.filter(participation__isnull=False)
            .order_by("-participation", "-submitted", "node_path")
            .values_list("node_path", flat=True)[:RANKING_SIZE]
        )
        if len(top) < RANKING_SIZE:
            without = ranked.filter(participation__isnull=True).order_by("-submitted", "node_path")
            top += without.values_list("node_path", flat=True)[: RANKING_SIZE - len(top)]
        return top
    return list(ranked.values_list("node_path", flat=True)[:RANKING_SIZE])


def _rows(top: list[str], *, year: int, district, kind: str) -> list[Row]:
    """The statistics rows of these enterprises, in this order, each figure with its list's filters."""
    if not top:
        return []
    base = {
        "date_from": datetime.date(year, 1, 1).isoformat(),
        "date_to": datetime.date(year, 12, 31).isoformat(),
        "district": district.pk if district else None,
        "kind": kind or None,
    }
    orgs = {org.path: org for org in Organization.objects.filter(path__in=top).only("id", "path", "name")}
    by_state = defaultdict(lambda: Totals({}))
    cells = rollup_cells(year=year, paths=top, kind=kind).filter(shape=Shape.YEAR)
    for node_path, state, *figures in cells.values_list("node_path", "state", "proposals", *SUMS):
        by_state[node_path].add(state, *figures)
    proposers = rollup_proposers(year=year, nodes=top) if not kind else {}
    workers = workforce_counts(nodes=top) if not kind else {}
    rows = []
    for path in top:
        org = orgs.get(path)
        if org is None:
            continue
        filters = base | {"enterprise": org.pk}
        participation = (
            None
            if kind
            else Participation(Figure(proposers.get(path, 0), filters, PROPOSERS_PAGE), workers.get(path, 0))
        )
        rows.append(Row(org.name, org.pk, Totals(filters, by_state[path].by_state), participation))
    return rows
