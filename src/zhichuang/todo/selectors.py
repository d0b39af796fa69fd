"""待办 / 已办 / 我发起的 for one user, their counts, and a record's next step."""

import heapq
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.models import RoleAssignment
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import grants
from zhichuang.audit.labels import action_label
from zhichuang.core.modules import modules
from zhichuang.core.views import LIST_COUNT_CAP, capped_count
from zhichuang.notifications.routing import roles_holding
from zhichuang.orgs.models import ancestor_paths, depth_of, subtree_q

from .models import Chase
from .queues import Item, Queue, Source, value_at

# The menu's count is kept this long per user: the menu is on every page, the queues are a few counts.
MENU_COUNT_SECONDS = 60
CHASE_INTERVAL = timedelta(days=1)
DONE_MAX = 50


def sources() -> tuple[Source, ...]:
    return tuple(source for m in modules() for source in m.todo)


def source_named(name: str) -> Source | None:
    """The source of the workflow of this name."""
    return next((s for s in sources() if s.workflow.name == name), None)


def queue_get(key: str) -> tuple[Source, Queue] | None:
    for source in sources():
        queue = source.queue(key)
        if queue is not None:
            return source, queue
    return None


@dataclass(frozen=True)
class QueueCount:
    source: Source
    queue: Queue
    count: int
    label: str  # the count in words ("1,000+")


def queue_counts(user) -> list[QueueCount]:
    """Every queue that can hold rows for user, with its capped count, in declaration order."""
    found = []
    for source in sources():
        for queue in source.queues:
            if source.holds(user, queue):
                count, label = capped_count(source.rows(user, queue), LIST_COUNT_CAP)
                found.append(QueueCount(source, queue, count, label))
    found.sort(key=lambda c: c.queue.order)
    cache.set(_menu_key(user), sum(c.count for c in found), MENU_COUNT_SECONDS)
    return found


def _menu_key(user) -> str:
    return f"todo:count:{user.pk}"


def menu_count(user) -> str:
    """The menu's number: what waits on the user ("" for nothing), at most a minute old."""
    total = cache.get(_menu_key(user))
    if total is None:
        total = sum(c.count for c in queue_counts(user))
    return "" if not total else ("99+" if total > 99 else str(total))


def forget_menu_count(user) -> None:
    cache.delete(_menu_key(user))


def _item(source: Source, row, label: str, **extra) -> Item:
    due = value_at(row, source.due) if source.due else None
    now = timezone.now()
    return Item(
        title=source.title(row),
        url=source.url(row),
        label=label,
        since=value_at(row, source.since),
        due=due,
        overdue=due is not None and due < now,
        pk=row.pk,
        detail=source.detail(row) if source.detail else "",
        **extra,
    )


def waiting_items(user, source: Source, queue: Queue, rows) -> list[Item]:
    return [_item(source, row, queue.label, key=queue.key) for row in rows]


def done_items(user, *, limit: int = DONE_MAX) -> list[Item]:
    """The steps the user took, newest first, across every workflow that keeps a history."""
    lists = []
    for source in sources():
        if source.done is not None:
            lists.append([(at, pk, source, row, label) for at, pk, row, label in source.done(user, limit)])
            continue
        workflow = source.workflow
        if workflow.history is None:
            continue
        subject = workflow.subject
        related = [subject, *(f"{subject}__{r}" for r in source.related)]
        records = workflow.history.objects.filter(actor=user).select_related(*related).order_by("-at", "-id")
        lists.append(
            [
                (record.at, record.pk, source, getattr(record, subject), _action(workflow, record))
                for record in records[:limit]
            ]
        )
    newest = heapq.merge(*lists, key=lambda entry: entry[0], reverse=True)
    items = []
    for at, _pk, source, row, label in newest:
        items.append(
            Item(
                title=source.title(row),
                url=source.url(row),
                label=label,
                at=at,
                extra={"state": source.workflow.label(getattr(row, source.workflow.state_field))},
            )
        )
        if len(items) == limit:
            break
    return items


def _action(workflow, record) -> str:
    return action_label(f"{workflow.audit_prefix}.{record.data.get('action', '')}")


