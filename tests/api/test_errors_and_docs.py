from pathlib import Path

import ninja
from django.test import RequestFactory
from django.utils import translation

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.api.api import api
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import Conflict


def test_validation_error_has_error_shape(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get("/api/v1/workers", {"limit": 0, "skill_level": 9})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["details"]) == {"limit", "skill_level"}


def test_validation_details_are_in_the_user_s_language(client, city_tree):
    """pydantic's English is replaced by the refusal in words, with its limit; our own messages are kept."""
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    refused = client.get("/api/v1/workers", {"limit": 0, "skill_level": 9, "search": "x" * 51}).json()["error"]
    assert refused["details"] == {
        "limit": ["请填写不小于 1 的值。"],
        "skill_level": ["请从以下值中选择：5, 4, 3, 2, 1, 20, 30。"],
        "search": ["请填写不超过50个字符的文字。"],
    }
    assert client.get("/api/v1/workers", {"limit": "abc"}).json()["error"]["details"] == {"limit": ["请填写整数。"]}
    english = client.get("/api/v1/workers", {"limit": "abc"}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    assert english["details"] == {"limit": ["Give a whole number."]}
    nul = client.get("/api/v1/workers", {"search": "a\x00b"}).json()["error"]
    assert nul["details"] == {"search": ["不允许包含空字符。"]}


def test_error_message_follows_accept_language(client, city_tree):
    client.force_login(factories.make_admin(Role.EXPERT, city_tree["city"]))
    url = f"/api/v1/orgs/{city_tree['city'].pk}"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    default = client.get(url).json()["error"]["message"]
    assert english == "Not found."
    with translation.override("zh-hans"):
        assert default == translation.gettext("Not found.")


def test_conflict_and_server_errors_have_error_shape():
    request = RequestFactory().get("/api/v1/orgs")
    conflict = api.on_exception(request, Conflict(details={"name": ["taken"]}))
    assert conflict.status_code == 409
    assert b'"code": "conflict"' in conflict.content
    assert b'"name": ["taken"]' in conflict.content
    crash = api.on_exception(request, RuntimeError("secret internals"))
    assert crash.status_code == 500
    assert b'"code": "server_error"' in crash.content
    assert b"secret internals" not in crash.content


def test_audit_endpoint_for_auditor_only(client, city_tree):
    audit_record(action="audit.prune", object_repr="记录")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    body = client.get("/api/v1/audit", {"action": "audit.prune"}).json()
    assert [e["action"] for e in body["items"]] == ["audit.prune"]
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get("/api/v1/audit")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_openapi_document_loads(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/workers", "/api/v1/orgs/{org_id}", "/api/v1/workers/{worker_id}/reveal-pii"} <= set(paths)


def test_docs_page_uses_packaged_assets_not_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    static_dir = Path(ninja.__file__).parent / "static"
    for asset in ("ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js"):
        assert f"/static/{asset}" in html
        assert (static_dir / asset).is_file()


def test_date_filters_state_their_range_in_the_document(client):
    import re

    from zhichuang.api.schemas import DAY_PATTERN
    from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

    for day, inside in (
        (FILTER_DATE_MIN, True),
        (FILTER_DATE_MAX, True),
        (FILTER_DATE_MIN.replace(year=1899), False),
        (FILTER_DATE_MAX.replace(year=2101), False),
    ):
        assert bool(re.fullmatch(DAY_PATTERN, day.isoformat())) is inside, day
    document = client.get("/api/v1/openapi.json").json()
    audit = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/audit"]["get"]["parameters"]}
    assert audit["date_from"].get("pattern") == DAY_PATTERN or any(
        option.get("pattern") == DAY_PATTERN for option in audit["date_from"].get("anyOf", [])
    )
