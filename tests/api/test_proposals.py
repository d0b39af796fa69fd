import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories
from tests.proposals.scoping_cases import PROPOSAL_VISIBILITY, make_proposals
from tests.scoping_matrix import positions
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE, UNRELATED
from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Role
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.search import proposal_reindex

BODY = {"title": "冷却水循环利用", "kind": "innovation", "problem": "冷却水直排。", "change": "加装回收泵。"}


def test_list_and_detail_follow_the_scoping_matrix(client, city_tree):
    made = make_proposals(city_tree)
    for position in positions(city_tree):
        client.force_login(position.user)
        listed = client.get("/api/v1/proposals", {"limit": 100}).json()["items"]
        assert {item["title"] for item in listed} == PROPOSAL_VISIBILITY[position.label], position.label
        for proposal in made.values():
            response = client.get(f"/api/v1/proposals/{proposal.pk}")
            if proposal.title in PROPOSAL_VISIBILITY[position.label]:
                assert response.json()["title"] == proposal.title, position.label
            else:
                assert response.status_code == 404, position.label
                assert response.json()["error"]["code"] == "not_found"


def test_out_of_scope_similar_and_transition_are_404(client, city_tree):
    made = make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    port = made["port"].pk
    for response in (
        client.get(f"/api/v1/proposals/{port}/similar"),
        client.post(
            f"/api/v1/proposals/{port}/transitions", {"to_state": "evaluating"}, content_type="application/json"
        ),
    ):
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": "未找到。", "details": {}}}
    assert Proposal.objects.get(pk=port).state == "submitted"


def test_list_filters(client, city_tree):
    make_proposals(city_tree)
    factories.make_proposal(city_tree["mill_worker"], state="adopted", kind="design", title="北纺设计")
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    titles = lambda params: {i["title"] for i in client.get("/api/v1/proposals", params).json()["items"]}  # noqa: E731
    assert titles({"district": city_tree["south"].pk}) == {"南港提案"}
    assert titles({"state": ["adopted", "verified"]}) == {"北纺设计"}
    assert titles({"kind": "design", "enterprise": city_tree["mill"].pk}) == {"北纺设计"}
    assert titles({"state": "draft"}) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"district": "99999999999999999999999"},
        {"enterprise": "99999999999999999999999"},
        {"campaign": "99999999999999999999999"},
        {"district": "0"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"benefit_min": "1" + "0" * 20},
        {"benefit_max": "1e30"},
        {"benefit_max": "0.001"},
        {"state": "nonsense"},
        {"kind": "invention1"},
        {"industry": "ZZ"},
    ],
)
def test_list_refuses_filters_the_database_cannot_compare(client, city_tree, params):
    make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get("/api/v1/proposals", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    # A list filter's item is named with its place in the list ("filters.state.0").
    assert {key if key in params else key.split(".")[1] for key in error["details"]} == set(params)
    with translation.override("zh-hans"):
        assert error["message"] == translation.gettext("Some of the values are not valid.")
    assert "items" not in response.json()


def test_list_accepts_the_widest_filters_and_keeps_to_the_scope(client, city_tree):
    make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    widest = {"date_from": "1900-01-01", "date_to": "2100-12-31", "benefit_max": "999999999999.99"}
    response = client.get("/api/v1/proposals", widest)
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} == set()  # no benefit recorded yet
    response = client.get("/api/v1/proposals", {k: v for k, v in widest.items() if k != "benefit_max"})
    assert {item["title"] for item in response.json()["items"]} == {"北钢提案", "北纺提案"}


def test_detail_shows_names_and_history_without_personal_data(client, city_tree):
    made = make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    response = client.get(f"/api/v1/proposals/{made['steel'].pk}")
    body = response.json()
    assert body["members"] == [{"name": "张伟", "share": "100.00", "is_lead": True}]
    assert body["lead_name"] == "张伟" and body["enterprise"]["name"] == "北钢集团"
    assert set(body["allowed_transitions"]) == {"evaluating", "returned", "merged"}
    worker = city_tree["steel_worker"]
    for secret in (worker.reveal_id_number(), worker.reveal_mobile(), worker.id_number_masked):
        assert secret not in response.content.decode()


