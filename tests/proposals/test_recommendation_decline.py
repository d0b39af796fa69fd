"""不予推荐: the next level decides not to take a recommendation further, with a reason; it stops waiting on
that level in 待办, and nobody recommends it further."""

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.proposals import workflow
from zhichuang.proposals.enums import ProposalState
from zhichuang.todo.selectors import queue_get

pytestmark = pytest.mark.django_db


def _waiting(user, key="proposals.recommended_to_district"):
    source, queue = queue_get(key)
    return [row.pk for row in source.rows(user, queue)]


def test_the_district_declines_with_a_reason_and_the_proposal_stops_waiting(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.ADOPTED)
    workflow.proposal_recommend(actor=shop.admin, proposal=proposal)
    proposal.refresh_from_db()
    assert _waiting(shop.district) == [proposal.pk]
    assert not workflow.recommendation_decline_allowed(shop.admin, proposal)  # the enterprise recommended it
    with pytest.raises(PermissionDenied):
        workflow.recommendation_decline(actor=shop.admin, proposal=proposal, reason="不行")
    south = factories.make_admin(Role.DISTRICT_ADMIN, shop.tree["south"])
    with pytest.raises(PermissionDenied):
        workflow.recommendation_decline(actor=south, proposal=proposal, reason="不行")
    with pytest.raises(ValidationFailed) as refused:
        workflow.recommendation_decline(actor=shop.district, proposal=proposal, reason=" ")
    assert set(refused.value.details) == {"reason"}
    declined = workflow.recommendation_decline(actor=shop.district, proposal=proposal, reason="推广价值有限")
    assert declined.recommendation_declined_by == shop.district and declined.recommended_level == "enterprise"
    assert _waiting(shop.district) == []
    assert AuditEntry.objects.get(action="proposals.recommend_decline").changes["reason"] == "推广价值有限"
    # Decided: no one recommends it further, nor declines it twice.
    assert not workflow.recommendation_allowed(shop.district, declined)
    with pytest.raises(ValidationFailed):
        workflow.proposal_recommend(actor=shop.district, proposal=declined)
    with pytest.raises(ValidationFailed):
        workflow.recommendation_decline(actor=shop.district, proposal=declined, reason="再次")


def test_a_proposal_nobody_recommended_waits_on_no_decision(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.ADOPTED)
    assert not workflow.recommendation_decline_allowed(shop.district, proposal)
    with pytest.raises((ValidationFailed, PermissionDenied)):
        workflow.recommendation_decline(actor=shop.district, proposal=proposal, reason="无")


def test_the_detail_page_offers_the_decision_to_the_next_level_only(shop, client):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.ADOPTED)
    workflow.proposal_recommend(actor=shop.admin, proposal=proposal)
    proposal.refresh_from_db()
    client.force_login(shop.admin)
    assert "data-decline-recommendation" not in client.get(f"/proposals/{proposal.pk}/").content.decode()
    client.force_login(shop.district)
    assert "data-decline-recommendation" in client.get(f"/proposals/{proposal.pk}/").content.decode()
    response = client.post(
        f"/proposals/{proposal.pk}/recommend/decline/",
        {"expected_version": proposal.version, "reason": "暂不推荐"},
        follow=True,
    )
    page = response.content.decode()
    assert "已不予推荐" in page and "data-recommendation-declined" in page and "暂不推荐" in page
