"""Login lockout: too many failures within the window lock the account and the address.

The unlock path: wait until the window has passed, or the security administrator
unlocks the account (accounts.services.account_unlock).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt, User


def window_start(now=None):
    return (now or timezone.now()) - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _locked_until(failures):
    """When the lock ends, if the last LIMIT failures all fall within the window; else None."""
    failures = list(
        failures.order_by("-attempted_at").values_list("attempted_at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(failures) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return failures[-1] + timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def account_locked_until(user: User, now=None):
    since = window_start(now)
    if user.failures_cleared_at and user.failures_cleared_at > since:
        since = user.failures_cleared_at
    return _locked_until(LoginAttempt.objects.filter(user=user, succeeded=False, attempted_at__gt=since))


def address_locked_until(ip_address: str | None, now=None):
    if not ip_address:
        return None
    since = window_start(now)
    return _locked_until(LoginAttempt.objects.filter(ip_address=ip_address, succeeded=False, attempted_at__gt=since))
