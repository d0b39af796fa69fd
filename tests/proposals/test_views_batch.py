import pytest
from django.urls import reverse

from tests import factories
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal

S = ProposalState


@pytest.mark.django_db
def test_accepting_several_submitted_proposals_at_once(client, shop):
    chosen = [factories.make_proposal(shop.lead, state=S.SUBMITTED) for _ in range(3)]
    elsewhere = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED)
    client.force_login(shop.admin)
    ids = [p.pk for p in chosen] + [elsewhere.pk]
    response = client.post(reverse("proposals:batch_accept"), {"ids": ids}, follow=True)
    assert "已受理 3 个项目" in response.content.decode()
    states = dict(Proposal.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {**{p.pk: S.EVALUATING for p in chosen}, elsewhere.pk: S.SUBMITTED}


@pytest.mark.django_db
def test_batch_accept_of_nothing_of_ones_own_says_so(client, shop):
    elsewhere = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED)
    client.force_login(shop.admin)
    response = client.post(reverse("proposals:batch_accept"), {"ids": [elsewhere.pk, "x"]}, follow=True)
    assert "请选择要受理的项目" in response.content.decode()
    assert Proposal.objects.get(pk=elsewhere.pk).state == S.SUBMITTED
