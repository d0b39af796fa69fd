"""Issue 9, findings 4, 5, 8 and part of 9: the authentication gate, the separated administrators,
the lockout answer, the admin site for non-administrators and the login form's status."""

import datetime
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from tests import factories
from zhichuang.accounts import services as account_services
from zhichuang.accounts.models import ApiToken, RoleAssignment, User
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import ValidationFailed
from zhichuang.proposals.models import Proposal

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
HOME = reverse("core:home")
PASSWORD_CHANGE = reverse("accounts:password_change")
INITIAL_PASSWORD = "Import-pass-2026"
NEW_PASSWORD = "Own-Passw0rd-2027"
BODY = {"title": "冷却水循环利用", "kind": "innovation", "problem": "冷却水直排。", "change": "加装回收泵。"}


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def error_of(response) -> dict:
    return response.json()["error"]


def imported_worker(employer):
    """A worker account as the import makes it: the file's shared initial password, to be changed."""
    return account_services.worker_create(
        actor=None,
        name="周明",
        id_number=factories.new_id_number(),
        mobile=factories.new_mobile(),
        employer=employer,
        initial_password=INITIAL_PASSWORD,
    )


def log_in(client, username, password=factories.PASSWORD, **extra):
    response = client.post(LOGIN, {"username": username, "password": password}, **extra)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def page_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---- finding 4: one gate for pages and the API -------------------------------------------------


def test_must_change_password_account_is_refused_on_the_api_as_on_the_pages(city_tree):
    worker = imported_worker(city_tree["steel"])
    assert worker.user.must_change_password
    earlier_token, earlier_key = account_services.api_token_create(user=worker.user, name="发放前的令牌")
    client = Client()
    log_in(client, worker.user.username, INITIAL_PASSWORD)

    page = client.get(HOME)
    assert page.status_code == 302 and page.url == PASSWORD_CHANGE

    me = client.get("/api/v1/me")
    assert me.status_code == 403
    assert error_of(me)["code"] == "password_change_required"
    assert "修改密码" in error_of(me)["message"]
    assert "user" not in me.json() and worker.name not in me.content.decode()

    submitted = client.post(
        "/api/v1/proposals", BODY | {"client_token": str(uuid.uuid4())}, content_type="application/json"
    )
    assert submitted.status_code == 403 and error_of(submitted)["code"] == "password_change_required"
    assert not Proposal.objects.exists()

    issued = client.post("/api/v1/tokens", {"name": "绕过"}, content_type="application/json")
    assert issued.status_code == 403 and error_of(issued)["code"] == "password_change_required"
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [earlier_token.pk]

    by_token = Client().get("/api/v1/me", **bearer(earlier_key))
    assert by_token.status_code == 403 and error_of(by_token)["code"] == "password_change_required"

    # The password change itself and logout stay open.
    assert client.get(PASSWORD_CHANGE).status_code == 200
    changed = client.post(
        PASSWORD_CHANGE,
        {"old_password": INITIAL_PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert changed.status_code == 302 and changed.url == HOME
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/me").json()["user"]["username"] == worker.user.username

    # The token issued before the password change died with it; a new one works.
    dead = Client().get("/api/v1/me", **bearer(earlier_key))
    assert dead.status_code == 401 and error_of(dead)["code"] == "token_revoked"
    fresh = client.post("/api/v1/tokens", {"name": "新令牌"}, content_type="application/json")
    assert fresh.status_code == 201
    assert Client().get("/api/v1/me", **bearer(fresh.json()["key"])).status_code == 200

    other = Client()
    log_in(other, worker.user.username, NEW_PASSWORD)
    assert other.post(LOGOUT).status_code == 302


def test_locked_account_loses_its_open_session_and_its_token(city_tree, settings):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], username="north-admin")
    _, key = account_services.api_token_create(user=admin, name="报表")
    pages, api = Client(), Client()
    log_in(pages, "north-admin")
    log_in(api, "north-admin")
    assert pages.get(HOME).status_code == 200 and api.get("/api/v1/me").status_code == 200

    guesser = Client()
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        guesser.post(LOGIN, {"username": "north-admin", "password": "guess"}, REMOTE_ADDR=f"10.7.0.{n}")

    page = pages.get(HOME)
    assert page.status_code == 302 and page.url == LOGIN
    assert any("锁定" in m for m in page_messages(page))
    assert pages.get(HOME).status_code == 302  # logged out, not only turned away once
    for response in (api.get("/api/v1/me"), Client().get("/api/v1/workers", **bearer(key))):
        assert response.status_code == 401
        assert error_of(response)["code"] == "account_locked" and "锁定" in error_of(response)["message"]
        assert "items" not in response.json() and "user" not in response.json()

    # The security administrator's unlock ends the lock: the token is refused only while it holds.
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    account_services.account_unlock(actor=secadmin, user=User.objects.get(pk=admin.pk))
    assert Client().get("/api/v1/workers", **bearer(key)).status_code == 200


