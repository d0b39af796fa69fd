"""催办: the person waiting on a step (or an administrator above its holders) asks them to take it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.audit.services import audit_record
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.notifications.routing import nearest_holders
from zhichuang.notifications.services import notify

from .models import Chase
from .queues import Source
from .selectors import deciding_organization, last_chase, may_chase, may_chase_again, overdue_supervised


@transaction.atomic
def chase(*, actor, source: Source, row) -> Chase:
    """Tell the holders of the record's waiting step that someone is waiting; once a day per record."""
    queue = source.waiting_queue(row)
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


# The most records one "chase all" reaches (a district's overdue steps are a few dozen).
CHASE_ALL_MAX = 200


def chase_overdue(*, actor, source: Source) -> tuple[int, int]:
    """督办 in one action: chase every overdue step the actor supervises that was not chased within a day.
    Returns (chased, skipped: chased recently, or not the actor's to chase). Each chase is its own
    transaction, refused by chase() itself."""
    chased = skipped = 0
    for row in overdue_supervised(actor, source)[:CHASE_ALL_MAX]:
        try:
            chase(actor=actor, source=source, row=row)
        except (ValidationFailed, PermissionDenied):
            skipped += 1
        else:
            chased += 1
    return chased, skipped
