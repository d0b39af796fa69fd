"""The expert pool's API reads through the same selectors as the pages: the pool in scope (another
district's experts never), one expert with reviews and history, and the matching for a proposal under
evaluation for whoever may invite experts to it, each suggestion and exclusion with its reason."""

import pytest
from django.test import Client
from django.utils import translation

from tests import factories
from tests.experts.conftest import pool  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.experts import services as expert_services
from zhichuang.proposals.enums import ProposalState

pytestmark = pytest.mark.django_db


def _api(user):
    client = Client()
    client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def test_the_pool_in_scope_with_its_filters(pool):  # noqa: F811
    tree = pool.tree
    north = factories.make_expert(
        worker=tree["steel_worker"], fields=["数控加工"], industries=["34"], title="senior", expertise="夹具设计"
    )
    south = factories.make_expert(worker=tree["port_worker"], fields=["焊接工艺"], title="intermediate")
    outsider = factories.make_expert(name="孙教授", fields=["数控加工"])
    city = _api(pool.city)
    assert _names(city.get("/api/v1/experts")) == ["孙教授", "王强", "张伟"]
    assert _names(_api(pool.north).get("/api/v1/experts")) == ["张伟"]
    assert _names(_api(pool.south).get("/api/v1/experts")) == ["王强"]
    # An enterprise's union nominates but does not see the pool.
    assert _names(_api(pool.steel).get("/api/v1/experts")) == []
    item = city.get("/api/v1/experts", {"title": "senior"}).json()["items"][0]
    assert (item["id"], item["title_label"], item["fields"], item["district"]) == (
        north.pk,
        "正高级",
        ["数控加工"],
        "北区总工会",
    )
    assert item["industries"][0]["code"] == "34" and item["industries"][0]["name"]
    assert (item["state"], item["load"], item["yearly_limit"]) == ("active", 0, 20)
    field = north.fields.get().pk
    assert _names(city.get("/api/v1/experts", {"field": field})) == ["孙教授", "张伟"]
    assert _names(city.get("/api/v1/experts", {"q": "夹具"})) == ["张伟"]
    assert _names(city.get("/api/v1/experts", {"district": tree["south"].pk})) == ["王强"]
    # The north district may not name the south district: the filter names a record outside its scope.
    assert _api(pool.north).get("/api/v1/experts", {"district": tree["south"].pk}).json()["items"] == []
    assert outsider.pk and south.pk


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"title": "professor"}, "title"),
        ({"state": "retired"}, "state"),
        ({"field": "0"}, "field"),
        ({"field": "99999999999999999999"}, "field"),
        ({"q": "x" * 101}, "q"),
        ({"industry": "ZZ"}, "industry"),
    ],
)
def test_bad_filters_are_refused_in_chinese(pool, params, field):  # noqa: F811
    response = _api(pool.city).get("/api/v1/experts", params, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in {key.split(".")[0] for key in error["details"]}
    with translation.override("zh-hans"):
        assert error["message"] == translation.gettext("Some of the values are not valid.") == "部分填写内容无效。"


def test_one_expert_with_conflicts_reviews_and_history_without_personal_data(pool):  # noqa: F811
    tree = pool.tree
    expert = factories.make_expert(worker=tree["steel_worker"], fields=["数控加工"])
    admin = factories.expert_pool_admin(tree["city"])
    expert_services.conflict_declare(actor=admin, expert=expert, credit_code=tree["port"].credit_code, note="前东家")
    expert_services.expert_suspend(actor=admin, expert=expert, reason="年度考核未通过")
    body = _api(pool.north).get(f"/api/v1/experts/{expert.pk}").json()
    assert (body["name"], body["state"], body["state_label"]) == ("张伟", "suspended", "暂停中")
    assert body["conflicts"] == [{"credit_code": tree["port"].credit_code, "person": "", "note": "前东家"}]
    assert [(s["from_state"], s["to_state"], s["reason"]) for s in body["history"]] == [
        ("invited", "active", ""),
        ("active", "suspended", "年度考核未通过"),
    ]
    assert body["reviews"] == []
    # Another district's expert, and the pool for an enterprise union: not found.
    for user in (pool.south, pool.steel):
        response = _api(user).get(f"/api/v1/experts/{expert.pk}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    # The expert sees their own membership.
    assert _api(tree["steel_worker"].user).get(f"/api/v1/experts/{expert.pk}").json()["name"] == "张伟"
    raw = _api(pool.city).get(f"/api/v1/experts/{expert.pk}").content.decode()
    worker = tree["steel_worker"]
    for secret in (worker.reveal_id_number(), worker.reveal_mobile(), worker.birth_date.isoformat()):
        assert secret not in raw
    assert _api(pool.city).get("/api/v1/experts/99999999999999999999").status_code == 404


@pytest.fixture
def proposal_review(pool):  # noqa: F811
    tree = pool.tree
    proposal = factories.make_proposal(
        tree["steel_worker"],
        state=ProposalState.EVALUATING,
        title="数控加工中心夹具定位改进",
        problem="数控加工靠人工找正。",
    )
    port_expert = factories.make_expert(worker=tree["port_worker"], fields=["数控加工"])
    same_unit = factories.make_expert(worker=factories.make_worker(tree["steel"], name="钱工"), fields=["数控加工"])
    conflicted = factories.make_expert(name="李教授", fields=["数控加工"])
    expert_services.conflict_declare(
        actor=factories.expert_pool_admin(tree["city"]),
        expert=conflicted,
        credit_code=tree["steel"].credit_code,
        note="曾任北钢顾问",
    )
    outsider = factories.make_expert(name="孙教授", fields=["数控加工"])
    return proposal, port_expert, same_unit, conflicted, outsider


def test_matching_for_a_proposal_gives_reasons_for_whoever_may_invite(pool, proposal_review):  # noqa: F811
    proposal, port_expert, same_unit, conflicted, outsider = proposal_review
    url = f"/api/v1/proposals/{proposal.pk}/experts"
    body = _api(pool.steel).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["evaluating"] is True and body["tags"] == ["电气机械和器材制造业", "数控加工"]
    assert {s["name"] for s in body["suggestions"]} == {"王强", "孙教授"}
    first = body["suggestions"][0]
    assert first["reasons"][0] == "领域匹配：数控加工" and first["reason"].startswith("领域匹配：数控加工；")
    assert first["expert_id"] in (port_expert.pk, outsider.pk) and 0 < first["score"] <= 1
    assert [(x["name"], x["reason"]) for x in body["excluded"]] == [
        ("钱工", "同一单位（统一社会信用代码相同）"),
        ("李教授", "申报了利益冲突：曾任北钢顾问"),
    ]
    assert {x["expert_id"] for x in body["excluded"]} == {same_unit.pk, conflicted.pk}
    assert body["invited"] == []
    # The district above may invite too; the same answer.
    assert _api(pool.north).get(url).json()["excluded"] == body["excluded"]
    # Not who manages the proposal's enterprise: another enterprise, another district, its evaluator, its
    # proposer, an expert of the pool. All 404, as on the page.
    tree = pool.tree
    for user in (
        pool.port,
        pool.south,
        factories.make_admin(Role.EVALUATOR, tree["steel"]),
        tree["steel_worker"].user,
        tree["port_worker"].user,
    ):
        response = _api(user).get(url)
        assert response.status_code == 404, user
        assert response.json()["error"] == {"code": "not_found", "message": "未找到。", "details": {}}
    raw = _api(pool.steel).get(url).content.decode()
    for worker in (tree["port_worker"], tree["steel_worker"]):
        assert worker.reveal_id_number() not in raw and worker.reveal_mobile() not in raw


def test_matching_is_empty_for_a_proposal_not_under_evaluation(pool):  # noqa: F811
    proposal = factories.make_proposal(pool.tree["steel_worker"], state=ProposalState.SUBMITTED, title="数控加工")
    factories.make_expert(name="孙教授", fields=["数控加工"])
    body = _api(pool.steel).get(f"/api/v1/proposals/{proposal.pk}/experts").json()
    assert (body["evaluating"], body["suggestions"], body["excluded"]) == (False, [], [])
