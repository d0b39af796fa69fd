"""What follows a committed step, through the workflow's one "state changed" hook (proposals/listeners.py):
the proposers and staff are told, the similarity index and the statistics rollup follow, and nothing of it
happens for a step that was refused or before the commit."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.core.errors import PermissionDenied
from zhichuang.notifications.models import Notification
from zhichuang.proposals import tasks
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.rollup.models import StatCell
from zhichuang.proposals.workflow import proposal_transition
from zhichuang.similarity.models import Document

S = ProposalState


def test_a_submission_tells_the_staff_indexes_and_counts_once_committed(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proposal = proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    assert len(callbacks) == 1
    assert not Notification.objects.exists()
    assert not Document.objects.filter(object_id=proposal.pk).exists()
    assert not StatCell.objects.exists()

    callbacks[0]()
    assert set(Notification.objects.values_list("user_id", "kind")) == {
        (shop.admin.pk, "waiting"),
        (shop.evaluator.pk, "waiting"),
    }
    assert Document.objects.filter(object_id=proposal.pk).exists()
    year = timezone.localtime(proposal.submitted_at).year
    cell = StatCell.objects.get(node_path=shop.steel.path, year=year, shape=1)
    assert (cell.kind, cell.state, cell.proposals) == (proposal.kind, S.SUBMITTED, 1)


def test_a_refused_step_sets_nothing_off(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionDenied):
        proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.SUBMITTED)
    assert callbacks == []
    assert not Notification.objects.exists() and not StatCell.objects.exists()


def test_a_failing_notification_neither_undoes_the_step_nor_stops_the_rollup(
    shop, monkeypatch, django_capture_on_commit_callbacks
):
    def down(**kwargs):
        raise ConnectionError("task queue down")

    monkeypatch.setattr(tasks, "notify_transition", SimpleNamespace(enqueue=down))
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.EVALUATING)
    proposal.refresh_from_db()
    assert proposal.state == S.EVALUATING
    assert not Notification.objects.exists()
    assert StatCell.objects.filter(node_path=shop.steel.path, state=S.EVALUATING, shape=1).get().proposals == 1
