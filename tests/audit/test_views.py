import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.audit.services import audit_record
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN

AUDIT = reverse("audit:list")


def test_audit_list_is_404_for_everyone_but_the_auditor(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        expected = 200 if position.label.startswith("auditor") else 404
        assert client.get(AUDIT).status_code == expected, position.label
        assert client.get(reverse("audit:export")).status_code == expected, position.label


def test_audit_selector_is_empty_without_the_permission(city_tree):
    audit_record(action="test.event")
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    assert not audit_entry_list(user=sysadmin).exists()
    assert audit_entry_list(user=auditor).filter(action="test.event").exists()


def test_audit_list_filters(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="role.grant", object_repr="旧授权", ip_address="10.1.1.1")
    audit_record(action="role.revoke", object_repr="撤销记录", actor=auditor, ip_address="10.2.2.2")
    audit_record(action="pii.view", object_repr="张伟")
    client.force_login(auditor)

    def reprs(**params):
        return {e.object_repr for e in client.get(AUDIT, params).context["page"].rows}

    assert reprs(action="role.") == {"旧授权", "撤销记录"}
    assert reprs(actor=auditor.username) >= {"撤销记录"}
    assert "旧授权" not in reprs(actor=auditor.username)
    assert reprs(q="张") == {"张伟"}
    assert reprs(q="10.2.2.2") == {"撤销记录"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert reprs(date_from=tomorrow.isoformat()) == set()
    assert "张伟" in reprs(date_to=timezone.localdate().isoformat())


def test_audit_list_query_count_is_constant(client, city_tree, django_assert_num_queries):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    client.force_login(auditor)
    client.get(AUDIT)
    params = {"action": "test."}
    audit_record(action="test.one")
    with django_assert_num_queries(4) as one:
        assert len(client.get(AUDIT, params).context["page"].rows) == 1
    for n in range(10):
        audit_record(action=f"test.{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(AUDIT, params).context["page"].rows) == 11


def test_audit_export_is_filtered_and_itself_audited(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟")
    client.force_login(auditor)
    response = client.get(reverse("audit:export"), {"action": "pii."})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("时间", "操作人", "地址", "操作")
    assert [r[3] for r in rows[1:]] == ["pii.view"]
    export = AuditEntry.objects.get(action="export")
    assert export.actor_username == auditor.username
    assert export.changes == {"rows": 1, "filters": {"action": "pii."}}


# ---- bad filter values ----------------------------------------------------------------


def _zh(message: str, **params) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message) % params if params else translation.gettext(message)


TOO_LATE = _zh("Ensure this value is less than or equal to %(limit_value)s.", limit_value=FILTER_DATE_MAX)
TOO_EARLY = _zh("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=FILTER_DATE_MIN)
NOT_A_DATE = _zh("Enter a valid date.")
with translation.override("zh-hans"):
    TOO_LONG = translation.ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        64,
    ) % {"limit_value": 64, "show_value": 65}


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        # Each beside a valid filter: the old form dropped them all and listed the whole log.
        ({"action": "pii.", "date_to": "9999-12-31"}, {"date_to": [TOO_LATE]}),
        ({"action": "pii.", "date_from": "9999-12-31"}, {"date_from": [TOO_LATE]}),
        ({"action": "pii.", "date_from": "0001-01-01"}, {"date_from": [TOO_EARLY]}),
        ({"action": "pii.", "date_to": "0001-01-01"}, {"date_to": [TOO_EARLY]}),
        ({"action": "pii.", "date_from": "2026-02-30"}, {"date_from": [NOT_A_DATE]}),
        ({"action": "pii.", "q": "张\x00"}, {"q": [_zh("Null characters are not allowed.")]}),
        ({"action": "x" * 65}, {"action": [TOO_LONG]}),
    ],
)
def test_audit_list_shows_bad_filters_over_an_empty_list(client, city_tree, params, errors):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    audit_record(action="role.grant", object_repr="旧授权")
    client.force_login(auditor)
    response = client.get(AUDIT, params)
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert response.context["page"].rows == []
    html = response.content.decode()
    assert _zh("Correct the filters above to see the list.") in html
    for (error,) in errors.values():
        assert escape(error) in html
    assert "张伟的身份证号" not in html and "旧授权" not in html


@pytest.mark.parametrize(
    "params",
    [{"action": "pii.", "date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"action": "pii.", "date_from": "abc"}],
)
def test_audit_export_with_a_bad_filter_goes_back_to_the_list(client, city_tree, params):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(auditor)
    response = client.get(reverse("audit:export"), params)
    assert response.status_code == 302
    assert response.url.startswith(AUDIT + "?") and "export" not in response.url
    assert client.get(response.url).status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()  # nothing was exported


def test_audit_list_and_export_take_the_widest_dates(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(auditor)
    widest = {"action": "pii.", "date_from": FILTER_DATE_MIN.isoformat(), "date_to": FILTER_DATE_MAX.isoformat()}
    response = client.get(AUDIT, widest)
    assert response.status_code == 200
    assert [e.object_repr for e in response.context["page"].rows] == ["张伟的身份证号"]
    response = client.get(reverse("audit:export"), widest)
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[6] for r in rows[1:]] == ["张伟的身份证号"]


def test_audit_bad_filters_are_still_404_for_everyone_but_the_auditor(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    bad = {"date_to": "9999-12-31"}
    for position in positions(city_tree):
        client.force_login(position.user)
        expected = (400, 302) if position.label.startswith("auditor") else (404, 404)
        statuses = (client.get(AUDIT, bad).status_code, client.get(reverse("audit:export"), bad).status_code)
        assert statuses == expected, position.label
