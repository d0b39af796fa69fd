"""Proposals' section of the statistics page (declared in module.py, assembled by zhichuang.statistics):
the figures of a user's scope, read from the rollup (rollup/) in a fixed number of queries.

Every figure carries the proposal-list filters that select exactly the proposals it counts,
so the page can link each number to its list and the two always agree (docs/statistics.md).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import Sum
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.scoping import scope_for
from zhichuang.core.listing import filtered_url
from zhichuang.orgs import industries
from zhichuang.orgs.models import Organization, ancestor_at, depth_of
from zhichuang.statistics.selectors import DISTRICT_DEPTH, narrowed_paths, workforce_counts

from . import rules
from .enums import ProposalKind
from .permissions import ProposalPerm
from .rollup.selectors import (
    ADOPTED,
    ENTERPRISE_DEPTH,
    IMPLEMENTED,
    REWARDED,
    SUMS,
    VERIFIED,
    Shape,
    rollup_cells,
    rollup_cells_below,
    rollup_proposers,
)

ZERO = Decimal("0.00")
PROPOSERS_PAGE = "proposals:proposers"


class StatisticsFilters(forms.Form):
    """The section's own filter, added to the page's year and district."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProposalKind.choices])


@dataclass(frozen=True)
class Figure:
    """A number and the proposal-list filters that select what it counts."""

    value: int | Decimal
    filters: dict = field(default_factory=dict)
    page: str = "proposals:list"  # the list it opens (the proposers' for a count of proposers)

    @property
    def url(self) -> str:
        return filtered_url(self.page, self.filters)


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


@dataclass
class Totals:
    """Figures of one row (the scope, a month, a kind, a district or an industry) from
    {state: [n, net benefit, reward, reward paid]}."""

    filters: dict
    by_state: dict = field(default_factory=lambda: defaultdict(lambda: [0, ZERO, ZERO, ZERO]))

    def add(self, state: str, proposals: int, *sums) -> None:
        stored = self.by_state[state]
        stored[0] += proposals
        for i, value in enumerate(sums, start=1):
            # SQLite's SUM of a decimal column comes back with eight places: keep the fen.
            stored[i] += Decimal(value or 0).quantize(ZERO)

    def _count(self, states: Iterable[str] | None) -> int:
        return sum(f[0] for s, f in self.by_state.items() if states is None or s in states)

    def _figure(self, value, states) -> Figure:
        return Figure(value, self.filters | ({"state": list(states)} if states else {}))

    @cached_property
    def submitted(self) -> Figure:
        return self._figure(self._count(None), None)

    @cached_property
    def adopted(self) -> Figure:
        return self._figure(self._count(ADOPTED), ADOPTED)

    @cached_property
    def implemented(self) -> Figure:
        return self._figure(self._count(IMPLEMENTED), IMPLEMENTED)

    @cached_property
    def verified(self) -> Figure:
        return self._figure(self._count(VERIFIED), VERIFIED)

    @cached_property
    def savings(self) -> Figure:
        """Net annual benefit of the proposals whose benefit is verified (and then rewarded)."""
        return self._figure(sum((f[1] for s, f in self.by_state.items() if s in VERIFIED), ZERO), VERIFIED)

    @cached_property
    def rewarded(self) -> Figure:
        return self._figure(self._count(REWARDED), REWARDED)

    @cached_property
    def rewards(self) -> Figure:
        return self._figure(sum((f[2] for s, f in self.by_state.items() if s in REWARDED), ZERO), REWARDED)

    @cached_property
    def rewards_paid(self) -> Figure:
        """What has been paid of those rewards (the payout ledger's paid shares)."""
        return self._figure(sum((f[3] for s, f in self.by_state.items() if s in REWARDED), ZERO), REWARDED)

    @property
    def adoption_rate(self) -> Decimal | None:
        return _percent(self.adopted.value, self.submitted.value)

    @property
    def implementation_rate(self) -> Decimal | None:
        return _percent(self.implemented.value, self.adopted.value)


