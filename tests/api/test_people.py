import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.validators import ID_MAX


def _full_numbers():
    numbers = set()
    for worker in Worker.objects.all():
        numbers |= {worker.reveal_id_number(), worker.reveal_mobile()}
    return numbers


def test_worker_responses_never_contain_full_personal_data(client, city_tree):
    full = _full_numbers()
    for position in positions(city_tree):
        client.force_login(position.user)
        pages = [client.get("/api/v1/workers", {"limit": 100}), client.get("/api/v1/me")]
        pages += [client.get(f"/api/v1/workers/{w.pk}") for w in Worker.objects.all()]
        for page in pages:
            body = page.content.decode()
            assert not any(number in body for number in full), position.label


def test_worker_list_shows_masked_numbers(client, city_tree):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    (item,) = client.get("/api/v1/workers").json()["items"]
    worker = city_tree["steel_worker"]
    assert item["id_number_masked"] == worker.id_number_masked
    assert "*" in item["id_number_masked"]
    assert item["mobile_masked"] == worker.mobile_masked
    assert item["employer"] == {"id": city_tree["steel"].pk, "name": "北钢集团"}
    assert item["department"] == {"id": city_tree["steel_shop"].pk, "name": "炼钢车间"}


def test_reveal_pii_by_holder_shows_full_numbers_and_is_audited(client, city_tree):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True)
    worker = city_tree["steel_worker"]
    client.force_login(admin)
    response = client.post(f"/api/v1/workers/{worker.pk}/reveal-pii")
    assert response.status_code == 200
    assert response.json() == {"id_number": worker.reveal_id_number(), "mobile": worker.reveal_mobile()}
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="pii.view")
    assert (entry.actor_id, entry.object_id) == (admin.pk, str(worker.pk))


def test_reveal_pii_without_flag_is_403(client, city_tree):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    response = client.post(f"/api/v1/workers/{city_tree['steel_worker'].pk}/reveal-pii")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not AuditEntry.objects.filter(action="pii.view").exists()


def test_reveal_pii_out_of_scope_is_404(client, city_tree):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True))
    response = client.post(f"/api/v1/workers/{city_tree['port_worker'].pk}/reveal-pii")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_worker_list_filters(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    by_employer = client.get("/api/v1/workers", {"employer_id": city_tree["mill"].pk}).json()
    assert [w["name"] for w in by_employer["items"]] == ["李娜"]
    assert client.get("/api/v1/workers", {"search": "王"}).json()["items"][0]["name"] == "王强"


def test_worker_detail_has_employment_history(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    body = client.get(f"/api/v1/workers/{city_tree['mill_worker'].pk}").json()
    assert [h["employer"]["name"] for h in body["employment_history"]] == ["北纺厂"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_list_endpoints_run_constant_queries(client, city_tree):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"])
    client.force_login(admin)
    _queries(client, "/api/v1/workers")  # warm the session (its first refresh)
    few = {url: _queries(client, url) for url in ("/api/v1/workers", "/api/v1/orgs")}
    shop = factories.make_department(city_tree["port"])
    for _ in range(5):
        factories.make_worker(city_tree["port"], department=shop)
    many = {url: _queries(client, url) for url in ("/api/v1/workers", "/api/v1/orgs")}
    assert many == few


def test_list_count_is_capped(client, city_tree, monkeypatch):
    monkeypatch.setattr("zhichuang.api.pagination.COUNT_CAP", 2)
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    body = client.get("/api/v1/orgs", {"limit": 1}).json()
    assert (body["count"], body["count_is_exact"]) == (2, False)
    body = client.get("/api/v1/workers", {"limit": 5}).json()
    assert (body["count"], body["count_is_exact"], len(body["items"])) == (3, True, 3)


# ---- bad filter values ----------------------------------------------------------------


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


@pytest.mark.parametrize(
    "params",
    [
        {"employer_id": "9" * 23},
        {"employer_id": str(2**63)},
        {"employer_id": "0"},  # was ignored: the whole scope came back
        {"employer_id": "-1"},
        {"employer_id": "abc"},
        {"search": "张\x00"},
        {"skill_level": "99"},
    ],
)
def test_worker_list_refuses_filters_the_database_cannot_compare(client, city_tree, params):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get("/api/v1/workers", {"search": "张", **params})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and set(error["details"]) == set(params)
    assert error["message"] == _zh("Some of the values are not valid.")
    assert "items" not in response.json()
    if "search" in params:
        assert error["details"]["search"] == [_zh("Null characters are not allowed.")]


def test_worker_list_takes_the_largest_id_and_keeps_to_the_scope(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get("/api/v1/workers", {"employer_id": str(ID_MAX)})
    assert response.status_code == 200 and response.json()["items"] == []
    # An enterprise outside the scope is no way in: it lists no one.
    response = client.get("/api/v1/workers", {"employer_id": city_tree["port"].pk})
    assert response.status_code == 200 and response.json()["items"] == []
    response = client.get("/api/v1/workers", {"employer_id": city_tree["steel"].pk})
    assert [w["name"] for w in response.json()["items"]] == ["张伟"]


@pytest.mark.parametrize("worker_id", ["9" * 23, str(2**63), "0"])
def test_worker_detail_of_an_impossible_id_is_404(client, city_tree, worker_id):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"], can_view_pii=True))
    assert client.get(f"/api/v1/workers/{worker_id}").json()["error"]["code"] == "not_found"
    response = client.post(f"/api/v1/workers/{worker_id}/reveal-pii")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert not AuditEntry.objects.filter(action="pii.view").exists()
