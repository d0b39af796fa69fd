import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests import factories
from tests.scoping_matrix import ALL_WORKERS, positions
from zhichuang.accounts.enums import SkillLevel
from zhichuang.accounts.forms import WorkerFilterForm
from zhichuang.accounts.models import RoleAssignment, User, Worker
from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.models import AuditEntry

LOGIN = reverse("accounts:login")
PEOPLE = reverse("accounts:worker_list")
ROLES = reverse("accounts:role_list")
HOME = reverse("core:home")


def names_in_rows(response) -> set[str]:
    return {w.name for w in response.context["page"].rows}


# ---- login, lockout, password ---------------------------------------------------------


def test_login_by_username_goes_home(client, city_tree):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], username="boss")
    response = client.post(LOGIN, {"username": "boss", "password": factories.PASSWORD})
    assert response.status_code == 302 and response.url == HOME
    assert int(client.session["_auth_user_id"]) == admin.pk


def test_login_by_mobile_number(client, city_tree):
    worker = factories.make_worker(city_tree["steel"], name="赵敏", mobile="13912345678")
    response = client.post(LOGIN, {"username": "139 1234 5678", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == worker.user_id


def test_login_wrong_password_is_refused_and_recorded(client, city_tree):
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="eva")
    response = client.post(LOGIN, {"username": "eva", "password": "nope"})
    assert response.status_code == 400
    assert response.context["form"].errors["__all__"][0] == "用户名/手机号或密码不正确。"
    assert AuditEntry.objects.filter(action="auth.login_failed", object_repr="eva").count() == 1


def test_login_locks_after_limit_and_unlock_lets_in(client, city_tree, settings):
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="eva")
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        response = client.post(LOGIN, {"username": "eva", "password": "nope"}, REMOTE_ADDR=f"10.0.1.{attempt}")
    error = response.context["form"].errors["__all__"][0]
    assert "已暂停登录至" in error and "联系安全管理员解锁" in error
    # The right password does not help while locked.
    response = client.post(LOGIN, {"username": "eva", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 400 and "已暂停登录至" in response.context["form"].errors["__all__"][0]
    client.force_login(secadmin)
    eva = User.objects.get(username="eva")
    client.post(reverse("accounts:account_unlock", args=[eva.pk]))
    client.logout()
    response = client.post(LOGIN, {"username": "eva", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="auth.unlock", object_id=str(eva.pk)).exists()


def test_login_locks_the_address_after_limit(client, city_tree, settings):
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="eva")
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"nobody{n}", "password": "x"}, REMOTE_ADDR="10.9.9.9")
    response = client.post(LOGIN, {"username": "eva", "password": factories.PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 400
    assert "已暂停登录至" in response.context["form"].errors["__all__"][0]


def test_logout_needs_post_and_ends_session(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(HOME).status_code == 302


def test_must_change_password_redirects_everywhere_until_changed(client, city_tree):
    user = city_tree["steel_worker"].user
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change"))
    assert page.context["forced"] is True
    assert "密码须至少包含小写字母、大写字母、数字和其他字符中的三类" in page.content.decode()  # the policy is shown
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": factories.PASSWORD, "new_password": "New-pass-2027!", "new_password_again": "New-pass-2027!"},
    )
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200  # still logged in, no longer redirected
    user.refresh_from_db()
    assert user.must_change_password is False and user.check_password("New-pass-2027!")


def test_password_change_shows_policy_errors_on_the_field(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": factories.PASSWORD, "new_password": "short", "new_password_again": "short"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["new_password"]
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password": "New-pass-2027!", "new_password_again": "New-pass-2027!"},
    )
    assert response.context["form"].errors["old_password"] == ["当前密码不正确。"]


# ---- people ---------------------------------------------------------------------------


def test_people_list_matrix_shows_exactly_the_scope(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        response = client.get(PEOPLE)
        if not has_perm(position.user, Perm.VIEW_WORKERS):
            assert response.status_code == 404, position.label
            continue
        html = response.content.decode()
        assert names_in_rows(response) == position.workers, position.label
        for name in ALL_WORKERS - position.workers:
            assert name not in html, (position.label, name)


def test_worker_detail_matrix_out_of_scope_is_404(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        for worker in Worker.objects.all():
            response = client.get(reverse("accounts:worker_detail", args=[worker.pk]))
            expected = 200 if worker.name in position.workers else 404
            assert response.status_code == expected, (position.label, worker.name)


def test_people_list_query_count_is_constant(client, city_tree, django_assert_num_queries):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["mill"])
    client.force_login(admin)
    client.get(PEOPLE)  # warm the session
    with django_assert_num_queries(5) as one:
        assert len(client.get(PEOPLE).context["page"].rows) == 1
    for _ in range(12):
        factories.make_worker(city_tree["mill"])
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(PEOPLE).context["page"].rows) == 13


def test_people_list_filters(client, city_tree):
    steel = city_tree["steel"]
    factories.make_worker(steel, name="张三", trade="焊工", skill_level=SkillLevel.LEVEL_2, union_member=False)
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    assert names_in_rows(client.get(PEOPLE, {"q": "张"})) == {"张伟", "张三"}
    assert names_in_rows(client.get(PEOPLE, {"q": "焊"})) == {"张三"}
    assert names_in_rows(client.get(PEOPLE, {"skill_level": 2})) == {"张三"}
    assert names_in_rows(client.get(PEOPLE, {"union_member": "no"})) == {"张三"}
    assert names_in_rows(client.get(PEOPLE, {"org": city_tree["north"].pk})) == {"张伟", "张三", "李娜"}
    assert names_in_rows(client.get(PEOPLE, {"org": steel.pk, "dept": city_tree["steel_shop"].pk})) == {"张伟"}
    assert names_in_rows(client.get(PEOPLE, {"dept": city_tree["steel_shop"].pk})) == {"张伟"}


def test_people_list_filter_outside_scope_is_404(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    assert client.get(PEOPLE, {"org": city_tree["port"].pk}).status_code == 404


def test_people_list_shows_capped_total_and_pages(client, city_tree, monkeypatch):
    monkeypatch.setattr("zhichuang.core.views.LIST_COUNT_CAP", 2)
    monkeypatch.setattr("zhichuang.core.views.PER_PAGE", 2)
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    first = client.get(PEOPLE)
    page = first.context["page"]
    assert (page.count_label, page.has_next, len(page.rows)) == ("2+", True, 2)
    second = client.get(PEOPLE, {"page": 2}).context["page"]
    assert (second.has_next, len(second.rows)) == (False, 1)


def test_people_export_is_scoped_masked_and_audited(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], can_view_pii=True))
    response = client.get(reverse("accounts:worker_export"), {"q": "张"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("姓名", "性别", "身份证号(脱敏)", "手机号(脱敏)")
    worker = city_tree["steel_worker"]
    assert [r[0] for r in rows[1:]] == ["张伟"]
    assert rows[1][2] == worker.id_number_masked and rows[1][3] == worker.mobile_masked
    entry = AuditEntry.objects.get(action="export")
    assert entry.changes["rows"] == 1 and entry.changes["filters"] == {"search": "张"}


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


CORRECT_THE_FILTERS = "Correct the filters above to see the list."
HUGE = "9" * 23


NOT_A_CHOICE = "Select a valid choice. %(value)s is not one of the available choices."


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        # Each beside a valid search: the old form dropped every filter and listed the whole scope.
        ({"q": "张", "org": "abc"}, "org", "No such organisation."),
        ({"q": "张", "org": "0"}, "org", "No such organisation."),
        ({"q": "张", "org": HUGE}, "org", "No such organisation."),
        ({"q": "张", "org": str(2**63)}, "org", "No such organisation."),
        ({"q": "张", "dept": HUGE}, "dept", "No such department."),
        ({"q": "张", "dept": "-1"}, "dept", "No such department."),
        (
            {"q": "张", "skill_level": HUGE},
            "skill_level",
            NOT_A_CHOICE,
        ),
        (
            {"q": "张", "union_member": "maybe"},
            "union_member",
            NOT_A_CHOICE,
        ),
        ({"q": "张\x00"}, "q", "Null characters are not allowed."),
        ({"q": "张" * 51}, "q", None),  # Django's own plural message: taken from the form below
    ],
)
def test_people_list_shows_bad_filters_at_their_fields_over_an_empty_list(client, city_tree, params, field, error):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get(PEOPLE, params)
    assert response.status_code == 400
    assert names_in_rows(response) == set()
    html = response.content.decode()
    # One message says why the list is empty; what is wrong is said at the field that is wrong.
    assert [str(m) for m in response.context["messages"]] == [_zh(CORRECT_THE_FILTERS)]
    value = params[field]
    if error is None:
        with translation.override("zh-hans"):
            expected = " ".join(WorkerFilterForm(params).errors[field])
    else:
        expected = _zh(error) % {"value": value}
    assert re.findall(r'data-error-for="(\w+)">([^<]*)<', html) == [(field, escape(expected))]
    if field != "dept":  # the city's enterprises are offered as a choice; a department only within one
        assert re.search(rf'class="form-(control|select) is-invalid"[^>]* name="{field}"', html), field
    assert html.count("is-invalid") == (0 if field == "dept" else 1)
    for name in ALL_WORKERS:
        assert name not in html, name


def test_people_list_bad_filter_keeps_a_valid_organisation_in_scope(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    steel = city_tree["steel"]
    response = client.get(PEOPLE, {"org": steel.pk, "skill_level": "99"})
    assert response.status_code == 400
    assert response.context["org"] == steel and names_in_rows(response) == set()
    # An organisation outside the scope is still a 404, whatever else is wrong: its name never shows.
    assert client.get(PEOPLE, {"org": city_tree["port"].pk, "skill_level": "99"}).status_code == 404
    assert (
        client.get(reverse("accounts:worker_export"), {"org": city_tree["port"].pk, "q": "张" * 51}).status_code == 404
    )


@pytest.mark.parametrize("params", [{"q": "张", "org": "abc"}, {"org": HUGE}, {"q": "张", "skill_level": "99"}])
def test_people_export_with_a_bad_filter_goes_back_to_the_list(client, city_tree, params):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], can_view_pii=True))
    response = client.get(reverse("accounts:worker_export"), params)
    assert response.status_code == 302
    assert response.url.startswith(PEOPLE + "?")
    assert client.get(response.url).status_code == 400
    assert not AuditEntry.objects.filter(action="export").exists()  # nothing was exported


