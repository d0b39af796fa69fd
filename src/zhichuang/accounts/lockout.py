"""Login lockout: too many failures within the window lock the account and the address.

The unlock path: wait until the window has passed, or the security administrator
unlocks the account (accounts.services.account_unlock).

A name no account has locks the same way as an account (its failures are counted by the name,
`login_key`), and the login form gives one answer for any lock (`login_locked_until`): the answer
to five failures must not tell whether the name belongs to an account.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from zhichuang.core import crypto
from zhichuang.core.validators import mask_identifiers, validate_mobile

from .models import LoginAttempt, User


def login_key(login: str) -> str:
    """What a login was tried as, for counting failures, as stored in LoginAttempt.username.

    A name holding an ID or mobile number (workers log in with their mobile) is kept only as a keyed
    hash of its normal form, so the same number typed twice counts twice while the table holds no
    number in clear and no mask that many numbers share; any other name is kept as typed.
    """
    login = (login or "").strip()[:150]
    try:
        login = validate_mobile(login)
    except Exception:  # noqa: BLE001 - not a mobile number: the name as typed
        if mask_identifiers(login) == login:
            return login
    return "#" + crypto.blind_index(login, "login")


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


def name_locked_until(login: str, now=None):
    """The lock on a name that no account has: its failures counted as an account's are."""
    since = window_start(now)
    return _locked_until(
        LoginAttempt.objects.filter(username=login_key(login), user=None, succeeded=False, attempted_at__gt=since)
    )


def login_locked_until(login: str, user: User | None, ip_address: str | None, now=None):
    """When a login of this name from this address may be tried again, if any lock holds now.

    The later of the account's (or, for a name without an account, the name's) lock and the
    address's: the same answer whether the name is an account's or not.
    """
    own = account_locked_until(user, now) if user is not None else name_locked_until(login, now)
    locks = [until for until in (own, address_locked_until(ip_address, now)) if until]
    return max(locks) if locks else None
