"""Deadlines of a workflow whose steps carry days (Step.days): the overdue filter and the reminders.

The transition sets the deadline (Workflow.due_field) when a step leads to a state someone is waited for
and clears it otherwise. A row is overdue while it waits in such a state past its deadline; a daily run
reminds whoever acts next, at most once per interval and row (Workflow.reminded_field).
"""

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from .steps import Workflow

REMINDER_INTERVAL = timedelta(days=1)


def overdue_q(workflow: Workflow, now=None) -> Q:
    """Rows waiting past their deadline."""
    return Q(
        **{
            f"{workflow.state_field}__in": sorted(workflow.waiting_states),
            f"{workflow.due_field}__lt": now or timezone.now(),
        }
    )


def is_overdue(workflow: Workflow, row, now=None) -> bool:
    due = getattr(row, workflow.due_field)
    waiting = getattr(row, workflow.state_field) in workflow.waiting_states
    return waiting and due is not None and due < (now or timezone.now())


def reminders_due(workflow: Workflow, *, now, interval: timedelta = REMINDER_INTERVAL):
    """The overdue rows not reminded within the interval."""
    reminded = workflow.reminded_field
    return workflow.model.objects.filter(overdue_q(workflow, now)).filter(
        Q(**{f"{reminded}__isnull": True}) | Q(**{f"{reminded}__lt": now - interval})
    )


def remind_overdue(
    workflow: Workflow,
    *,
    remind: Callable,
    now=None,
    fields: tuple[str, ...] = (),
    interval: timedelta = REMINDER_INTERVAL,
) -> int:
    """Call remind(row) for every overdue row not reminded within the interval and note the reminder on
    the row. fields: what remind reads (the rows are loaded with only these). Returns how many."""
    now = now or timezone.now()
    rows = reminders_due(workflow, now=now, interval=interval)
    if fields:
        rows = rows.only("pk", workflow.state_field, *fields)
    reminded = 0
    for row in rows.iterator(chunk_size=500):
        remind(row)
        workflow.model.objects.filter(pk=row.pk).update(**{workflow.reminded_field: now})
        reminded += 1
    return reminded