def test_people_bad_filters_show_no_one_in_any_scope(client, city_tree):
    bad = {"q": "张", "org": HUGE}
    for position in positions(city_tree):
        client.force_login(position.user)
        response = client.get(PEOPLE, bad)
        export = client.get(reverse("accounts:worker_export"), bad)
        if not has_perm(position.user, Perm.VIEW_WORKERS):
            assert (response.status_code, export.status_code) == (404, 404), position.label
            continue
        assert (response.status_code, export.status_code) == (400, 302), position.label
        html = response.content.decode()
        for name in ALL_WORKERS:
            assert name not in html, (position.label, name)


def test_pii_reveal_with_permission_shows_once_and_audits(client, city_tree):
    worker = city_tree["steel_worker"]
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True))
    detail = client.get(reverse("accounts:worker_detail", args=[worker.pk])).content.decode()
    assert reverse("accounts:worker_reveal", args=[worker.pk]) in detail
    assert worker.reveal_id_number() not in detail
    response = client.post(reverse("accounts:worker_reveal", args=[worker.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert worker.reveal_id_number() in html and worker.reveal_mobile() in html
    assert "<html" not in html  # an htmx fragment
    assert AuditEntry.objects.filter(action="pii.view", object_id=str(worker.pk)).count() == 1
    # Reloading the page shows the masked values again.
    assert (
        worker.reveal_id_number()
        not in client.get(reverse("accounts:worker_detail", args=[worker.pk])).content.decode()
    )


def test_pii_reveal_without_flag_is_refused_and_not_audited(client, city_tree):
    worker = city_tree["steel_worker"]
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    detail = client.get(reverse("accounts:worker_detail", args=[worker.pk])).content.decode()
    assert reverse("accounts:worker_reveal", args=[worker.pk]) not in detail
    response = client.post(reverse("accounts:worker_reveal", args=[worker.pk]), follow=True)
    assert worker.reveal_id_number() not in response.content.decode()
    assert "查看完整个人信息须单独授予个人信息查看权限" in response.content.decode()
    assert not AuditEntry.objects.filter(action="pii.view").exists()


def test_pii_reveal_outside_scope_is_404(client, city_tree):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True))
    response = client.post(reverse("accounts:worker_reveal", args=[city_tree["port_worker"].pk]))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="pii.view").exists()


