import pytest
from django.utils import translation

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.audit.labels import action_labels, object_types
from zhichuang.audit.services import audit_record
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN
from zhichuang.orgs import services as org_services

AUDIT = "/api/v1/audit"


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


@pytest.mark.parametrize(
    "params",
    [
        {"date_to": "9999-12-31"},  # its next day's midnight is past datetime's range: was a 500
        {"date_from": "0001-01-01"},  # its midnight in UTC is before year 1: was a 500
        {"date_from": "9999-12-31"},
        {"date_to": "0001-01-01"},
        {"date_from": "2026-02-30"},
        {"search": "张\x00"},  # PostgreSQL cannot compare it: was a 500 there
        {"action": "pii.\x00"},
        {"action": "pii."},  # a prefix: the filter takes the registered codes only
        {"action": "auth.forged"},
        {"object_type": "accounts"},
        {"actor": "\x00"},
        {"object_type": "\x00"},
    ],
)
def test_audit_refuses_filters_the_database_cannot_compare(client, city_tree, params):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "pii.view", **params})
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid" and set(body["error"]["details"]) == set(params)
    assert body["error"]["message"] == _zh("Some of the values are not valid.")
    assert "items" not in body and "张伟的身份证号" not in response.content.decode()


def test_audit_takes_the_widest_dates(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    widest = {"action": "pii.view", "date_from": FILTER_DATE_MIN.isoformat(), "date_to": FILTER_DATE_MAX.isoformat()}
    response = client.get(AUDIT, widest)
    assert response.status_code == 200
    assert [e["object_repr"] for e in response.json()["items"]] == ["张伟的身份证号"]


def test_audit_stays_the_auditors_with_any_filters(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    good = {"action": "pii.view", "date_from": FILTER_DATE_MIN.isoformat()}
    for position in positions(city_tree):
        client.force_login(position.user)
        response = client.get(AUDIT, good)
        expected = 200 if position.label.startswith("auditor") else 403
        assert response.status_code == expected, position.label
        if expected == 403:
            assert response.json()["error"]["code"] == "permission_denied"
            assert "张伟的身份证号" not in response.content.decode()
        # A bad filter is refused before anything is read, for everyone.
        assert client.get(AUDIT, {"date_to": "9999-12-31"}).status_code == 422, position.label


def test_audit_entries_come_in_words_beside_the_raw_values(client, city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    org_services.organization_update(actor=admin, organization=city_tree["mill"], name="北纺新厂")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "org.update"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    (entry,) = response.json()["items"]
    assert (entry["action"], entry["action_label"]) == ("org.update", "修改组织")
    assert (entry["object_type"], entry["object_label"]) == ("orgs.organization", "组织 北纺新厂")
    assert entry["changes"] == {"name": ["北纺厂", "北纺新厂"]}
    assert entry["changes_readable"] == [
        {
            "field": "name",
            "label": "名称",
            "old": "北纺厂",
            "new": "北纺新厂",
            "value": None,
            "text": "名称: 北纺厂 → 北纺新厂",
        }
    ]


def test_audit_masks_in_the_readable_form_too(client, city_tree):
    mobile = city_tree["steel_worker"].reveal_mobile()
    client.login(username=mobile, password="wrong")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "auth.login_failed"})
    (entry,) = response.json()["items"]
    assert entry["object_label"].endswith(f" {mobile[:3]}****{mobile[-4:]}")
    assert mobile not in response.content.decode() and mobile[3:7] not in entry["object_label"]


def test_audit_filters_are_documented_as_enums_of_the_registered_codes(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][AUDIT]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}

    def enum(schema):
        return next(option["enum"] for option in schema.get("anyOf", [schema]) if "enum" in option)

    assert set(enum(parameters["action"])) == set(action_labels())
    assert {"auth.login", "proposals.claim_verify", "export"} <= set(enum(parameters["action"]))
    assert set(enum(parameters["object_type"])) == set(object_types())