def test_submit_twice_with_one_token_creates_one_proposal(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    token = str(uuid.uuid4())
    first = client.post("/api/v1/proposals", BODY | {"client_token": token}, content_type="application/json")
    again = client.post("/api/v1/proposals", BODY | {"client_token": token}, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["state"] == "submitted" and first.json()["number"].startswith("P")
    assert Proposal.objects.filter(title=BODY["title"]).count() == 1


def test_submit_needs_a_token_and_a_draft_does_not(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    refused = client.post("/api/v1/proposals", BODY, content_type="application/json")
    assert refused.status_code == 400 and "client_token" in refused.json()["error"]["details"]
    draft = client.post("/api/v1/proposals", {"submit": False, "title": "草稿"}, content_type="application/json")
    assert draft.status_code == 201 and draft.json()["state"] == "draft"


def test_create_with_co_proposers(client, city_tree):
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    lead = city_tree["steel_worker"]
    client.force_login(lead.user)
    members = [{"worker_id": lead.pk, "share": "70"}, {"worker_id": colleague.pk, "share": "30"}]
    body = BODY | {"client_token": str(uuid.uuid4()), "members": members}
    created = client.post("/api/v1/proposals", body, content_type="application/json").json()
    assert [(m["name"], m["share"]) for m in created["members"]] == [("张伟", "70.00"), ("赵敏", "30.00")]
    outsider = [{"worker_id": lead.pk, "share": "50"}, {"worker_id": city_tree["port_worker"].pk, "share": "50"}]
    refused = client.post(
        "/api/v1/proposals",
        BODY | {"client_token": str(uuid.uuid4()), "members": outsider},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "members" in refused.json()["error"]["details"]


def test_only_a_worker_can_submit(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.post(
        "/api/v1/proposals", BODY | {"client_token": str(uuid.uuid4())}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def _move(client, proposal, **body):
    return client.post(f"/api/v1/proposals/{proposal.pk}/transitions", body, content_type="application/json")


def test_transition_moves_and_records(client, city_tree):
    made = make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    response = _move(client, made["steel"], to_state="evaluating", expected_version=made["steel"].version)
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "evaluating" and body["version"] == made["steel"].version + 1
    assert [(t["from_state"], t["to_state"]) for t in body["transitions"]] == [("submitted", "evaluating")]


def test_refused_transitions_answer_in_the_error_shape(client, city_tree):
    made = make_proposals(city_tree)
    steel = made["steel"]
    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    illegal = _move(client, steel, to_state="rewarded")
    assert illegal.status_code == 400
    assert illegal.json()["error"]["code"] == "invalid"
    assert "已提交" in illegal.json()["error"]["message"]  # translated, naming the states
    no_reason = _move(client, steel, to_state="returned")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["details"]
    stale = _move(client, steel, to_state="evaluating", expected_version=steel.version - 1 or 99)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    client.force_login(city_tree["steel_worker"].user)
    not_theirs = _move(client, steel, to_state="evaluating")
    assert not_theirs.status_code == 403 and not_theirs.json()["error"]["code"] == "permission_denied"
    steel.refresh_from_db()
    assert steel.state == "submitted" and not steel.transitions.exists()


def test_similar_finds_the_same_idea_city_wide_and_tells_little_outside_the_scope(client, city_tree):
    steel = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    port = factories.make_proposal(city_tree["port_worker"], state="submitted", **COMPRESSOR_ELSEWHERE)
    canteen = factories.make_proposal(city_tree["mill_worker"], state="submitted", **UNRELATED)
    for proposal in (steel, port, canteen):
        proposal_reindex(proposal_id=proposal.pk)

    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    response = client.get(f"/api/v1/proposals/{steel.pk}/similar", {"limit": 5})
    assert response.status_code == 200
    [hit] = response.json()  # not the proposal itself, not the unrelated canteen
    assert 0 < hit.pop("score") <= 1
    assert hit == {
        "proposal_id": port.pk,
        "match": "related",  # a paraphrase, in a corpus of three proposals: not a likely duplicate
        "title": COMPRESSOR_ELSEWHERE["title"],
        "enterprise_name": "南港公司",
        "state": "submitted",
        "state_label": "已提交",
        "year": port.submitted_at.year,
        "in_scope": False,
        "number": "",
        "kind_label": "",
        "district_name": "",
        "submitted_at": None,
    }
    assert "王强" not in response.content.decode() and COMPRESSOR_ELSEWHERE["problem"] not in response.content.decode()
    # The port's own district sees the details; a proposal outside the asker's scope cannot be asked about.
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]))
    [hit] = client.get(f"/api/v1/proposals/{port.pk}/similar").json()
    assert (hit["proposal_id"], hit["in_scope"], hit["number"]) == (steel.pk, False, "")
    assert client.get(f"/api/v1/proposals/{steel.pk}/similar").status_code == 404
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    [hit] = client.get(f"/api/v1/proposals/{steel.pk}/similar").json()
    assert (hit["proposal_id"], hit["in_scope"], hit["number"], hit["district_name"]) == (
        port.pk,
        True,
        port.number,
        "南区总工会",
    )


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/proposals", {"limit": 100}).status_code == 200
    return len(queries)


def test_list_queries_are_constant(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    factories.make_proposal(city_tree["steel_worker"], state="submitted")
    _list_queries(client)
    one = _list_queries(client)
    for worker in Worker.objects.all():
        for _ in range(3):
            factories.make_proposal(worker, state="adopted")
    assert _list_queries(client) == one


# What a call costs on demo-like data, pinned so that it cannot creep back: the session, its user with
# the role assignments (one query), the user's own proposals, the page and its capped count; for one
# proposal the row, its proposers, its history and the duplicates merged into it.
@pytest.mark.parametrize("who", ["district_admin", "worker"])
def test_list_and_detail_queries(client, busy_steel, who, django_assert_num_queries):
    client.force_login(getattr(busy_steel, who))
    client.get("/api/v1/proposals")  # the session's first refresh after force_login
    with django_assert_num_queries(5):
        body = client.get("/api/v1/proposals").json()
    assert len(body["items"]) == 20 and body["count"] == 52
    for proposal in (busy_steel.submitted, busy_steel.rewarded):
        with django_assert_num_queries(6):
            body = client.get(f"/api/v1/proposals/{proposal.pk}").json()
        assert body["id"] == proposal.pk and len(body["members"]) == 2


def test_search_pages_and_counts_in_scope(client, city_tree, monkeypatch):
    """A search is paged by TextSearch: the newest matches first, a capped count, never outside the scope."""
    from zhichuang.similarity import selectors as similarity

    monkeypatch.setattr(similarity, "SEARCH_WINDOW", 2)  # page 2 lies beyond the newest two proposals
    steel = [factories.make_proposal(city_tree["steel_worker"], state="submitted", title=f"能耗{i}") for i in range(5)]
    factories.make_proposal(city_tree["steel_worker"], state="submitted", title="噪声")
    factories.make_proposal(city_tree["port_worker"], state="submitted", title="码头能耗")
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    first = client.get("/api/v1/proposals", {"search": "能耗", "limit": 2}).json()
    second = client.get("/api/v1/proposals", {"search": "能耗", "limit": 2, "offset": 2}).json()
    last = client.get("/api/v1/proposals", {"search": "能耗", "limit": 2, "offset": 4}).json()
    titles = [item["title"] for page in (first, second, last) for item in page["items"]]
    assert titles == [p.title for p in reversed(steel)]  # newest first; 码头能耗 is the south's
    assert (first["count"], first["count_is_exact"], last["count"]) == (5, True, 5)


def test_an_enterprise_name_that_names_none_of_the_callers_is_a_404_not_a_leak(client, city_tree):
    """The page shows the message at its field; the API answers as for an id it cannot see. The port,
    outside the north district, is "not there" for its admin exactly like a name that exists nowhere."""
    make_proposals(city_tree)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    assert [p["title"] for p in client.get("/api/v1/proposals", {"enterprise_name": "北钢"}).json()["items"]] == [
        "北钢提案"
    ]
    for name in ("南港", "不存在的企业"):
        response = client.get("/api/v1/proposals", {"enterprise_name": name})
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "您的管理范围内没有名称包含这些字的企业。"
