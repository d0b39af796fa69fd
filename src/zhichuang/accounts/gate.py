"""The one answer to "may this account act now?", for the pages and the API alike.

`account_refusal(user)` reads only the account's own row (no query): disabled, expired, locked
after too many failed logins, or still on an initial password. The pages ask it in
AccountGateMiddleware, the API in its session and token authentication (api/auth.py); both
refuse with the same code and message:

- a disabled, expired or locked account: the session is ended (pages: back to the login with the
  message; API: 401 with the code), and its API tokens are refused while it lasts;
- an account that must change its password: pages lead to the password change, the API answers
  403; only the password change itself, logout, the language switch and static files stay open.

`token_refusal(token)` adds the token's own rule: a token created before the account's last
password change died with it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.core.errors import ApplicationError


@dataclass(frozen=True)
class Refusal:
    code: str  # stable, for API clients: account_disabled, account_expired, account_locked, ...
    message: str  # translated, for the person
    ends_session: bool  # False: the account may still change its password and log out
    status: int  # the API's answer


class AccountRefused(ApplicationError):
    """A refusal as the API answers it (api/errors.py): its status, its code, its message."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.code, self.status, self.refusal = refusal.code, refusal.status, refusal


def _until(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def account_refusal(user, *, now=None) -> Refusal | None:
    """Why this (authenticated) account may not act now, or None when it may."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = now or timezone.now()
    if not user.is_active:
        return Refusal(
            "account_disabled",
            _("This account is disabled. Ask the system administrator if you need it again."),
            ends_session=True,
            status=401,
        )
    if user.is_demo and not settings.DEMO_MODE:
        return Refusal(
            "account_disabled",
            _("Demo accounts can only log in while the platform runs in demo mode."),
            ends_session=True,
            status=401,
        )
    if user.expires_at is not None and user.expires_at <= now:
        return Refusal(
            "account_expired",
            _("This account expired on %(until)s. Ask the system administrator to extend it.")
            % {"until": _until(user.expires_at)},
            ends_session=True,
            status=401,
        )
    if user.locked_until is not None and user.locked_until > now:
        return Refusal(
            "account_locked",
            _(
                "This account is locked until %(until)s after too many failed logins. "
                "Log in again then, or ask the security administrator to unlock it."
            )
            % {"until": _until(user.locked_until)},
            ends_session=True,
            status=401,
        )
    if user.must_change_password:
        return Refusal(
            "password_change_required",
            _("Choose your own password first: nothing else is possible until you change the initial one."),
            ends_session=False,
            status=403,
        )
    return None


def may_log_in(user, *, now=None) -> bool:
    """The login's side (accounts.backends): a disabled or expired account does not log in.

    A locked account is refused by the login form before its password is checked, with the answer an
    unknown account gets (accounts.forms.LoginForm); an account that must change its password logs in
    to change it.
    """
    refusal = account_refusal(user, now=now)
    return refusal is None or refusal.code not in ("account_disabled", "account_expired")


def token_refusal(token, *, now=None) -> Refusal | None:
    """Why this API token (with its user loaded) may not act now, or None when it may."""
    changed = token.user.password_changed_at
    if changed is not None and token.created_at < changed:
        return Refusal(
            "token_revoked",
            _("This API token stopped working when the account's password was changed: create a new one."),
            ends_session=True,
            status=401,
        )
    return account_refusal(token.user, now=now)


def open_before_password_change(path: str) -> bool:
    """The pages an account that must change its password may still reach."""
    return path in (reverse("accounts:password_change"), reverse("accounts:logout")) or path.startswith(
        (settings.STATIC_URL, "/i18n/")
    )
