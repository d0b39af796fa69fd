import pytest
from django.utils import timezone

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.notifications.models import Notification
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.todo import PROPOSALS
from zhichuang.todo.models import Chase
from zhichuang.todo.services import chase, chase_overdue, may_chase

S = ProposalState


@pytest.mark.django_db
def test_the_proposer_chases_the_step_and_its_holders_are_told(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    chased = chase(actor=shop.lead.user, source=PROPOSALS, row=proposal)
    assert (chased.workflow, chased.object_id, chased.state, chased.by) == (
        "proposals.proposal",
        proposal.pk,
        S.SUBMITTED,
        shop.lead.user,
    )
    told = set(Notification.objects.filter(kind="todo.chase").values_list("user_id", flat=True))
    assert told == {shop.admin.pk, shop.evaluator.pk}
    assert chased.told == 2
    entry = AuditEntry.objects.get(action="todo.chase")
    assert entry.object_id == str(proposal.pk) and entry.changes == {"step": "待受理", "told": 2}


@pytest.mark.django_db
def test_a_step_is_chased_once_a_day(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    chase(actor=shop.lead.user, source=PROPOSALS, row=proposal)
    with pytest.raises(ValidationFailed, match="一天"):
        chase(actor=shop.district, source=PROPOSALS, row=proposal)
    assert Chase.objects.count() == 1
    Chase.objects.update(at=timezone.now() - timezone.timedelta(days=1, minutes=1))
    chase(actor=shop.district, source=PROPOSALS, row=proposal)
    assert Chase.objects.count() == 2


@pytest.mark.django_db
def test_who_may_chase(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    assert may_chase(shop.lead.user, PROPOSALS, proposal)  # the person waiting
    assert may_chase(shop.district, PROPOSALS, proposal)  # an administrator above the holders
    assert may_chase(shop.city, PROPOSALS, proposal)
    assert not may_chase(shop.admin, PROPOSALS, proposal)  # the holders themselves
    assert not may_chase(shop.evaluator, PROPOSALS, proposal)
    assert not may_chase(shop.other_admin, PROPOSALS, proposal)
    assert not may_chase(shop.colleague.user, PROPOSALS, proposal)  # not one of its proposers
    with pytest.raises(PermissionDenied):
        chase(actor=shop.other_admin, source=PROPOSALS, row=proposal)
    assert not Chase.objects.exists() and not Notification.objects.filter(kind="todo.chase").exists()


@pytest.mark.django_db
def test_a_step_waiting_on_the_proposer_cannot_be_chased(shop):
    proposal = factories.make_proposal(shop.lead, state=S.RETURNED)
    assert not may_chase(shop.district, PROPOSALS, proposal)
    with pytest.raises(ValidationFailed):
        chase(actor=shop.district, source=PROPOSALS, row=proposal)


@pytest.mark.django_db
def test_a_district_chases_all_its_units_overdue_steps_at_once(shop):
    past = timezone.now() - timezone.timedelta(days=3)
    late = [factories.make_proposal(shop.lead, state=S.SUBMITTED) for _ in range(3)]
    on_time = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    south = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED)
    Proposal.objects.filter(pk__in=[p.pk for p in late] + [south.pk]).update(due_at=past)
    chase(actor=shop.lead.user, source=PROPOSALS, row=late[0])  # chased today already
    assert chase_overdue(actor=shop.district, source=PROPOSALS) == (2, 1)
    chased = set(Chase.objects.filter(by=shop.district).values_list("object_id", flat=True))
    assert chased == {late[1].pk, late[2].pk}  # not the one on time, not the south's
    assert on_time.pk not in chased and south.pk not in chased
    assert chase_overdue(actor=shop.district, source=PROPOSALS) == (0, 3)  # once a day
    assert chase_overdue(actor=shop.admin, source=PROPOSALS) == (0, 0)  # the holders supervise nothing above
