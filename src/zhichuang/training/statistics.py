"""Training's section of the statistics page: the hours credited in the year per district, enterprise and
worker (with the completions and the workers trained), and the 师带徒 pairs (active now, started, passed and
failed in the year, by district). Every number opens the list that makes it up with exactly the filters
that select it (the completions list, or the pairs list), and those lists count in full, so a figure and
its list always agree (tests/training/test_statistics.py checks every cell)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import scope_for
from zhichuang.core.listing import filtered_url
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, subtree_q

from .enums import PairState
from .models import ALL_YEARS, Apprenticeship, CompletionCount, Enrolment
from .permissions import TrainingPerm
from .rollup import ZERO_FIGURES, completion_figures, node_figures
from .selectors import completion_totals

TOP = 10  # enterprises and workers shown, those with the most hours first


@dataclass(frozen=True)
class Figure:
    value: int | Decimal
    url_name: str
    filters: dict = field(default_factory=dict)
    # What of the list the figure is: its rows ("count"), or the completions list's hours or workers.
    measure: str = "count"

    @property
    def url(self) -> str:
        return filtered_url(self.url_name, self.filters)


def _hours(value, filters, measure: str = "count") -> Figure:
    return Figure(value, "training:completions", filters, measure)


def _pairs(value, filters) -> Figure:
    return Figure(value, "training:pairs", filters)


@dataclass
class PlaceRow:
    name: str
    completions: Figure
    workers: Figure
    hours: Figure
    per_worker: Decimal


def _scoped(model, user, district):
    rows = model.objects.filter(scope_for(user, TrainingPerm.VIEW).q("org_path"))
    return rows.filter(subtree_q(district.path, "org_path")) if district else rows


def _per_worker(hours, workers) -> Decimal:
    return (Decimal(hours) / workers).quantize(Decimal("0.1")) if workers else Decimal(0)


def _place_rows(completed, orgs, key: str, base: dict, figures: dict | None) -> list[PlaceRow]:
    """A row per organisation: its completions, workers and hours (the orgs' paths prefix the rows'), from the
    rollup's rows of the orgs where the user's scope is one subtree (figures), else counted."""
    rows = []
    for org in orgs:
        if figures is not None:
            totals = figures.get(org.path, ZERO_FIGURES)
        else:
            totals = completion_totals(completed.filter(subtree_q(org.path, "org_path")))
        filters = base | {key: org.pk}
        rows.append(
            PlaceRow(
                org.name,
                _hours(totals["count"], filters),
                _hours(totals["workers"], filters, "workers"),
                _hours(totals["hours"], filters, "hours"),
                _per_worker(totals["hours"], totals["workers"]),
            )
        )
    return rows


def training_section(*, user, year: int, district: Organization | None = None) -> dict:
    """The section's context (core.modules.StatisticsSection.build)."""
    base = {"year": year, "district": district.pk if district else None}
    completed = _scoped(Enrolment, user, district).filter(completed_on__year=year)
    totals = completion_figures(user=user, year=year, district=district) or completion_totals(completed)
    scope = scope_for(user, TrainingPerm.VIEW)
    one_subtree = len(scope.paths) == 1  # each org's rollup row is then exact
    found = []
    if district is None:
        found = list(Organization.objects.filter(kind=OrgKind.DISTRICT).filter(scope.q("path")).order_by("path"))
    # The enterprises with the most hours: one grouped query over the completions' employer paths.
    by_path = completed.values("org_path").annotate(hours=Sum("hours_credited")).order_by("-hours", "org_path")[:TOP]
    top_paths = [row["org_path"] for row in by_path]
    enterprises = {o.path: o for o in Organization.objects.filter(path__in=top_paths, kind=OrgKind.ENTERPRISE)}
    top = [enterprises[p] for p in top_paths if p in enterprises]
    figures = node_figures([o.path for o in (*found, *top)], year=year) if one_subtree else None
    districts = _place_rows(completed, found, "district", base, figures)
    districts = [row for row in districts if row.completions.value] if len(districts) > 1 else []
    enterprise_rows = _place_rows(completed, top, "enterprise", base, figures)
    by_worker = (
        completed.values("worker")
        .annotate(hours=Sum("hours_credited"), n=Count("pk"))
        .order_by("-hours", "worker")[:TOP]
    )
    names = {w.pk: w for w in Worker.objects.filter(pk__in=[r["worker"] for r in by_worker]).select_related("employer")}
    worker_rows = [
        (
            names[r["worker"]].name,
            names[r["worker"]].employer.name,
            _hours(r["n"], base | {"worker": r["worker"]}),
            _hours(r["hours"] or Decimal(0), base | {"worker": r["worker"]}, "hours"),
        )
        for r in by_worker
    ]
    pairs = _scoped(Apprenticeship, user, district)
    place = {"district": district.pk if district else None}
    pair_counts = pairs.aggregate(
        active=Count("pk", filter=Q(state=PairState.ACTIVE)),
        started=Count("pk", filter=Q(starts_on__year=year)),
        passed=Count("pk", filter=Q(state=PairState.COMPLETED, assessed_on__year=year)),
        failed=Count("pk", filter=Q(state=PairState.FAILED, assessed_on__year=year)),
    )
    pair_figures = {
        "active": _pairs(pair_counts["active"], place | {"state": PairState.ACTIVE}),
        "started": _pairs(pair_counts["started"], place | {"started": year}),
        "passed": _pairs(pair_counts["passed"], place | {"state": PairState.COMPLETED, "assessed": year}),
        "failed": _pairs(pair_counts["failed"], place | {"state": PairState.FAILED, "assessed": year}),
    }
    return {
        "training_year": year,
        "training_totals": {
            "completions": _hours(totals["count"], base),
            "workers": _hours(totals["workers"], base, "workers"),
            "hours": _hours(totals["hours"], base, "hours"),
        },
        "training_per_worker": _per_worker(totals["hours"], totals["workers"]),
        "training_districts": districts,
        "training_enterprises": enterprise_rows,
        "training_workers": worker_rows,
        "training_pairs": pair_figures,
    }


def training_years() -> set[int]:
    """The years with completions or pairs starting (the year filter's choices)."""
    years = set(CompletionCount.objects.exclude(year=ALL_YEARS).values_list("year", flat=True).distinct())
    first = Apprenticeship.objects.aggregate(first=Min("starts_on"))["first"]
    return years | ({first.year} if first else set())