# ---- roles ----------------------------------------------------------------------------


def test_roles_page_only_for_security_administrator(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        expected = 200 if position.label.startswith("secadmin") else 404
        assert client.get(ROLES).status_code == expected, position.label


def test_role_grant_and_revoke(client, city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    target = factories.make_user("newbie")
    client.force_login(secadmin)
    response = client.post(
        ROLES,
        {"username": "newbie", "role": Role.DISTRICT_ADMIN, "organization": "南区总工会", "can_view_pii": "on"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=target)
    assert (assignment.role, assignment.organization, assignment.can_view_pii) == (
        Role.DISTRICT_ADMIN,
        city_tree["south"],
        True,
    )
    assert "newbie" in client.get(ROLES).content.decode()
    client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert list(
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(target.pk)).values_list(
            "action", flat=True
        )
    ) == [
        "role.revoke",
        "role.grant",
    ]


def test_role_grant_by_credit_code(client, city_tree):
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["city"]))
    target = factories.make_user("newbie")
    client.post(
        ROLES, {"username": "newbie", "role": Role.ENTERPRISE_ADMIN, "organization": city_tree["port"].credit_code}
    )
    assert RoleAssignment.objects.get(user=target).organization == city_tree["port"]


def test_role_grant_separation_error_is_a_form_error(client, city_tree):
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["city"]))
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"], username="sys")
    response = client.post(ROLES, {"username": "sys", "role": Role.AUDITOR, "organization": "示范市总工会"})
    assert response.status_code == 200
    assert "三员分立" in response.context["form"].non_field_errors()[0]
    assert list(sysadmin.role_assignments.values_list("role", flat=True)) == [Role.SYSADMIN]


