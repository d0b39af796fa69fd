import datetime

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import PermissionDenied
from zhichuang.proposals import services
from zhichuang.proposals.enums import ProposalState, RecommendationLevel
from zhichuang.proposals.models import Proposal, Recommendation
from zhichuang.proposals.selectors import showcase_list


def _recognised(proposal, level, *, consent=True, year=2025, by):
    Proposal.objects.filter(pk=proposal.pk).update(recommended_level=level, public_consent=consent)
    at = timezone.make_aware(datetime.datetime(year, 6, 1, 10))
    Recommendation.objects.create(proposal=proposal, level=level, organization=by.org, recommended_by=by.user, at=at)
    return proposal


@pytest.fixture
def showcase(city_tree):
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    by = type("By", (), {"org": city_tree["city"], "user": city_admin})
    steel, port = city_tree["steel_worker"], city_tree["port_worker"]
    rewarded = {"state": ProposalState.REWARDED}
    return {
        "shown": _recognised(
            factories.make_proposal(steel, title="钢包加盖保温降低出钢温度", **rewarded),
            RecommendationLevel.CITY,
            by=by,
        ),
        "newer": _recognised(
            factories.make_proposal(port, title="岸桥吊具防摆改造", kind="design", **rewarded),
            RecommendationLevel.CITY,
            year=2026,
            by=by,
        ),
        "no_consent": _recognised(
            factories.make_proposal(steel, title="未同意公开的成果", **rewarded),
            RecommendationLevel.CITY,
            consent=False,
            by=by,
        ),
        "district_only": _recognised(
            factories.make_proposal(steel, title="区级优秀成果", **rewarded), RecommendationLevel.DISTRICT, by=by
        ),
        "draft": factories.make_proposal(steel, title="仍是草稿", public_consent=True),
    }


def test_showcase_lists_city_results_published_with_consent_newest_first(showcase):
    assert [p.title for p in showcase_list()] == ["岸桥吊具防摆改造", "钢包加盖保温降低出钢温度"]
    assert [p.title for p in showcase_list(kind="design")] == ["岸桥吊具防摆改造"]


def test_anyone_sees_the_showcase_without_people(client, showcase, city_tree):
    response = client.get("/showcase/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "钢包加盖保温降低出钢温度" in html and "岸桥吊具防摆改造" in html
    for hidden in ("未同意公开的成果", "区级优秀成果", "仍是草稿"):
        assert hidden not in html
    for worker in (city_tree["steel_worker"], city_tree["port_worker"]):
        assert worker.name not in html
        assert worker.mobile_masked not in html


def test_showcase_detail_shows_the_idea_and_refuses_the_rest(client, showcase, city_tree):
    response = client.get(f"/showcase/{showcase['shown'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert showcase["shown"].change in html and "2025" in html
    assert city_tree["steel_worker"].name not in html
    for name in ("no_consent", "district_only", "draft"):
        assert client.get(f"/showcase/{showcase[name].pk}/").status_code == 404


def test_showcase_kind_filter_ignores_an_unknown_kind(client, showcase):
    assert "钢包加盖保温降低出钢温度" not in client.get("/showcase/?kind=design").content.decode()
    assert "钢包加盖保温降低出钢温度" in client.get("/showcase/?kind=nonsense").content.decode()


def test_showcase_queries_do_not_grow_with_results(client, showcase, city_tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(2) as one:  # the page; no count on a last page
        client.get("/showcase/")
    by = type("By", (), {"org": city_tree["city"], "user": factories.make_admin(Role.CITY_ADMIN, city_tree["city"])})
    for n in range(3):
        _recognised(
            factories.make_proposal(city_tree["mill_worker"], title=f"纺机断纱自停{n}", state=ProposalState.REWARDED),
            RecommendationLevel.CITY,
            by=by,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "纺机断纱自停2" in client.get("/showcase/").content.decode()


def test_a_proposal_with_co_proposers_is_shown_only_while_every_proposer_agrees(city_tree, client):
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    by = type("By", (), {"org": city_tree["city"], "user": city_admin})
    lead = city_tree["steel_worker"]
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    draft = services.proposal_save_draft(actor=lead.user, title="转炉挡渣改进", kind="innovation", public_consent=True)
    draft = services.proposal_save_draft(
        actor=lead.user,
        proposal=draft,
        expected_version=draft.version,
        members=[(lead, "60"), (colleague, "40")],
    )
    assert draft.members.get(worker=lead).public_consent and not draft.members.get(worker=colleague).public_consent
    assert not Proposal.objects.get(pk=draft.pk).public_consent  # the lead's yes is not the colleague's
    Proposal.objects.filter(pk=draft.pk).update(state=ProposalState.REWARDED)
    proposal = _recognised(Proposal.objects.get(pk=draft.pk), RecommendationLevel.CITY, consent=False, by=by)
    assert proposal not in showcase_list()

    client.force_login(colleague.user)
    page = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert 'data-consent="0"' in page
    assert client.post(f"/proposals/{proposal.pk}/consent/", {"consent": "1"}).status_code == 302
    assert [p.pk for p in showcase_list()] == [proposal.pk]
    assert AuditEntry.objects.filter(action="proposals.consent", actor=colleague.user).exists()

    # Consent can be withdrawn at any time, by either of them; the proposal leaves the showcase.
    services.consent_set(actor=lead.user, proposal=proposal, consent=False)
    assert not showcase_list().exists()
    assert "转炉挡渣改进" not in client.get("/showcase/").content.decode()


def test_only_a_proposer_gives_consent(city_tree, client):
    lead = city_tree["steel_worker"]
    proposal = factories.make_proposal(lead, state=ProposalState.SUBMITTED)
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    with pytest.raises(PermissionDenied):
        services.consent_set(actor=admin, proposal=proposal, consent=True)
    client.force_login(admin)
    client.post(f"/proposals/{proposal.pk}/consent/", {"consent": "1"})
    assert not proposal.members.filter(public_consent=True).exists()
    assert not Proposal.objects.get(pk=proposal.pk).public_consent
    client.force_login(city_tree["port_worker"].user)  # cannot even see it
    assert client.post(f"/proposals/{proposal.pk}/consent/", {"consent": "1"}).status_code == 404
