from datetime import timedelta

from django.utils import timezone

from tests import factories
from zhichuang.accounts import lockout, services
from zhichuang.accounts.models import LoginAttempt
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry


def fail(client, username, times):
    for _ in range(times):
        assert not client.login(username=username, password="wrong")


def test_account_locks_after_five_failures_in_the_window(client, db):
    user = factories.make_user("locky")
    fail(client, "locky", 4)
    assert lockout.account_locked_until(user) is None
    fail(client, "locky", 1)
    until = lockout.account_locked_until(user)
    assert until is not None and until > timezone.now()


def test_failures_outside_the_window_do_not_count(db):
    user = factories.make_user("oldfails")
    for _ in range(5):
        LoginAttempt.objects.create(username="oldfails", user=user, succeeded=False)
    LoginAttempt.objects.update(attempted_at=timezone.now() - timedelta(minutes=16))
    assert lockout.account_locked_until(user) is None


def test_address_locks_across_accounts(db):
    for n in range(5):
        LoginAttempt.objects.create(username=f"guess{n}", ip_address="10.9.9.9", succeeded=False)
    assert lockout.address_locked_until("10.9.9.9") is not None
    assert lockout.address_locked_until("10.9.9.8") is None


def test_security_admin_unlocks_an_account(city_tree):
    user = factories.make_user("unlockme")
    for _ in range(5):
        LoginAttempt.objects.create(username="unlockme", user=user, succeeded=False)
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    services.account_unlock(actor=secadmin, user=user)
    user.refresh_from_db()
    assert lockout.account_locked_until(user) is None


def test_the_failure_that_locks_is_audited_once(client, db):
    factories.make_user("lockaudit")
    fail(client, "lockaudit", 7)
    assert AuditEntry.objects.filter(action="auth.login_failed").count() == 7
    assert AuditEntry.objects.filter(action="auth.lockout.account", object_repr="lockaudit").count() == 1
