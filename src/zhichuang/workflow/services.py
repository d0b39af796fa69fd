"""The one function that takes a workflow step (see steps.py for the declaration)."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.audit.services import audit_record
from zhichuang.core.errors import NotFound, PermissionDenied, ValidationFailed

from .signals import StateChange, state_changed
from .steps import StepContext, Workflow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Moved:
    row: object  # the row as saved, in its new state
    record: object  # the history row of the step
    from_state: str
    changes: dict  # the fields set on the row


def transition(
    workflow: Workflow,
    *,
    actor,
    row,
    to_state: str,
    reason: str = "",
    data: dict | None = None,
    expected_version: int | None = None,
    updates: dict | None = None,
    audit: dict | None = None,
) -> Moved:
    """Take the step from the row's state to to_state, or raise and change nothing.

    In one transaction: lock the row, refuse a stale version (Conflict), a step the table does not have,
    step data it does not take, an actor who may not take it (PermissionDenied) or an unmet requirement;
    then set the state (with the version, the deadline, the timestamps, the requirements' `updates` and
    the caller's), record the step in the history, write the audit row, and announce the change on
    `state_changed` once the transaction commits. updates/audit: fields the calling service has checked
    already, and details for the audit row.
    """
    reason = (reason or "").strip()
    if len(reason) > workflow.reason_max:
        raise ValidationFailed(
            details={"reason": [_("Give text of at most %(limit)d characters.") % {"limit": workflow.reason_max}]}
        )
    data = workflow.clean_data(data)
    with transaction.atomic():
        try:
            # Only the row is locked (FOR UPDATE OF): PostgreSQL refuses to lock the nullable side of an outer join,
            # which a nullable relation in `related` makes.
            locked = (
                workflow.model.objects.select_for_update(of=("self",)).select_related(*workflow.related).get(pk=row.pk)
            )
        except workflow.model.DoesNotExist:
            raise NotFound() from None
        if (
            expected_version is not None
            and workflow.version_field
            and getattr(locked, workflow.version_field) != expected_version
        ):
            raise workflow.stale()
        from_state = getattr(locked, workflow.state_field)
        step = workflow.step(from_state, to_state)
        refused = sorted(key for key in data if key not in step.data)
        if refused:
            raise ValidationFailed(details={key: [_("This step does not take this.")] for key in refused})
        if not workflow.may_act(actor, locked, step):
            raise PermissionDenied()
        now = timezone.now()
        ctx = StepContext(
            workflow=workflow,
            step=step,
            actor=actor,
            row=locked,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            data=data,
            now=now,
            organization=workflow.step_organization(locked, step),
        )
        for requirement in step.requires:
            requirement(ctx)

        changes = {**ctx.updates, **(updates or {}), workflow.state_field: to_state}
        if workflow.version_field:
            changes[workflow.version_field] = getattr(locked, workflow.version_field) + 1
        if workflow.changed_at_field:
            changes[workflow.changed_at_field] = now
        if workflow.due_field:
            days = step.days(locked, to_state) if callable(step.days) else step.days
            changes[workflow.due_field] = None if days is None else now + timedelta(days=days)
        stamp = workflow.timestamps.get(to_state)
        if stamp and getattr(locked, stamp) is None:
            changes[stamp] = now
        for name, value in changes.items():
            setattr(locked, name, value)
        automatic = [f.name for f in workflow.model._meta.concrete_fields if getattr(f, "auto_now", False)]
        locked.save(update_fields=[*changes, *(name for name in automatic if name not in changes)])

        record = (workflow.record or _history)(ctx)
        audit_record(
            action=f"{workflow.audit_prefix}.{step.action}",
            obj=workflow.audit_object(locked) if workflow.audit_object else locked,
            changes={
                workflow.state_field: [from_state, to_state],
                "reason": reason,
                **ctx.audit,
                **(audit or {}),
                **data,
            },
            actor=actor,
        )
        change = StateChange(
            workflow=workflow.name,
            pk=locked.pk,
            from_state=from_state,
            to_state=to_state,
            action=step.action,
            actor_id=getattr(actor, "pk", None),
            record_pk=getattr(record, "pk", None),
            at=now,
            data=dict(data),
        )
        transaction.on_commit(partial(announce, workflow, change), robust=True)
    return Moved(row=locked, record=record, from_state=from_state, changes=changes)


def _history(ctx: StepContext):
    workflow = ctx.workflow
    if workflow.history is None:
        return None
    return workflow.history.objects.create(
        **{workflow.subject: ctx.row},
        from_state=ctx.from_state,
        to_state=ctx.to_state,
        actor=ctx.actor if getattr(ctx.actor, "pk", None) else None,
        at=ctx.now,
        reason=ctx.reason,
        data={"action": ctx.step.action, **ctx.data},
    )


def announce(workflow: Workflow, change: StateChange) -> None:
    """Tell the workflow's listeners (run after the commit). A listener that fails is logged; the others run."""
    for _receiver, result in state_changed.send_robust(sender=workflow, change=change):
        if isinstance(result, Exception):
            failure = (type(result), result, result.__traceback__)
            logger.error("A listener of %s failed on %s", workflow.name, change, exc_info=failure)
