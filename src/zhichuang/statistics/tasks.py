"""Background tasks: thin wrappers around the statistics services."""

from django.tasks import task

from . import services


@task()
def rebuild_statistics() -> int:
    """Recount the workforce and recompute every year's rollup (run nightly; see docs/statistics.md)."""
    return services.statistics_rebuild()


@task()
def refresh_workforce() -> int:
    """Recount the workers under every organisation (run hourly: imports write workers in bulk)."""
    return services.workforce_refresh()
