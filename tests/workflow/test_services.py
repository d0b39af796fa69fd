"""The shared transition on a toy model (tests/workflow_toy): every step the toy declares, written out here
rather than read from its table, and every refusal leaving the row, its history and the audit log as they were."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.workflow_toy.models import Parcel, ParcelTransition
from tests.workflow_toy.workflow import PARCEL_WORKFLOW
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from zhichuang.workflow.services import transition
from zhichuang.workflow.signals import StateChange

STATES = ["draft", "sent", "accepted", "returned", "closed"]
# (from, to, action, who may take it, extra arguments that meet its requirements)
LEGAL = [
    ("draft", "sent", "send", "owner", {}),
    ("sent", "accepted", "accept", "admin", {"data": {"note": "已核对"}}),
    ("sent", "returned", "return", "admin", {"reason": "缺少型号"}),
    ("returned", "sent", "resend", "owner", {}),
    ("accepted", "closed", "close", "admin", {}),
    ("accepted", "closed", "close", "owner", {}),
]
ILLEGAL = [
    ("draft", "draft"),
    ("draft", "accepted"),
    ("draft", "returned"),
    ("draft", "closed"),
    ("sent", "draft"),
    ("sent", "sent"),
    ("sent", "closed"),
    ("accepted", "draft"),
    ("accepted", "sent"),
    ("accepted", "accepted"),
    ("accepted", "returned"),
    ("returned", "draft"),
    ("returned", "accepted"),
    ("returned", "returned"),
    ("returned", "closed"),
    ("closed", "draft"),
    ("closed", "sent"),
    ("closed", "accepted"),
    ("closed", "returned"),
    ("closed", "closed"),
]
# Who must be refused each step, though they see the enterprise or the parcel.
REFUSED = {
    "send": ["colleague", "admin", "other_admin"],
    "accept": ["owner", "colleague", "other_admin"],
    "return": ["owner", "colleague", "other_admin"],
    "resend": ["colleague", "admin", "district"],
    "close": ["colleague", "other_admin"],
}


def test_the_expected_steps_are_all_there_are():
    pairs = {(source, target) for source, target, *_rest in LEGAL}
    assert len(pairs) + len(ILLEGAL) == len(STATES) ** 2
    assert not pairs & set(ILLEGAL)


def _unchanged(parcel: Parcel):
    """Snapshot of everything a refused step must leave alone."""
    row = Parcel.objects.filter(pk=parcel.pk).values().get()
    return row, list(ParcelTransition.objects.values()), AuditEntry.objects.count()


@pytest.mark.parametrize(("source", "target", "action", "who", "kwargs"), LEGAL)
def test_a_legal_step_changes_the_state_and_records_it(
    desk, source, target, action, who, kwargs, django_capture_on_commit_callbacks
):
    parcel = desk.parcel(source)
    actor = getattr(desk, who)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moved = transition(PARCEL_WORKFLOW, actor=actor, row=parcel, to_state=target, expected_version=1, **kwargs)

    row = Parcel.objects.get(pk=parcel.pk)
    assert (row.state, row.version) == (target, 2)
    assert moved.row.state == target and moved.from_state == source
    record = ParcelTransition.objects.get(parcel=parcel)
    assert record == moved.record
    assert (record.from_state, record.to_state, record.actor, record.reason) == (
        source,
        target,
        actor,
        kwargs.get("reason", ""),
    )
    assert record.data == {"action": action, **kwargs.get("data", {})}
    entry = AuditEntry.objects.get(action=f"toy.{action}")
    assert entry.object_id == str(parcel.pk)
    assert entry.changes["state"] == [source, target]
    assert len(callbacks) == 1  # one announcement, after the commit


def test_a_step_sets_the_timestamps_the_deadline_and_the_requirements_updates(desk):
    parcel = desk.parcel()
    before = timezone.now()
    row = transition(PARCEL_WORKFLOW, actor=desk.owner, row=parcel, to_state="sent").row
    assert row.sent_at >= before and row.changed_at == row.sent_at
    assert timedelta(days=3) <= row.due_at - before < timedelta(days=3, seconds=5)
    row = transition(PARCEL_WORKFLOW, actor=desk.admin, row=row, to_state="returned", reason="缺少型号").row
    assert row.due_at is None  # waiting for the owner: no deadline
    row = transition(PARCEL_WORKFLOW, actor=desk.owner, row=row, to_state="sent").row
    assert timedelta(days=2) <= row.due_at - before < timedelta(days=2, seconds=5)  # a deadline by function
    first_sent = Parcel.objects.get(pk=parcel.pk).sent_at
    assert first_sent == ParcelTransition.objects.filter(to_state="sent").first().at  # first reached, kept
    row = transition(PARCEL_WORKFLOW, actor=desk.admin, row=row, to_state="accepted", data={"note": "已核对"}).row
    saved = Parcel.objects.get(pk=parcel.pk)
    assert (saved.accepted_note, saved.version) == ("已核对", 5)
    assert AuditEntry.objects.get(action="toy.accept").changes == {
        "state": ["sent", "accepted"],
        "reason": "",
        "parcel": parcel.pk,
        "note": "已核对",
    }


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_a_step_not_in_the_table_is_refused_and_changes_nothing(desk, source, target):
    parcel = desk.parcel(source)
    before = _unchanged(parcel)
    with pytest.raises(ValidationFailed) as refused:
        transition(PARCEL_WORKFLOW, actor=desk.admin, row=parcel, to_state=target, reason="x")
    assert str(refused.value.message) == _("“%(from)s” cannot become “%(to)s”.") % {"from": source, "to": target}
    assert _unchanged(parcel) == before


@pytest.mark.parametrize(("source", "target", "action", "who", "kwargs"), LEGAL)
def test_a_step_is_refused_to_whoever_may_not_take_it(desk, source, target, action, who, kwargs):
    parcel = desk.parcel(source)
    before = _unchanged(parcel)
    for outsider in REFUSED[action]:
        with pytest.raises(PermissionDenied):
            transition(PARCEL_WORKFLOW, actor=getattr(desk, outsider), row=parcel, to_state=target, **kwargs)
    assert _unchanged(parcel) == before


def test_a_stale_version_is_refused_and_changes_nothing(desk):
    parcel = desk.parcel()
    transition(PARCEL_WORKFLOW, actor=desk.owner, row=parcel, to_state="sent", expected_version=1)
    before = _unchanged(parcel)
    with pytest.raises(Conflict) as refused:
        transition(PARCEL_WORKFLOW, actor=desk.admin, row=parcel, to_state="returned", reason="r", expected_version=1)
    assert str(refused.value.message) == _("Someone else changed this record meanwhile. Reload it and try again.")
    assert _unchanged(parcel) == before


@pytest.mark.parametrize(
    ("source", "target", "actor", "kwargs", "field"),
    [
        ("draft", "sent", "owner", {}, "title"),  # has_title
        ("sent", "returned", "admin", {"reason": "   "}, "reason"),  # needs_reason, after stripping
    ],
)
def test_an_unmet_requirement_is_refused_and_changes_nothing(desk, source, target, actor, kwargs, field):
    parcel = desk.parcel(source, title="  ")
    before = _unchanged(parcel)
    with pytest.raises(ValidationFailed) as refused:
        transition(PARCEL_WORKFLOW, actor=getattr(desk, actor), row=parcel, to_state=target, **kwargs)
    assert field in refused.value.details
    assert _unchanged(parcel) == before


@pytest.mark.parametrize(
    ("data", "reason", "message", "field"),
    [
        ({"colour": "red"}, "", "Unknown step data: %(keys)s. A step takes only %(known)s.", None),
        ({"note": "x" * 21}, "", None, "note"),
        ({"note": ["a list"]}, "", None, "note"),
        ({}, "x" * 2001, None, "reason"),
    ],
)
def test_step_data_outside_the_vocabulary_or_too_long_is_refused(desk, data, reason, message, field):
    parcel = desk.parcel("sent")
    before = _unchanged(parcel)
    with pytest.raises(ValidationFailed) as refused:
        transition(PARCEL_WORKFLOW, actor=desk.admin, row=parcel, to_state="accepted", data=data, reason=reason)
    if message:
        assert str(refused.value.message) == _(message) % {"keys": "colour", "known": "note"}
    else:
        assert field in refused.value.details
    assert _unchanged(parcel) == before


def test_step_data_a_step_does_not_take_is_refused(desk):
    parcel = desk.parcel("sent")
    before = _unchanged(parcel)
    with pytest.raises(ValidationFailed) as refused:
        transition(PARCEL_WORKFLOW, actor=desk.admin, row=parcel, to_state="returned", reason="r", data={"note": "n"})
    assert refused.value.details == {"note": [_("This step does not take this.")]}
    assert _unchanged(parcel) == before


def test_a_missing_row_is_not_found(desk):
    parcel = desk.parcel()
    Parcel.objects.filter(pk=parcel.pk).delete()
    with pytest.raises(NotFound):
        transition(PARCEL_WORKFLOW, actor=desk.owner, row=parcel, to_state="sent")


class _Heard:
    def __init__(self):
        self.changes = []

    def __call__(self, change):
        self.changes.append(change)


def test_listeners_hear_each_step_once_after_the_commit(desk, django_capture_on_commit_callbacks):
    heard = _Heard()
    PARCEL_WORKFLOW.listen(heard, uid="test.heard")
    try:
        parcel = desk.parcel()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            moved = transition(PARCEL_WORKFLOW, actor=desk.owner, row=parcel, to_state="sent")
        assert heard.changes == []  # nothing before the commit
        for callback in callbacks:
            callback()
        assert heard.changes == [
            StateChange(
                workflow="toy.parcel",
                pk=parcel.pk,
                from_state="draft",
                to_state="sent",
                action="send",
                actor_id=desk.owner.pk,
                record_pk=moved.record.pk,
                at=moved.row.changed_at,
                data={},
            )
        ]
    finally:
        PARCEL_WORKFLOW.unlisten(uid="test.heard")


def test_a_refused_step_announces_nothing(desk, django_capture_on_commit_callbacks):
    heard = _Heard()
    PARCEL_WORKFLOW.listen(heard, uid="test.refused")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
            transition(PARCEL_WORKFLOW, actor=desk.colleague, row=desk.parcel(), to_state="sent")
        assert callbacks == [] and heard.changes == []
    finally:
        PARCEL_WORKFLOW.unlisten(uid="test.refused")


def test_a_failing_listener_neither_stops_the_others_nor_undoes_the_step(desk, django_capture_on_commit_callbacks):
    heard = _Heard()

    def broken(change):
        raise RuntimeError("listener down")

    PARCEL_WORKFLOW.listen(broken, uid="test.broken")
    PARCEL_WORKFLOW.listen(heard, uid="test.after_broken")
    try:
        parcel = desk.parcel()
        with django_capture_on_commit_callbacks(execute=True):
            transition(PARCEL_WORKFLOW, actor=desk.owner, row=parcel, to_state="sent")
        assert [change.to_state for change in heard.changes] == ["sent"]
        assert Parcel.objects.get(pk=parcel.pk).state == "sent"
    finally:
        PARCEL_WORKFLOW.unlisten(uid="test.broken")
        PARCEL_WORKFLOW.unlisten(uid="test.after_broken")
