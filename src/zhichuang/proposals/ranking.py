"""The enterprise ranking of a district or the city (企业排行): its enterprises ordered by proposals submitted,
adoption rate, verified savings or participation in a year, read from the rollup's enterprise cells.

Each row is a statistics row (statistics.Row), so every number opens the list of what it counts, as the
statistics page's do. Rates rank only enterprises with at least RATE_MIN_SUBMITTED proposals in the year:
three of three adopted is no first place.

Ordering a city's 50,000 enterprises takes 0.2–1.2 s at 1,000,000 proposals (docs/benchmarks.md), so the
order (which enterprises, in which places) is kept RANKING_SECONDS per scope and choice; the figures of the
rows shown are read fresh each time, so every number still equals its list.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, FloatField, Q, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.scoping import scope_for
from zhichuang.orgs.models import Organization, depth_of
from zhichuang.statistics.selectors import narrowed_paths, workforce_counts, workforce_of

from .permissions import ProposalPerm
from .rollup.selectors import SUMS, Shape, proposers_of, rollup_cells, rollup_cells_below, rollup_proposers
from .statistics import (
    ADOPTED,
    ENTERPRISE_DEPTH,
    PROPOSERS_PAGE,
    VERIFIED,
    ZERO,
    Figure,
    Participation,
    Row,
    Totals,
    ranks_enterprises,
)

__all__ = ["ORDERS", "RANKING_SIZE", "RATE_MIN_SUBMITTED", "Ranking", "enterprise_ranking", "ranks_enterprises"]

RANKING_SIZE = 50
RANKING_SECONDS = 600
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
    grouped = (
        rollup_cells_below(year=year, paths=paths, depth=ENTERPRISE_DEPTH, kind=kind)
        .order_by()
        .values("node_path")
        .annotate(
            submitted=Sum("proposals"),
            adopted=Coalesce(Sum("proposals", filter=Q(state__in=ADOPTED)), 0),
            savings=Coalesce(Sum("net_benefit", filter=Q(state__in=VERIFIED)), ZERO),
        )
    )
    if order == "submitted":
        grouped = grouped.order_by("-submitted", "node_path")
    elif order == "savings":
        grouped = grouped.filter(savings__gt=0).order_by("-savings", "-submitted", "node_path")
    else:
        grouped = grouped.filter(submitted__gte=rate_min)
        if order == "adoption":
            rate = Cast("adopted", FloatField()) / Cast("submitted", FloatField())
        else:
            grouped = grouped.annotate(proposers=proposers_of(year, "node_path"), workers=workforce_of("node_path"))
            rate = Cast("proposers", FloatField()) / NullIf(Cast("workers", FloatField()), 0.0)
        grouped = grouped.annotate(rate=rate).order_by(F("rate").desc(nulls_last=True), "-submitted", "node_path")
    key = "ranking:" + hashlib.sha256(f"{order}|{year}|{kind}|{rate_min}|{'|'.join(paths)}".encode()).hexdigest()
    top = cache.get(key)
    if top is None:
        top = [row["node_path"] for row in grouped[:RANKING_SIZE]]
        cache.set(key, top, RANKING_SECONDS)
    return Ranking(order, _rows(top, year=year, district=district, kind=kind), rate_min)


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
