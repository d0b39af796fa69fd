import pytest
from django.utils import timezone

from tests import factories
from zhichuang.proposals import benefits, workflow
from zhichuang.proposals.enums import ClaimStatus, ProposalState
from zhichuang.proposals.models import BenefitClaim, Proposal
from zhichuang.proposals.todo import PROPOSALS
from zhichuang.todo.selectors import done_items, next_step, queue_get, started_items, waiting_items

S = ProposalState


@pytest.mark.django_db
def test_done_lists_the_steps_a_user_took_newest_first_and_nobody_elses(shop):
    first = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    second = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    workflow.proposal_transition(actor=shop.admin, proposal=first, to_state=S.EVALUATING)
    workflow.proposal_transition(actor=shop.admin, proposal=second, to_state=S.RETURNED, reason="请补充数据")
    workflow.proposal_transition(actor=shop.evaluator, proposal=first, to_state=S.RETURNED, reason="缺图纸")
    done = done_items(shop.admin)
    assert [(item.title, item.label) for item in done] == [
        (f"{second.number} {second.title}", "退回修改"),
        (f"{first.number} {first.title}", "受理项目"),
    ]
    assert done[1].extra["state"] == "退回修改"
    assert [item.title for item in done_items(shop.evaluator)] == [f"{first.number} {first.title}"]
    assert done_items(shop.other_admin) == []


@pytest.mark.django_db
def test_started_lists_a_proposers_submitted_proposals_with_where_they_are(shop):
    draft = factories.make_proposal(shop.lead)
    draft.refresh_from_db()
    submitted = factories.make_proposal(
        shop.lead, state=S.SUBMITTED, members=[(shop.lead, "70"), (shop.colleague, "30")]
    )
    started = started_items(shop.lead.user)
    assert [(item.pk, item.label) for item in started] == [(submitted.pk, "已提交")]
    assert [item.pk for item in started_items(shop.colleague.user)] == [submitted.pk]
    assert started_items(shop.admin) == []


@pytest.mark.django_db
def test_next_step_names_the_enterprise_and_the_roles_that_hold_it(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    step = next_step(PROPOSALS, proposal)
    assert step.label == "待受理"
    assert step.organization == "北钢集团"
    assert step.holders == "企业工会管理员、评审员"
    assert step.due == proposal.due_at and not step.overdue
    proposal.due_at = timezone.now() - timezone.timedelta(days=1)
    assert next_step(PROPOSALS, proposal).overdue


@pytest.mark.django_db
def test_a_returned_proposal_waits_on_its_proposer_and_a_rewarded_one_on_nobody(shop):
    returned = factories.make_proposal(shop.lead, state=S.RETURNED)
    assert next_step(PROPOSALS, returned).waits_on_proposer
    assert next_step(PROPOSALS, factories.make_proposal(shop.lead, state=S.REWARDED)) is None


@pytest.mark.django_db
def test_done_names_each_workflows_step_and_state_in_words(shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    claim = factories.make_verified_claim(proposal, verifier=shop.finance, creator=shop.admin)
    BenefitClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)
    claim.refresh_from_db()
    benefits.claim_verify(actor=shop.finance, claim=claim, expected_version=claim.version)
    done = {(item.label, item.extra["state"]) for item in done_items(shop.finance)}
    assert ("核定效益", "已核定") in done  # the claim's step, its state in words, not "verified"
    assert all(not state.isascii() for _label, state in done)


@pytest.mark.django_db
def test_done_lists_the_recommendations_a_user_made_and_they_wait_from_the_recommendation(shop):
    """The recommendation workflow keeps Recommendation rows, not a transition history: 已办 reads them,
    and 待办's "waiting since" is when the proposal reached its level, not its last state change."""
    proposal = factories.make_proposal(shop.lead, state=S.ADOPTED)
    changed = timezone.now() - timezone.timedelta(days=40)
    Proposal.objects.filter(pk=proposal.pk).update(state_changed_at=changed)
    proposal.refresh_from_db()
    made = workflow.proposal_recommend(actor=shop.admin, proposal=proposal, reason="节约显著")
    assert [(item.title, item.label, item.extra["state"]) for item in done_items(shop.admin)] == [
        (f"{proposal.number} {proposal.title}", "评为企业级优秀成果", "企业级优秀成果")
    ]
    assert done_items(shop.district) == [] and done_items(shop.other_admin) == []
    source, queue = queue_get("proposals.recommended_to_district")
    waiting = waiting_items(shop.district, source, queue, source.rows(shop.district, queue))
    assert [(item.pk, item.since) for item in waiting] == [(proposal.pk, made.at)]
    # The district names it a district result: its own 已办, the city's 待办 from that moment.
    proposal.refresh_from_db()
    second = workflow.proposal_recommend(actor=shop.district, proposal=proposal)
    assert [item.label for item in done_items(shop.district)] == ["评为县(市、区)级优秀成果"]
    source, queue = queue_get("proposals.recommended_to_city")
    assert [item.since for item in waiting_items(shop.city, source, queue, source.rows(shop.city, queue))] == [
        second.at
    ]
