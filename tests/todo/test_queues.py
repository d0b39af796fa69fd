"""Who each declared queue waits on: exactly the holders at its level, and nobody else."""

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.proposals import evaluation
from zhichuang.proposals.enums import ClaimStatus, ProposalState, RecommendationLevel
from zhichuang.proposals.models import BenefitClaim, Proposal
from zhichuang.todo.selectors import queue_counts, queue_get, sources

S = ProposalState


def test_every_queue_waits_on_people_who_can_take_a_step_out_of_its_state():
    for source in sources():
        for queue in source.queues:
            steps = [step for (origin, _to), step in source.workflow.steps.items() if origin == queue.state]
            who = {w for step in steps for w in step.who}
            assert steps, f"{queue.key}: no step leaves {queue.state}"
            assert set(queue.perms) <= who, f"{queue.key}: {queue.perms} take no step out of {queue.state}"


def _rows(key, user):
    source, queue = queue_get(key)
    return list(source.rows(user, queue))


@pytest.mark.django_db
def test_submitted_proposals_wait_on_their_enterprise_only(shop):
    mine = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    elsewhere = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED)
    assert _rows("proposals.submitted", shop.admin) == [mine]
    assert _rows("proposals.submitted", shop.evaluator) == [mine]
    assert _rows("proposals.submitted", shop.other_admin) == [elsewhere]
    # The district and the city could accept too, but the step is the enterprise's: not their 待办.
    assert _rows("proposals.submitted", shop.district) == []
    assert _rows("proposals.submitted", shop.city) == []
    assert _rows("proposals.submitted", shop.finance) == []
    assert _rows("proposals.submitted", shop.lead.user) == []


@pytest.mark.django_db
def test_a_returned_proposal_waits_on_its_proposers(shop):
    returned = factories.make_proposal(shop.lead, state=S.RETURNED, members=[(shop.lead, "50"), (shop.colleague, "50")])
    factories.make_proposal(shop.tree["port_worker"], state=S.RETURNED)
    assert _rows("proposals.returned", shop.lead.user) == [returned]
    assert _rows("proposals.returned", shop.colleague.user) == [returned]
    assert _rows("proposals.returned", shop.admin) == []


@pytest.mark.django_db
def test_an_implemented_proposal_waits_on_finance_once_its_claim_is_submitted(shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    assert _rows("proposals.implemented", shop.admin) == [proposal]
    claim = factories.make_verified_claim(proposal, verifier=shop.finance, creator=shop.admin)
    BenefitClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED, submitted_at=claim.created_at)
    assert _rows("proposals.implemented", shop.admin) == []
    assert [c.pk for c in _rows("proposals.claim_submitted", shop.finance)] == [claim.pk]
    assert _rows("proposals.claim_submitted", shop.other_finance) == []
    assert _rows("proposals.claim_submitted", shop.admin) == []


@pytest.mark.django_db
def test_pending_payouts_wait_on_finance_and_the_enterprise(shop):
    proposal = factories.make_rewarded_proposal(
        shop.lead, co_proposer=shop.colleague, admin=shop.admin, finance=shop.finance
    )
    shares = sorted(s.payout_id for r in proposal.rewards.all() for s in r.shares.all())
    assert sorted(s.pk for s in _rows("payouts.pending", shop.finance)) == shares
    assert sorted(s.pk for s in _rows("payouts.pending", shop.admin)) == shares
    assert _rows("payouts.pending", shop.other_finance) == []
    assert _rows("payouts.pending", shop.district) == []


@pytest.mark.django_db
def test_recommendations_wait_on_the_next_level_up_only(shop):
    to_district = factories.make_proposal(shop.lead, state=S.ADOPTED)
    to_city = factories.make_proposal(shop.lead, state=S.ADOPTED)
    Proposal.objects.filter(pk=to_district.pk).update(recommended_level=RecommendationLevel.ENTERPRISE)
    Proposal.objects.filter(pk=to_city.pk).update(recommended_level=RecommendationLevel.DISTRICT)
    south = factories.make_admin(Role.DISTRICT_ADMIN, shop.tree["south"])
    assert _rows("proposals.recommended_to_district", shop.district) == [to_district]
    assert _rows("proposals.recommended_to_district", south) == []
    assert _rows("proposals.recommended_to_district", shop.city) == []
    assert _rows("proposals.recommended_to_district", shop.admin) == []
    assert _rows("proposals.recommended_to_city", shop.city) == [to_city]
    assert _rows("proposals.recommended_to_city", shop.district) == []


@pytest.mark.django_db
def test_counts_are_those_of_the_queues_a_user_holds(shop):
    factories.make_proposal(shop.lead, state=S.SUBMITTED)
    factories.make_proposal(shop.lead, state=S.SUBMITTED)
    factories.make_proposal(shop.lead, state=S.EVALUATING)
    counts = {c.queue.key: c.count for c in queue_counts(shop.evaluator)}
    assert counts == {"proposals.submitted": 2, "proposals.evaluating": 1, "proposals.to_decide": 0}
    assert {c.queue.key for c in queue_counts(shop.lead.user)} == {"proposals.returned"}
    assert queue_counts(factories.make_user()) == []


@pytest.mark.django_db
def test_a_proposal_under_evaluation_waits_on_each_evaluator_until_they_have_scored_it(shop):
    proposal = factories.make_proposal(shop.lead, state=S.EVALUATING)
    second = factories.make_admin(Role.EVALUATOR, shop.steel)
    assert _rows("proposals.evaluating", shop.evaluator) == [proposal]
    assert _rows("proposals.to_decide", shop.evaluator) == []
    card = evaluation.scorecard_for(shop.steel)
    scores = {c["key"]: 80 for c in card.criteria}
    evaluation.evaluation_record(actor=shop.evaluator, proposal=proposal, scores=scores)
    assert _rows("proposals.evaluating", shop.evaluator) == []  # scored: no longer waits on them
    assert _rows("proposals.evaluating", second) == [proposal]  # still waits on the other evaluator
    assert _rows("proposals.to_decide", shop.admin) == [proposal]  # and now on a decision
    assert _rows("proposals.to_decide", shop.other_admin) == []
