"""The city-wide figures that span modules: the workforce (the participation denominator) and the
nightly rebuild of every module's rollups (declared as `Module.rollups`). See docs/statistics.md.
"""

from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhichuang.accounts.models import Worker
from zhichuang.core.modules import Rollup, resolve, rollups
from zhichuang.orgs.models import Organization, ancestor_paths

from .models import Workforce

BATCH = 5000


def workforce_refresh() -> int:
    """Count the workers under every node (one GROUP BY over workers by employer) and hand the count to the
    rollups that keep it (Rollup.workforce). Returns the city total."""
    by_employer = dict(
        Worker.objects.order_by().values("employer_id").annotate(n=Count("id")).values_list("employer_id", "n")
    )
    paths = dict(Organization.objects.values_list("pk", "path"))
    totals: Counter = Counter()
    for employer_id, workers in by_employer.items():
        for node_path in ancestor_paths(paths[employer_id]):
            totals[node_path] += workers
    now = timezone.now()
    with transaction.atomic():
        Workforce.objects.all().delete()
        Workforce.objects.bulk_create(
            (Workforce(node_path=path, workers=n, counted_at=now) for path, n in totals.items()), batch_size=BATCH
        )
        for rollup in rollups():
            if rollup.workforce:
                resolve(rollup.workforce)()
    return sum(by_employer.values())


def rollups_rebuild(
    *, years: list[int] | None = None, progress: Callable[[Rollup], Callable[[int, int], None] | None] | None = None
) -> list[tuple[Rollup, int]]:
    """Every module's rollup from scratch (the given years, or all): (rollup, records counted) for each.
    progress(rollup) gives each its progress callback."""
    return [
        (rollup, resolve(rollup.rebuild)(years=years, progress=progress(rollup) if progress else None))
        for rollup in rollups()
    ]


def statistics_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Everything from scratch: the workforce, then every year of every module's rollup. Returns the
    records counted (a sum over the modules)."""
    workforce_refresh()
    return sum(counted for _rollup, counted in rollups_rebuild(progress=lambda rollup: progress))
