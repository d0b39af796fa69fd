from datetime import timedelta

from django.utils import timezone

from tests.workflow_toy.models import Parcel
from tests.workflow_toy.workflow import PARCEL_WORKFLOW
from zhichuang.workflow import deadlines
from zhichuang.workflow.services import transition


def _sent(desk, *, days_ago: int):
    parcel = transition(PARCEL_WORKFLOW, actor=desk.owner, row=desk.parcel(), to_state="sent").row
    Parcel.objects.filter(pk=parcel.pk).update(due_at=timezone.now() - timedelta(days=days_ago))
    return Parcel.objects.get(pk=parcel.pk)


def test_overdue_is_waiting_past_the_deadline(desk):
    late = _sent(desk, days_ago=1)
    on_time = transition(PARCEL_WORKFLOW, actor=desk.owner, row=desk.parcel(), to_state="sent").row
    returned = desk.parcel("returned", due_at=timezone.now() - timedelta(days=9))  # not waiting on anyone
    assert set(Parcel.objects.filter(deadlines.overdue_q(PARCEL_WORKFLOW))) == {late}
    assert deadlines.is_overdue(PARCEL_WORKFLOW, late)
    assert not deadlines.is_overdue(PARCEL_WORKFLOW, on_time)
    assert not deadlines.is_overdue(PARCEL_WORKFLOW, returned)
    assert deadlines.is_overdue(PARCEL_WORKFLOW, on_time, now=timezone.now() + timedelta(days=4))


def test_reminders_go_once_a_day_per_overdue_row(desk):
    late = _sent(desk, days_ago=2)
    _on_time = transition(PARCEL_WORKFLOW, actor=desk.owner, row=desk.parcel(), to_state="sent").row
    reminded = []
    now = timezone.now()

    assert deadlines.remind_overdue(PARCEL_WORKFLOW, remind=reminded.append, now=now, fields=("title",)) == 1
    assert [row.pk for row in reminded] == [late.pk]
    assert Parcel.objects.get(pk=late.pk).reminded_at == now
    # Within the day: nobody again. A day later: again.
    assert deadlines.remind_overdue(PARCEL_WORKFLOW, remind=reminded.append, now=now + timedelta(hours=23)) == 0
    assert deadlines.remind_overdue(PARCEL_WORKFLOW, remind=reminded.append, now=now + timedelta(days=1, hours=1)) == 1
    assert len(reminded) == 2


def test_a_step_out_of_the_waiting_state_ends_the_reminders(desk):
    late = _sent(desk, days_ago=2)
    transition(PARCEL_WORKFLOW, actor=desk.admin, row=late, to_state="returned", reason="缺少型号")
    assert deadlines.remind_overdue(PARCEL_WORKFLOW, remind=lambda row: None) == 0