def test_role_grant_unknown_account_or_org_outside_scope(client, city_tree):
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["north"]))
    factories.make_user("newbie")
    response = client.post(ROLES, {"username": "ghost", "role": Role.WORKER, "organization": "南港公司"})
    errors = response.context["form"].errors
    assert errors["username"] == ["您的管理范围内没有该用户名的账号。"]
    assert errors["organization"] == ["您的管理范围内没有该名称或统一社会信用代码的组织。"]


def test_role_list_shows_only_assignments_in_scope(client, city_tree):
    factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"], username="port-admin")
    factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], username="steel-admin")
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["north"]))
    html = client.get(ROLES).content.decode()
    assert "steel-admin" in html and "port-admin" not in html


def test_role_revoke_outside_scope_is_404(client, city_tree):
    other = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"])
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["north"]))
    assignment = other.role_assignments.get()
    assert client.post(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_role_export_lists_the_scope_only(client, city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["north"], username="sec-north")
    factories.make_admin(Role.EVALUATOR, city_tree["port"], username="eval-south")
    client.force_login(secadmin)
    response = client.get(reverse("accounts:role_export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    usernames = {r[0] for r in rows[1:]}
    assert "sec-north" in usernames and "eval-south" not in usernames
    assert client.get(reverse("accounts:role_export")).status_code == 200
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    assert client.get(reverse("accounts:role_export")).status_code == 404
