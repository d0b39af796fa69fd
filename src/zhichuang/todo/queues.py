"""What a module declares for 待办: per workflow, the states that wait on a person and who that is.

    Source(
        workflow=PROPOSAL_WORKFLOW, title=..., url=..., org_path="org_path", since="state_changed_at",
        due="due_at", started=lambda user: Q(...),
        queues=(Queue("proposals.submitted", _("To accept"), S.SUBMITTED, perms=(P.EVALUATE, P.MANAGE)),),
    )

A queue's rows for a user: the rows in its state whose organisation (the source's org_path, or the
queue's own) lies in a subtree where the user holds one of perms through an assignment at `level` or
below (3: the enterprise and its departments), or only at it (deeper=False: 2, a district; 1, the city),
or that `mine(user)` selects (a relation: the proposer of a returned proposal). Each queue's perms must
be among the `who` of the workflow's steps out of its state (tests/todo/test_queues.py checks every declared one).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from zhichuang.accounts.scoping import grants
from zhichuang.orgs.models import depth_of, subtree_q

ENTERPRISE_LEVEL = 3


@dataclass(frozen=True)
class Queue:
    key: str
    label: str  # what the holder is to do ("待受理")
    state: str
    perms: tuple[str, ...] = ()
    level: int = ENTERPRISE_LEVEL
    deeper: bool = True  # assignments below `level` count too (an enterprise's departments); False: only at it
    org_path: str = ""  # the lookup of the path the assignment must cover, where not the source's
    decider: Callable | None = None  # row → the organisation whose people take the step (default: the workflow's)
    mine: Callable[..., Q] | None = None
    mine_for: Callable[..., bool] | None = None  # user → may `mine` select anything for them (a worker)
    where: object = None  # a Q or expression, or user → one: rows of the state that wait on someone else are left out
    icon: str = "inbox"
    batch: str = ""  # the URL name of a batch action on the queue's rows (POST ids)
    batch_template: str = ""  # its controls (a button; a voucher number and date), inside the list's form
    order: int = 100

    def at_level(self, path: str) -> bool:
        """Is an organisation at this path one whose people hold the step (by its depth)?"""
        depth = depth_of(path)
        return depth >= self.level if self.deeper else depth == self.level


@dataclass(frozen=True)
class Source:
    workflow: object  # a zhichuang.workflow.steps.Workflow
    title: Callable  # row → its name in a list ("P2026-000123 冷却泵改造")
    url: Callable  # row → its page
    org_path: str  # lookup from the row to its organisation's path
    since: str  # when the row entered its state
    queues: tuple[Queue, ...]
    due: str = ""  # the deadline of the current state, where the workflow keeps one
    related: tuple[str, ...] = ()
    started: Callable[..., Q] | None = None  # user → the rows this user started (我发起的)
    detail: Callable | None = None  # row → a short line beside its title (an amount, an enterprise)
    # Who may chase a step from above its holders' level (a district's or the city's administrators).
    chasers: tuple[str, ...] = ()
    # Names `since` (or `due`) may use that the rows compute: the recommendation that began a level's wait.
    annotate: dict = field(default_factory=dict)
    # (user, limit) → [(at, pk, row, label)], newest first: the steps the user took, for a workflow whose
    # history is not a TransitionRecord (its Recommendation rows). Default: the workflow's history by actor.
    done: Callable | None = None

    def queue(self, key: str) -> Queue | None:
        return next((q for q in self.queues if q.key == key), None)

    def waiting_queue(self, row) -> Queue | None:
        """The queue the row waits in now (the first declared for its state), or None."""
        state = getattr(row, self.workflow.state_field)
        return next((q for q in self.queues if q.state == state), None)

    def rows(self, user, queue: Queue) -> QuerySet:
        """The queue's rows that wait on user, oldest first (by deadline where there is one)."""
        condition = Q(pk__in=[])
        field_name = queue.org_path or self.org_path
        for grant in grants(user):
            if counts(grant, queue):
                condition |= subtree_q(grant.org_path, field_name)
        if queue.mine is not None and (queue.mine_for is None or queue.mine_for(user)):
            condition |= queue.mine(user)
        model = self.workflow.model
        rows = model.objects.filter(**{self.workflow.state_field: queue.state}).filter(condition)
        if self.annotate:
            rows = rows.annotate(**self.annotate)
        if queue.where is not None:
            rows = rows.filter(queue.where(user) if callable(queue.where) else queue.where)
        order = ([self.due] if self.due else []) + [self.since, "pk"]
        return rows.select_related(*self.related).order_by(*order)

    def holds(self, user, queue: Queue) -> bool:
        """Could the queue ever hold rows for user (a grant or relation that counts)?"""
        if queue.mine is not None and (queue.mine_for is None or queue.mine_for(user)):
            return True
        return any(counts(g, queue) for g in grants(user))


def counts(grant, queue: Queue) -> bool:
    """Does this role assignment hold the queue's step: one of its permissions, at its level?"""
    return queue.at_level(grant.org_path) and any(grant.permits(p) for p in queue.perms)


def value_at(row, lookup: str):
    """The value a queryset lookup ("reward__decided_at") names on a loaded row."""
    for name in lookup.split("__"):
        row = getattr(row, name)
    return row


@dataclass(frozen=True)
class Item:
    """One row of a list of 待办, 已办 or 我发起的, in words."""

    title: str
    url: str
    label: str  # the queue's label, the step done, or the current state
    since: object = None
    due: object = None
    overdue: bool = False
    key: str = ""  # the queue it waits in (待办 only)
    detail: str = ""
    pk: int | None = None
    at: object = None
    extra: dict = field(default_factory=dict)
