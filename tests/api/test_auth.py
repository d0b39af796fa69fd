import datetime

from django.test import Client
from django.utils import timezone

from tests import factories
from zhichuang.accounts.models import ApiToken
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import api_token_create
from zhichuang.audit.models import AuditEntry


def _bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_token_authenticates_and_sees_the_same_scope(client, city_tree):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"], username="south-admin")
    _, key = api_token_create(user=admin, name="integration")
    response = client.get("/api/v1/workers", **_bearer(key))
    assert response.status_code == 200
    assert [w["name"] for w in response.json()["items"]] == ["王强"]
    assert client.get("/api/v1/me", **_bearer(key)).json()["user"]["username"] == "south-admin"


def test_wrong_or_missing_token_is_401_with_error_shape(client, city_tree):
    for headers in ({"HTTP_AUTHORIZATION": "Bearer zc_not-a-real-key"}, {"HTTP_AUTHORIZATION": "Bearer x"}, {}):
        response = client.get("/api/v1/workers", **headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"


def test_token_of_inactive_user_is_401(client, city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    _, key = api_token_create(user=admin, name="old")
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", **_bearer(key)).status_code == 401


def test_token_last_used_is_written_at_most_once_a_minute(client, city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    token, key = api_token_create(user=admin, name="integration")
    recent = timezone.now() - datetime.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/v1/me", **_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == recent
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent - datetime.timedelta(minutes=1))
    client.get("/api/v1/me", **_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > recent


def test_token_create_shows_key_once_and_key_works(client, city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    client.force_login(admin)
    response = client.post("/api/v1/tokens", {"name": "报表系统"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["key"].startswith("zc_") and body["prefix"] == body["key"][:8]
    token = ApiToken.objects.get(pk=body["id"])
    assert body["key"] not in token.key_hash
    assert Client().get("/api/v1/me", **_bearer(body["key"])).status_code == 200
    assert AuditEntry.objects.get(action="api_token.create").actor_id == admin.pk


def test_token_reveal_pii_is_audited_to_the_token_user(client, city_tree):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True)
    _, key = api_token_create(user=admin, name="hr")
    response = client.post(f"/api/v1/workers/{city_tree['steel_worker'].pk}/reveal-pii", **_bearer(key))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="pii.view")
    assert (entry.actor_id, entry.actor_username) == (admin.pk, admin.username)


def test_session_post_needs_csrf_token(city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not ApiToken.objects.exists()
    client.get("/api/v1/docs")  # sets the CSRF cookie
    response = client.post(
        "/api/v1/tokens",
        {"name": "x"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 201


def test_token_post_needs_no_csrf(city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    _, key = api_token_create(user=admin, name="ci")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/tokens", {"name": "y"}, content_type="application/json", **_bearer(key))
    assert response.status_code == 201


def test_me_shows_roles_and_masked_worker_profile(client, city_tree):
    worker = city_tree["steel_worker"]
    client.force_login(worker.user)
    body = client.get("/api/v1/me").json()
    assert [(r["role"], r["organization"]["name"]) for r in body["roles"]] == [("worker", "北钢集团")]
    assert body["worker"]["name"] == "张伟"
    assert body["worker"]["id_number_masked"] == worker.id_number_masked


def test_me_without_worker_profile(client, city_tree):
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    body = client.get("/api/v1/me").json()
    assert body["worker"] is None
    assert body["roles"][0]["role"] == "auditor"