@dataclass
class Participation:
    proposers: Figure
    workers: int

    @property
    def rate(self) -> Decimal | None:
        return _percent(self.proposers.value, self.workers)


@dataclass
class Row:
    label: str
    key: str | int
    totals: Totals
    participation: Participation | None = None


@dataclass
class Statistics:
    year: int
    kind: str
    district: Organization | None
    totals: Totals
    participation: Participation | None  # None when filtered by kind: proposers are counted per year only
    by_month: list[Row]
    by_kind: list[Row]
    by_district: list[Row]
    by_industry: list[Row]

    @property
    def is_empty(self) -> bool:
        return not self.totals.submitted.value

    def chart_data(self) -> dict:
        def series(rows, name):
            return [int(getattr(row.totals, name).value) for row in rows]

        top_industries = self.by_industry[:10]
        return {
            "months": [row.label for row in self.by_month],
            "submitted": series(self.by_month, "submitted"),
            "adopted": series(self.by_month, "adopted"),
            "implemented": series(self.by_month, "implemented"),
            "kinds": [{"name": row.label, "value": row.totals.submitted.value} for row in self.by_kind],
            "districts": [row.label for row in self.by_district],
            "district_submitted": series(self.by_district, "submitted"),
            "district_adopted": series(self.by_district, "adopted"),
            "industries": [row.label for row in top_industries],
            "industry_submitted": series(top_industries, "submitted"),
            "labels": {
                "submitted": str(_("Submitted")),
                "adopted": str(_("Adopted")),
                "implemented": str(_("Implemented")),
            },
        }


def statistics_summary(*, user, year: int, district: Organization | None = None, kind: str = "") -> Statistics:
    """The figures of the user's VIEW_PROPOSALS scope for one year (by submission date), optionally one
    district (the scope's part of it) and one kind."""
    scope = scope_for(user, ProposalPerm.VIEW)
    paths = narrowed_paths(scope.paths, district.path if district else None)
    base = {
        "date_from": datetime.date(year, 1, 1).isoformat(),
        "date_to": datetime.date(year, 12, 31).isoformat(),
        "district": district.pk if district else None,
        "kind": kind or None,
    }
    totals = Totals(base)
    by_kind = {value: Totals(base | {"kind": value}) for value in ProposalKind.values if not kind or value == kind}
    by_month = {month: Totals(base | _month_range(year, month)) for month in range(1, 13)}
    by_industry: dict[str, Totals] = {}
    district_sources: dict[str, list[str]] = defaultdict(list)  # district path → nodes summed into its row
    district_totals: dict[str, Totals] = {}

    if paths:
        cells = rollup_cells(year=year, paths=paths, kind=kind)
        for node_path, cell_kind, state, *figures in cells.filter(shape=Shape.YEAR).values_list(
            "node_path", "kind", "state", "proposals", *SUMS
        ):
            totals.add(state, *figures)
            if cell_kind in by_kind:
                by_kind[cell_kind].add(state, *figures)
            if depth_of(node_path) >= DISTRICT_DEPTH:
                district_path = ancestor_at(node_path, DISTRICT_DEPTH)
                district_totals.setdefault(district_path, Totals({}))
                district_totals[district_path].add(state, *figures)
        for path in paths:
            if depth_of(path) >= DISTRICT_DEPTH:
                district_sources[ancestor_at(path, DISTRICT_DEPTH)].append(path)
        for month, state, *figures in _summed(cells.filter(shape=Shape.MONTH), "month"):
            by_month[month].add(state, *figures)
        for industry, state, *figures in _summed(cells.filter(shape=Shape.INDUSTRY), "industry"):
            by_industry.setdefault(industry, Totals(base | {"industry": industry}))
            by_industry[industry].add(state, *figures)
        above = [path for path in paths if depth_of(path) < DISTRICT_DEPTH]
        if above:
            children = rollup_cells_below(year=year, paths=above, depth=DISTRICT_DEPTH, kind=kind)
            for district_path, state, *figures in _summed(children, "node_path"):
                district_totals.setdefault(district_path, Totals({}))
                district_totals[district_path].add(state, *figures)
                district_sources[district_path] = [district_path]

    participation, district_participation = None, {}
    if not kind and paths:
        nodes = set(paths) | {node for sources in district_sources.values() for node in sources}
        proposers = rollup_proposers(year=year, nodes=nodes)
        workers = workforce_counts(nodes=nodes)

        def participation_of(sources, filters):
            return Participation(
                Figure(sum(proposers.get(node, 0) for node in sources), filters, PROPOSERS_PAGE),
                sum(workers.get(node, 0) for node in sources),
            )

        participation = participation_of(paths, base)
        district_participation = {d: participation_of(sources, {}) for d, sources in district_sources.items()}
    elif not kind:
        participation = Participation(Figure(0, base, PROPOSERS_PAGE), 0)

    districts = (
        {
            org.path: org
            for org in Organization.objects.filter(path__in=list(district_totals)).only("id", "path", "name")
        }
        if district_totals
        else {}
    )
    by_district = []
    for district_path in sorted(district_totals):
        org = districts.get(district_path)
        if org is None:
            continue
        filters = base | {"district": org.pk}
        row_totals = Totals(filters, district_totals[district_path].by_state)
        row_participation = district_participation.get(district_path)
        if row_participation is not None:
            row_participation = Participation(
                Figure(row_participation.proposers.value, filters, PROPOSERS_PAGE), row_participation.workers
            )
        by_district.append(Row(org.name, org.pk, row_totals, row_participation))

    return Statistics(
        year=year,
        kind=kind,
        district=district,
        totals=totals,
        participation=participation,
        by_month=[Row(str(MONTHS[month]), month, t) for month, t in by_month.items()],
        by_kind=[Row(str(ProposalKind(value).label), value, t) for value, t in by_kind.items()],
        by_district=by_district,
        by_industry=sorted(
            (Row(_industry_label(code), code, t) for code, t in by_industry.items()),
            key=lambda row: (-row.totals.submitted.value, row.key),
        ),
    )


