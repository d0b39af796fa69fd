import pytest
from django.utils import translation

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.audit.services import audit_record
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

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
        {"actor": "\x00"},
        {"object_type": "\x00"},
    ],
)
def test_audit_refuses_filters_the_database_cannot_compare(client, city_tree, params):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "pii.", **params})
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid" and set(body["error"]["details"]) == set(params)
    assert body["error"]["message"] == _zh("Some of the values are not valid.")
    assert "items" not in body and "张伟的身份证号" not in response.content.decode()


def test_audit_takes_the_widest_dates(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    widest = {"action": "pii.", "date_from": FILTER_DATE_MIN.isoformat(), "date_to": FILTER_DATE_MAX.isoformat()}
    response = client.get(AUDIT, widest)
    assert response.status_code == 200
    assert [e["object_repr"] for e in response.json()["items"]] == ["张伟的身份证号"]


def test_audit_stays_the_auditors_with_any_filters(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    good = {"action": "pii.", "date_from": FILTER_DATE_MIN.isoformat()}
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