@pytest.mark.parametrize("standing", ["disabled", "expired"])
def test_disabled_or_expired_account_is_refused_the_same_way_on_pages_and_api(city_tree, standing):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], username="boss")
    _, key = account_services.api_token_create(user=admin, name="报表")
    pages, api = Client(), Client()
    log_in(pages, "boss")
    log_in(api, "boss")
    if standing == "disabled":
        User.objects.filter(pk=admin.pk).update(is_active=False)
    else:
        User.objects.filter(pk=admin.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    page = pages.get(HOME)
    assert page.status_code == 302 and page.url == LOGIN
    assert page_messages(page)
    assert pages.get(HOME).status_code == 302
    for response in (api.get("/api/v1/me"), Client().get("/api/v1/me", **bearer(key))):
        assert response.status_code == 401 and error_of(response)["code"] == f"account_{standing}"
        assert "user" not in response.json()
    refused = Client().post(LOGIN, {"username": "boss", "password": factories.PASSWORD})
    assert refused.status_code == 400 and "_auth_user_id" not in refused.wsgi_request.session


# ---- finding 5: the three administrators hold no other role --------------------------------------


def test_an_administrator_duty_excludes_every_other_role_in_the_service_and_the_database(city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    with pytest.raises(ValidationFailed) as refused:
        account_services.role_grant(
            actor=secadmin, user=sysadmin, role=Role.CITY_ADMIN, organization=city_tree["city"], can_view_pii=True
        )
    assert "三员分立" in str(refused.value.message)
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], can_view_pii=True)
    for duty in (Role.SYSADMIN, Role.AUDITOR):
        with pytest.raises(ValidationFailed):
            account_services.role_grant(actor=secadmin, user=city_admin, role=duty, organization=city_tree["city"])
    assert list(sysadmin.role_assignments.values_list("role", flat=True)) == [Role.SYSADMIN]
    assert list(city_admin.role_assignments.values_list("role", flat=True)) == [Role.CITY_ADMIN]

    # Written around the service, the database refuses it too.
    for user, role, pii in (
        (sysadmin, Role.CITY_ADMIN, True),
        (sysadmin, Role.WORKER, False),
        (city_admin, Role.AUDITOR, False),
        (factories.make_user(), Role.SYSADMIN, True),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=user, role=role, organization=city_tree["city"], can_view_pii=pii)
    both = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    factories.grant(both, Role.EXPERT, city_tree["city"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.filter(user=both, role=Role.EXPERT).update(role=Role.SYSADMIN)
    # The same duty on a second organisation is still one duty.
    factories.grant(sysadmin, Role.SYSADMIN, city_tree["north"])


# ---- finding 8: the lockout answer names no account ------------------------------------------------


def attempt(username, address, password="wrong"):  # noqa: S107 - a wrong guess, on purpose
    response = Client().post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code, response.context["form"].errors["__all__"]


@freeze_time("2026-12-02 09:00:00")
def test_the_lockout_answer_is_the_same_for_existing_and_unknown_accounts(city_tree, settings):
    worker = city_tree["steel_worker"]
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="eva")
    answers = {}
    for n, login in enumerate(["eva", worker.reveal_mobile(), "nobody-here", "13900000001"]):
        # Five failures from one address, then the right password (for the existing) from it.
        address = f"10.8.{n}.1"
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            attempt(login, address)
        answers[login] = attempt(login, address, factories.PASSWORD)
    assert len(set(map(repr, answers.values()))) == 1, answers
    status, errors = answers["eva"]
    assert status == 400 and "2026-12-02 17:15" in errors[0]  # 09:00 UTC is 17:00 in Shanghai, plus the window

    # Five failures from five addresses, then a sixth: an unknown name is blocked like a real one.
    factories.make_admin(Role.EVALUATOR, city_tree["port"], username="frank")
    distributed = {}
    port_mobile = city_tree["port_worker"].reveal_mobile()
    for login in ("frank", "nobody-else", port_mobile, "13900000002"):
        for n in range(settings.LOGIN_FAILURE_LIMIT):
            attempt(login, f"10.9.{len(distributed)}.{n}")
        distributed[login] = attempt(login, f"10.9.{len(distributed)}.99", factories.PASSWORD)
    assert len(set(map(repr, distributed.values()))) == 1, distributed
    assert distributed["frank"] == answers["eva"]


# ---- finding 9: /admin/ for a non-administrator, the login form's status ----------------------------


def test_admin_site_answers_404_to_a_logged_in_non_administrator(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    for path in ("/admin/", "/admin/login/?next=/admin/", "/admin/accounts/user/"):
        response = client.get(path, follow=True)
        assert response.status_code == 404, path
        assert len(response.redirect_chain) == 0, response.redirect_chain
    anonymous = Client().get("/admin/", follow=True)
    assert anonymous.status_code == 200 and anonymous.request["PATH_INFO"] == LOGIN
    assert len(anonymous.redirect_chain) <= 2
    client.force_login(factories.make_admin(Role.SYSADMIN, city_tree["city"]))
    assert client.get("/admin/").status_code == 200


def test_login_and_password_forms_with_errors_answer_400(client, city_tree):
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="eva")
    wrong = client.post(LOGIN, {"username": "eva", "password": "nope"})
    assert wrong.status_code == 400 and wrong.context["form"].errors["__all__"]
    empty = client.post(LOGIN, {"username": "", "password": ""})
    assert empty.status_code == 400
    assert client.get(LOGIN).status_code == 200
    log_in(client, "eva")
    short = client.post(
        PASSWORD_CHANGE, {"old_password": factories.PASSWORD, "new_password": "x", "new_password_again": "x"}
    )
    assert short.status_code == 400 and short.context["form"].errors["new_password"]