def ranks_enterprises(user) -> bool:
    """Whether the user's scope holds enterprises to rank (proposals.ranking): a district's or the city's."""
    return any(depth_of(path) < ENTERPRISE_DEPTH for path in scope_for(user, ProposalPerm.VIEW).paths)


def statistics_section(*, user, year: int, district: Organization | None = None, kind: str = "") -> dict:
    """The section's context (StatisticsSection.build): the figures, the data of their charts and, for a
    district or the city, the link to its enterprise ranking for the same year, district and kind."""
    stats = statistics_summary(user=user, year=year, district=district, kind=kind)
    # Districts are bars across, each named: 28 px a district, so a city's twenty stay legible on a phone.
    height = max(240, 60 + 28 * len(stats.by_district))
    ranking_url = ""
    if ranks_enterprises(user):
        query = {"year": year, "district": district.pk if district else "", "kind": kind}
        ranking_url = f"{reverse('proposals:ranking')}?{urlencode({k: v for k, v in query.items() if v})}"
    return {
        "stats": stats,
        "chart_data": stats.chart_data(),
        "district_chart_height": height,
        "ranking_url": ranking_url,
    }


def _month_range(year: int, month: int) -> dict:
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return {
        "date_from": datetime.date(year, month, 1).isoformat(),
        "date_to": datetime.date(year, month, last).isoformat(),
    }


def _summed(cells, dimension: str):
    sums = {f"sum_{name}": Sum(name) for name in SUMS}
    return (
        cells.order_by()
        .values_list(dimension, "state")
        .annotate(n=Sum("proposals"), **sums)
        .values_list(dimension, "state", "n", *sums)
    )


def _industry_label(code: str) -> str:
    division = industries.DIVISIONS.get(code)
    return f"{code} {division.name}" if division else (code or str(_("Not recorded")))


