"""催办: the person waiting on a step (or an administrator above its holders) asks them to take it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import grants
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.notifications.routing import nearest_holders
from zhichuang.notifications.services import notify
from zhichuang.orgs.models import depth_of

from .models import Chase
from .queues import Source
from .selectors import deciding_organization

CHASE_INTERVAL = timedelta(days=1)


def may_chase(user, source: Source, row, *, started: bool | None = None) -> bool:
    """The record's starter, or someone holding its source's supervising permission above the step's level.

    started: whether user started the row, where the caller knows (a page with its people loaded)."""
    queue = _waiting_queue(source, row)
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


def _waiting_queue(source: Source, row):
    state = getattr(row, source.workflow.state_field)
    return next((q for q in source.queues if q.state == state), None)


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


@transaction.atomic
def chase(*, actor, source: Source, row) -> Chase:
    """Tell the holders of the record's waiting step that someone is waiting; once a day per record."""
    queue = _waiting_queue(source, row)
    if queue is None or not queue.perms:
        raise ValidationFailed(_("This record waits on nobody who can be chased."))
    if not may_chase(actor, source, row):
        raise PermissionDenied(_("Only the person waiting, or an administrator above, can chase this step."))
    now = timezone.now()
    recent = last_chase(source, row)
    if recent is not None and not may_chase_again(recent, now):
        raise ValidationFailed(_("This step was chased within the last day; it can be chased again tomorrow."))
    organization = deciding_organization(source, queue, row)
    holders = nearest_holders(queue.perms, org_path=organization.path) - {actor.pk}
    title = source.title(row)
    told = notify(
        holders,
        kind="todo.chase",
        message=_("%(who)s is waiting on you: %(title)s, %(step)s.")
        % {"who": actor.display_name or _("A colleague"), "title": title, "step": queue.label},
        target=row,
        url=source.url(row),
    )
    chased = Chase.objects.create(
        workflow=source.workflow.name, object_id=row.pk, state=queue.state, by=actor, at=now, told=told
    )
    audit_record(
        action="todo.chase",
        obj=(source.workflow.audit_object or (lambda r: r))(row),
        changes={"step": str(queue.label), "told": told},
        actor=actor,
    )
    return chased
