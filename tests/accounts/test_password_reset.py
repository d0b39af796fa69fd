"""Forgotten passwords: an administrator of the person's organisation (the security administrator
for anyone with a role beyond worker) resets it; the person chooses a new one at the next login."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from tests import factories
from zhichuang.accounts import services
from zhichuang.accounts.models import ApiToken, User
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def reset_url(worker):
    return reverse("accounts:worker_password_reset", args=[worker.pk])


def one_time_password(response) -> str:
    return response.content.decode().split("data-one-time-password>", 1)[1].split("<", 1)[0]


def test_an_enterprise_admin_resets_a_workers_password_who_must_then_choose_a_new_one(client, city_tree):
    worker = city_tree["steel_worker"]
    services.api_token_create(user=worker.user, name="手机")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    client.force_login(admin)
    detail = client.get(reverse("accounts:worker_detail", args=[worker.pk]))
    assert reset_url(worker) in detail.content.decode()

    response = client.post(reset_url(worker))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    assert len(password) == 16
    user = User.objects.get(pk=worker.user_id)
    assert user.must_change_password
    assert authenticate(username=user.username, password=factories.PASSWORD) is None
    assert authenticate(username=user.username, password=password) == user
    assert not ApiToken.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action="auth.password_reset")
    assert (entry.actor_id, entry.object_id, entry.changes) == (admin.pk, str(user.pk), {"api_tokens_revoked": 1})
    assert password not in str(entry.changes) + entry.object_repr


def test_the_persons_open_session_ends_with_the_reset(client, city_tree):
    worker = city_tree["steel_worker"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    client.force_login(worker.user)
    assert client.get(reverse("core:home")).status_code == 200
    services.password_reset(actor=admin, user=worker.user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_outside_the_admins_scope_or_without_the_permission_there_is_nothing_to_reset(client, city_tree):
    port_worker = city_tree["port_worker"]
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    assert client.post(reset_url(port_worker)).status_code == 404
    client.force_login(city_tree["mill_worker"].user)
    assert client.post(reset_url(city_tree["steel_worker"])).status_code == 404
    assert not AuditEntry.objects.filter(action="auth.password_reset").exists()
    assert authenticate(username=port_worker.user.username, password=factories.PASSWORD) is not None


def test_an_account_with_a_role_beyond_worker_is_reset_by_the_security_administrator_only(client, city_tree):
    evaluator = city_tree["steel_worker"].user
    factories.grant(evaluator, Role.EVALUATOR, city_tree["steel"])
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    client.force_login(admin)
    detail = client.get(reverse("accounts:worker_detail", args=[city_tree["steel_worker"].pk]))
    assert reset_url(city_tree["steel_worker"]) not in detail.content.decode()
    response = client.post(reset_url(city_tree["steel_worker"]), follow=True)
    assert "您不能重置该账号的密码。" in response.content.decode()
    assert authenticate(username=evaluator.username, password=factories.PASSWORD) == evaluator

    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    client.force_login(secadmin)
    response = client.post(reverse("accounts:account_password_reset", args=[sysadmin.pk]))
    assert response.status_code == 200
    assert authenticate(username=sysadmin.username, password=one_time_password(response)) == sysadmin


def test_nobody_resets_their_own_password():
    city = factories.make_city()
    secadmin = factories.make_admin(Role.SECADMIN, city)
    assert not services.may_reset_password(secadmin, secadmin)
    with pytest.raises(services.PermissionDenied):
        services.password_reset(actor=secadmin, user=secadmin)


def test_the_login_page_says_what_to_do_about_a_forgotten_password(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "忘记密码" in page
