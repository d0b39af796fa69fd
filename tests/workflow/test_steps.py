"""What the declaration answers without taking a step: who may act, the buttons, reachable states."""

from tests.workflow_toy.workflow import PARCEL_WORKFLOW
from zhichuang.accounts.models import RoleAssignment


def test_targets_are_the_steps_the_user_may_take_now(desk):
    sent = desk.parcel("sent")
    accepted = desk.parcel("accepted")
    assert PARCEL_WORKFLOW.targets(desk.admin, sent) == ["accepted", "returned"]
    assert PARCEL_WORKFLOW.targets(desk.owner, sent) == []
    assert PARCEL_WORKFLOW.targets(desk.owner, desk.parcel()) == ["sent"]
    assert PARCEL_WORKFLOW.targets(desk.owner, accepted) == ["closed"]
    assert PARCEL_WORKFLOW.targets(desk.district, accepted) == ["closed"]  # a district admin holds it above
    assert PARCEL_WORKFLOW.targets(desk.other_admin, accepted) == []


def test_a_known_relation_answer_is_used_instead_of_asking(desk, django_assert_num_queries):
    parcel = desk.parcel()
    step = PARCEL_WORKFLOW.steps[("draft", "sent")]
    with django_assert_num_queries(0):
        assert PARCEL_WORKFLOW.may_act(desk.colleague, parcel, step, known={"owner": lambda: True})
        assert not PARCEL_WORKFLOW.may_act(desk.owner, parcel, step, known={"owner": lambda: False})


def test_a_revoked_role_may_no_longer_act(desk):
    parcel = desk.parcel("sent")
    RoleAssignment.objects.filter(user=desk.admin).delete()
    desk.admin.refresh_from_db()
    assert PARCEL_WORKFLOW.targets(desk.admin, parcel) == []


def test_reachable_and_waiting_states():
    assert PARCEL_WORKFLOW.reachable({"returned"}) == {"returned", "sent", "accepted", "closed"}
    assert PARCEL_WORKFLOW.reachable({"closed"}) == {"closed"}
    assert PARCEL_WORKFLOW.waiting_states == {"sent", "accepted"}