@dataclass(frozen=True)
class ListFigures:
    """The count and money of a list opened from a figure, as the figure counted them."""

    count: int
    net: Decimal
    reward: Decimal
    paid: Decimal


# The proposal-list filters a figure's link may carry; any other filter makes a list no figure counts.
_FIGURE_FILTERS = frozenset({"state", "kind", "district", "enterprise", "industry", "date_from", "date_to"})


def _figure_period(start, end) -> tuple[int, int] | None:
    """(year, month) of a list's submission dates that a figure covers: a whole year (month 0) or a month."""
    if not start or not end or start.year != end.year:
        return None
    if (start, end) == (datetime.date(start.year, 1, 1), datetime.date(start.year, 12, 31)):
        return start.year, 0
    last = _month_range(start.year, start.month)["date_to"]
    if start.day == 1 and end.isoformat() == last:
        return start.year, start.month
    return None


def _figure_paths(user, district_id, enterprise_id=None) -> list[str] | None:
    """The rollup nodes a figure of the user's scope (at most one district, or one enterprise) was summed
    over; None where the rollup cannot answer for the user's lists (no such district or enterprise, own
    proposals outside the scope)."""
    within = None
    for pk, depth in ((district_id, DISTRICT_DEPTH), (enterprise_id, ENTERPRISE_DEPTH)):
        if not pk:
            continue
        org = Organization.objects.filter(pk=pk, depth=depth).only("path").first()
        if org is None:
            return None
        if within and not org.path.startswith(within):
            return []  # an enterprise of another district: the list is empty, and so is the figure
        within = org.path
    if not rules.sees_only_scope(user):
        return None
    return narrowed_paths(scope_for(user, ProposalPerm.VIEW).paths, within)


def list_figures(*, user, filters: dict) -> ListFigures | None:
    """What the statistics counted for a list's filters, read from the rollup as the figure was: the list
    opened from "1,144 已提交" says 1,144 and the money that reconciles, at any scale. None for filters no
    figure carries (a search, an enterprise's name, a benefit range, dates that are not a year or a month, ...)."""
    if any(value not in (None, "", []) for name, value in filters.items() if name not in _FIGURE_FILTERS):
        return None
    period = _figure_period(filters.get("date_from"), filters.get("date_to"))
    kinds = filters.get("kind") or []
    industry = filters.get("industry") or ""
    if period is None or len(kinds) > 1 or (period[1] and industry):
        return None
    paths = _figure_paths(user, filters.get("district"), filters.get("enterprise"))
    if paths is None:
        return None
    if not paths:
        return ListFigures(0, ZERO, ZERO, ZERO)
    year, month = period
    cells = rollup_cells(year=year, paths=paths, kind=kinds[0] if kinds else "")
    if month:
        cells = cells.filter(shape=Shape.MONTH, month=month)
    elif industry:
        cells = cells.filter(shape=Shape.INDUSTRY, industry=industry)
    else:
        cells = cells.filter(shape=Shape.YEAR)
    if filters.get("state"):
        cells = cells.filter(state__in=filters["state"])
    sums = cells.aggregate(n=Sum("proposals"), net=Sum("net_benefit"), reward=Sum("reward"), paid=Sum("reward_paid"))
    money = [Decimal(sums[name] or 0).quantize(ZERO) for name in ("net", "reward", "paid")]
    return ListFigures(sums["n"] or 0, *money)


def proposer_count(*, user, filters: dict) -> int | None:
    """The distinct proposers the statistics counted for a year (at most a district): the count of the
    proposers' list opened from "185 名申报人". None for other filters."""
    period = _figure_period(filters.get("date_from"), filters.get("date_to"))
    if period is None or period[1]:
        return None
    paths = _figure_paths(user, filters.get("district"), filters.get("enterprise"))
    if paths is None:
        return None
    return sum(rollup_proposers(year=period[0], nodes=paths).values()) if paths else 0
