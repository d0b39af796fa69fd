"""The completions' rollup: per node (an organisation path) and year, and for every year together, how many
completions, their hours and the distinct workers (models.CompletionCount, made exact by TraineeCount).

The completions list opens from the statistics' figures and counts in full; over a district's or the city's
years that is hundreds of thousands of rows to count, sum and count the distinct workers of on every request.
The rollup answers one node's figures in one row instead. A completion is counted at the worker's employer's
path (the enrolment's org_path) and every path above it, in its year and in ALL_YEARS.

Completions are only ever added, by training_complete (completions_counted, in its transaction); bulk writers
(the demo, the benchmarks) rebuild the rollup afterwards (completions_rebuild, also run by
`zhichuang rebuild_statistics` through the module's Rollup).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear, Length, Substr

from zhichuang.accounts.scoping import scope_for
from zhichuang.core.bulk import insert_dicts
from zhichuang.orgs.models import SEGMENT_WIDTH, Organization, ancestor_paths, depth_of

from .models import ALL_YEARS, CompletionCount, Enrolment, TraineeCount
from .permissions import TrainingPerm

BATCH = 20_000


def _keys(enrolment: Enrolment):
    for node_path in ancestor_paths(enrolment.org_path):
        for year in (enrolment.completed_on.year, ALL_YEARS):
            yield node_path, year


@transaction.atomic
def completions_counted(enrolments: Iterable[Enrolment]) -> None:
    """Count enrolments that have just been completed (their completed_on and hours_credited set)."""
    totals: dict[tuple[str, int], list] = defaultdict(lambda: [0, Decimal(0)])
    people: Counter = Counter()
    for enrolment in enrolments:
        for key in _keys(enrolment):
            totals[key][0] += 1
            totals[key][1] += enrolment.hours_credited or Decimal(0)
            people[(*key, enrolment.worker_id)] += 1
    if not totals:
        return
    nodes, years = {n for n, _ in totals}, {y for _, y in totals}
    CompletionCount.objects.bulk_create(
        [CompletionCount(node_path=n, year=y) for n, y in totals], ignore_conflicts=True
    )
    # Locked in one order, so two trainings completed at once queue rather than deadlock.
    counts = {
        (c.node_path, c.year): c
        for c in CompletionCount.objects.select_for_update()
        .filter(node_path__in=nodes, year__in=years)
        .order_by("node_path", "year")
    }
    known = {
        (t.node_path, t.year, t.worker_id): t
        for t in TraineeCount.objects.filter(node_path__in=nodes, year__in=years, worker_id__in={w for *_, w in people})
    }
    created, updated = [], []
    for key, n in people.items():
        row = known.get(key)
        if row is None:
            created.append(TraineeCount(node_path=key[0], year=key[1], worker_id=key[2], completions=n))
            counts[key[:2]].workers += 1
        else:
            row.completions += n
            updated.append(row)
    TraineeCount.objects.bulk_create(created)
    TraineeCount.objects.bulk_update(updated, ["completions"])
    for key, (n, hours) in totals.items():
        counts[key].completions += n
        counts[key].hours += hours
    CompletionCount.objects.bulk_update([counts[key] for key in totals], ["completions", "hours", "workers"])


def completions_rebuild(*, years: list[int] | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """The whole rollup from the completed enrolments (every year: the all-years rows need them all, so a
    rebuild of some years recomputes everything). Returns the completions counted."""
    with transaction.atomic():
        return rebuild_from(Enrolment, CompletionCount, TraineeCount, progress=progress)


def rebuild_from(Enrolment, CompletionCount, TraineeCount, *, progress=None) -> int:
    """completions_rebuild over the given models (a migration passes its historical ones)."""
    completed = Enrolment.objects.filter(completed_on__isnull=False).order_by()
    TraineeCount.objects.all().delete()
    CompletionCount.objects.all().delete()
    paths = completed.values_list("org_path", flat=True).distinct()
    deepest = max((depth_of(path) for path in paths), default=0)
    for depth in range(1, deepest + 1):
        width = depth * SEGMENT_WIDTH
        at = (
            completed.annotate(path_length=Length("org_path"))
            .filter(path_length__gte=width)
            .annotate(node=Substr("org_path", 1, width), year_of=ExtractYear("completed_on"))
        )
        for keys in (("node", "year_of"), ("node",)):  # each year, then every year together
            workers = _write_trainees(TraineeCount, at.values(*keys, "worker_id").annotate(n=Count("pk")))
            rows = [
                {
                    "node_path": row["node"],
                    "year": row.get("year_of", ALL_YEARS),
                    "completions": row["n"],
                    "hours": row["hours"] or Decimal(0),
                    "workers": workers[(row["node"], row.get("year_of", ALL_YEARS))],
                }
                for row in at.values(*keys).annotate(n=Count("pk"), hours=Sum("hours_credited"))
            ]
            insert_dicts(CompletionCount, rows)
        if progress:
            progress(depth, deepest)
    return completed.count()


def _write_trainees(TraineeCount, groups) -> Counter:
    """Write a TraineeCount per group (node, year or every year, worker); returns the workers per node and year."""
    workers: Counter = Counter()
    batch = []
    for row in groups.iterator(chunk_size=BATCH):
        year = row.get("year_of", ALL_YEARS)
        workers[(row["node"], year)] += 1
        batch.append({"node_path": row["node"], "year": year, "worker_id": row["worker_id"], "completions": row["n"]})
        if len(batch) == BATCH:
            insert_dicts(TraineeCount, batch)
            batch = []
    if batch:
        insert_dicts(TraineeCount, batch)
    return workers


ZERO_FIGURES = {"count": 0, "hours": Decimal(0), "workers": 0}


def node_figures(paths, *, year: int | None = None) -> dict[str, dict]:
    """The count, hours and workers of each node's completions in the year (or in every year), from the rollup
    in one query: each path's own row, so exact for whatever lies under it (a node without completions has
    none: ZERO_FIGURES)."""
    rows = CompletionCount.objects.filter(node_path__in=list(paths), year=year or ALL_YEARS)
    return {r.node_path: {"count": r.completions, "hours": r.hours, "workers": r.workers} for r in rows}


def completion_figures(
    *, user, year: int | None = None, district: Organization | None = None, enterprise: Organization | None = None
) -> dict | None:
    """The count, hours and workers of the completions list from the rollup: one node's row (the user's scope,
    narrowed by a district or an enterprise) in the year or in every year. None where the list is not one
    node's (a scope of several subtrees): the caller counts the rows themselves."""
    scope = scope_for(user, TrainingPerm.VIEW).paths
    if len(scope) != 1:
        return None
    chain = [scope[0], *(org.path for org in (district, enterprise) if org is not None)]
    node = max(chain, key=len)
    if not all(node.startswith(path) for path in chain):  # the filters exclude each other: nothing
        return dict(ZERO_FIGURES)
    return node_figures([node], year=year).get(node, dict(ZERO_FIGURES))