def started_items(user, *, limit: int = DONE_MAX) -> list[Item]:
    """The records the user started, newest first, each with where it is now."""
    found = []
    for source in sources():
        if source.started is None:
            continue
        workflow = source.workflow
        rows = (
            workflow.model.objects.filter(source.started(user))
            .select_related(*source.related)
            .order_by(f"-{source.since}", "-pk")[:limit]
        )
        found.extend(_item(source, row, workflow.label(getattr(row, workflow.state_field))) for row in rows)
    found.sort(key=lambda item: item.since, reverse=True)
    return found[:limit]


@dataclass(frozen=True)
class NextStep:
    """Who handles a record's next step, by when (for its timeline)."""

    label: str  # the queue's label
    holders: str  # the roles, in words ("企业管理员、评审员")
    organization: str  # where ("华东化工有限公司")
    due: object = None
    overdue: bool = False
    waits_on_proposer: bool = False
    queue: str = ""


def deciding_organization(source: Source, queue: Queue, row):
    """The organisation whose people hold the queue's step: the queue's own (a recommendation's district)
    or the workflow's (the proposal's enterprise)."""
    return (queue.decider or source.workflow.organization)(row)


def next_step(source: Source, row) -> NextStep | None:
    """The step the record waits for now, and whose it is; None when it waits on nobody."""
    queue = source.waiting_queue(row)
    if queue is None:
        return None
    due = value_at(row, source.due) if source.due else None
    waiting = {
        "label": queue.label,
        "due": due,
        "overdue": due is not None and due < timezone.now(),
        "queue": queue.key,
    }
    if not queue.perms:
        return NextStep(holders=_("the proposer"), organization="", waits_on_proposer=True, **waiting)
    organization = deciding_organization(source, queue, row)
    held = set(
        RoleAssignment.objects.filter(
            organization__path__in=[p for p in ancestor_paths(organization.path) if queue.at_level(p)],
            role__in=roles_holding(queue.perms),
            user__is_active=True,
        ).values_list("role", flat=True)
    )
    holders = _("、").join(str(role.label) for role in Role if role in held)
    return NextStep(holders=holders or _("nobody is assigned yet"), organization=organization.name, **waiting)


def may_chase(user, source: Source, row, *, started: bool | None = None) -> bool:
    """The record's starter, or someone holding its source's supervising permission above the step's level.

    started: whether user started the row, where the caller knows (a page with its people loaded)."""
    queue = source.waiting_queue(row)
    if queue is None or not queue.perms:
        return False
    if started is None and source.started is not None:
        started = source.workflow.model.objects.filter(source.started(user), pk=row.pk).exists()
    if started:
        return True
    path = deciding_organization(source, queue, row).path
    return any(
        depth_of(g.org_path) < depth_of(path)
        and path.startswith(g.org_path)
        and any(g.permits(p) for p in source.chasers)
        for g in grants(user)
    )


def last_chase(source: Source, row) -> Chase | None:
    return (
        Chase.objects.filter(workflow=source.workflow.name, object_id=row.pk)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )


def may_chase_again(last: Chase, now=None) -> bool:
    """Is the day since the record's last chase over?"""
    return last.at <= (now or timezone.now()) - CHASE_INTERVAL


def timeline_next(user, source: Source, row, *, started: bool | None = None) -> dict | None:
    """The last line of a record's timeline (todo/_next_step.html): its next step, whether this user may
    chase it, and its last chase. started: whether user started the row, where the page knows."""
    step = next_step(source, row)
    if step is None:
        return None
    allowed = may_chase(user, source, row, started=started)
    last = last_chase(source, row) if allowed else None
    return {
        "step": step,
        "may_chase": allowed,
        "last_chase": last,
        "chased_recently": last is not None and not may_chase_again(last),
        "workflow": source.workflow.name,
    }


def overdue_supervised(user, source: Source):
    """The source's rows waiting past their deadline under organisations the user supervises from above
    their holders' level (督办: a district's or the city's chasers), oldest deadline first."""
    if not source.due:
        return source.workflow.model.objects.none()
    condition = Q(pk__in=[])
    for queue in source.queues:
        if not queue.perms:
            continue
        above = [
            g.org_path
            for g in grants(user)
            if depth_of(g.org_path) < queue.level and any(g.permits(p) for p in source.chasers)
        ]
        for path in above:
            condition |= Q(**{source.workflow.state_field: queue.state}) & subtree_q(path, source.org_path)
    return (
        source.workflow.model.objects.filter(condition)
        .filter(**{f"{source.due}__lt": timezone.now()})
        .select_related(*source.related)
        .order_by(source.due, "pk")
    )
