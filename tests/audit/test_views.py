import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts import services as account_services
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.audit.services import audit_record
from zhichuang.core.validators import FILTER_DATE_MAX, FILTER_DATE_MIN
from zhichuang.orgs import services as org_services

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

    assert reprs(action="role.grant") == {"旧授权"}
    assert reprs(action="role.revoke") == {"撤销记录"}
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
    params = {"action": "worker.update", "object_type": "accounts.worker"}
    worker = city_tree["steel_worker"]
    audit_record(action="worker.update", obj=worker, changes={"trade": ["钳工", "电工"]})
    with django_assert_num_queries(4) as one:
        assert len(client.get(AUDIT, params).context["page"].rows) == 1
    for n in range(10):
        audit_record(action="worker.update", obj=worker, changes={"trade": [f"钳工{n}", f"电工{n}"]})
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(AUDIT, params).context["page"].rows) == 11


def test_audit_export_is_filtered_and_itself_audited(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟")
    client.force_login(auditor)
    response = client.get(reverse("audit:export"), {"action": "pii.view"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("时间", "操作人", "地址", "操作")
    assert [r[3] for r in rows[1:]] == ["查看完整个人信息"]
    export = AuditEntry.objects.get(action="export")
    assert export.actor_username == auditor.username
    assert export.changes == {"rows": 1, "filters": {"action": "pii.view"}}


# ---- bad filter values ----------------------------------------------------------------


def _zh(message: str, **params) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message) % params if params else translation.gettext(message)


TOO_LATE = _zh("Ensure this value is less than or equal to %(limit_value)s.", limit_value=FILTER_DATE_MAX)
TOO_EARLY = _zh("Ensure this value is greater than or equal to %(limit_value)s.", limit_value=FILTER_DATE_MIN)
NOT_A_DATE = _zh("Enter a valid date.")
NO_SUCH_ACTION = "没有这个操作，请从列表中选择。"
NO_SUCH_TYPE = "没有这个对象类型，请从列表中选择。"


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        # Each beside a valid filter: the old form dropped them all and listed the whole log.
        ({"action": "pii.view", "date_to": "9999-12-31"}, {"date_to": [TOO_LATE]}),
        ({"action": "pii.view", "date_from": "9999-12-31"}, {"date_from": [TOO_LATE]}),
        ({"action": "pii.view", "date_from": "0001-01-01"}, {"date_from": [TOO_EARLY]}),
        ({"action": "pii.view", "date_to": "0001-01-01"}, {"date_to": [TOO_EARLY]}),
        ({"action": "pii.view", "date_from": "2026-02-30"}, {"date_from": [NOT_A_DATE]}),
        ({"action": "pii.view", "q": "张\x00"}, {"q": [_zh("Null characters are not allowed.")]}),
        ({"action": "x" * 65}, {"action": [NO_SUCH_ACTION]}),
        ({"action": "pii."}, {"action": [NO_SUCH_ACTION]}),  # a prefix: the codes are choices now
        ({"action": "pii.view", "object_type": "accounts"}, {"object_type": [NO_SUCH_TYPE]}),
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
    [
        {"action": "pii.view", "date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"action": "pii.view", "date_from": "abc"},
    ],
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
    widest = {"action": "pii.view", "date_from": FILTER_DATE_MIN.isoformat(), "date_to": FILTER_DATE_MAX.isoformat()}
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


# ---- entries in words ------------------------------------------------------------------


def _readable_log(client, city_tree):
    """A login, an edit, a grant, a view of personal data and a failed login with a mobile number, written
    by the real code; returns the typed mobile."""
    user = factories.make_user("zhoumin", display_name="周敏")
    client.login(username="zhoumin", password=factories.PASSWORD)
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], can_view_pii=True)
    org_services.organization_update(actor=admin, organization=city_tree["mill"], name="北纺新厂")
    account_services.worker_reveal_pii(actor=admin, worker=city_tree["steel_worker"])
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    account_services.role_grant(actor=secadmin, user=user, role=Role.EVALUATOR, organization=city_tree["steel"])
    client.logout()
    mobile = city_tree["steel_worker"].reveal_mobile()
    client.login(username=mobile, password="wrong")
    return mobile


def test_audit_list_shows_entries_in_words(client, city_tree):
    mobile = _readable_log(client, city_tree)
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    html = client.get(AUDIT).content.decode()
    for shown in (
        '<td data-label="操作">登录</td>',
        '<td data-label="对象">账号 周敏</td>',
        "修改组织",
        '<td data-label="对象">组织 北纺新厂</td>',
        '<span class="text-secondary">名称:</span> 北纺厂 → 北纺新厂',
        "查看完整个人信息",
        '<span class="text-secondary">查看的字段:</span> 身份证号, 手机号',
        '<span class="text-secondary">角色:</span> 评审员',
        f'<td data-label="对象">账号 {mobile[:3]}****{mobile[-4:]}</td>',
        "登录失败",
    ):
        assert shown in html, shown
    table = html[html.index("<tbody>") :]
    for hidden in ("auth.login", "org.update", "pii.view", "role.grant", "accounts.user", "orgs.organization"):
        assert hidden not in table, hidden
    assert "{&#x27;" not in table and "[&#x27;" not in table  # no raw dictionary or list
    # Nor its hidden middle beside either visible end (the middle four digits alone may occur by chance, in a
    # generated credit code, say).
    assert mobile not in html and mobile[:7] not in table and mobile[3:] not in table


def test_audit_filters_are_choices_of_the_registered_labels(client, city_tree):
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "proposals.claim_verify", "object_type": "proposals.proposal"})
    assert response.status_code == 200
    form = response.context["form"]
    assert ("auth.login", "登录") in [(code, str(label)) for code, label in form.fields["action"].choices]
    html = response.content.decode()
    assert '<option value="proposals.claim_verify" selected>核定效益</option>' in html
    assert '<option value="proposals.proposal" selected>项目</option>' in html
    assert '<option value="" >不限</option>' in html or '<option value="">不限</option>' in html


def test_audit_list_shows_an_unknown_filter_value_at_its_field(client, city_tree):
    audit_record(action="pii.view", object_repr="张伟的身份证号")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(AUDIT, {"action": "auth.forged", "object_type": "orgs.organization"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"action": [NO_SUCH_ACTION]}
    html = response.content.decode()
    field = html[html.index('id="id_action"') :]
    assert field.index(NO_SUCH_ACTION) < field.index('id="id_actor"')  # under the action field
    assert "张伟的身份证号" not in html


def test_audit_export_is_in_words(client, city_tree):
    mobile = _readable_log(client, city_tree)
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    response = client.get(reverse("audit:export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    by_action = {row[3]: row for row in rows[1:]}
    edit = by_action["修改组织"]
    assert edit[4:] == ("组织", str(city_tree["mill"].pk), "北纺新厂", "名称: 北纺厂 → 北纺新厂")
    grant = by_action["授予角色"]
    assert grant[4] == "账号" and grant[7] == "角色: 评审员\n组织: 北钢集团\n个人信息查看权限: 否"
    assert by_action["登录失败"][6] == f"{mobile[:3]}****{mobile[-4:]}"
    cells = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for hidden in ("auth.login", "org.update", "role.grant", "accounts.user", "{'", mobile):
        assert hidden not in cells, hidden
