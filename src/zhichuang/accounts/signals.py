"""Authentication events go to the audit log and feed the lockout rule."""

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from zhichuang.audit.services import audit_record
from zhichuang.core.request_context import client_ip
from zhichuang.core.validators import mask_identifiers

from . import lockout
from .backends import find_login_user
from .models import LoginAttempt, User


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    ip = client_ip(request) if request else None
    LoginAttempt.objects.create(username=user.username, user=user, ip_address=ip, succeeded=True)
    audit_record(action="auth.login", obj=user, actor=user, ip_address=ip)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action="auth.logout",
            obj=user,
            actor=user,
            ip_address=client_ip(request) if request else None,
        )


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    typed = (credentials.get("username") or "")[:150]
    user = find_login_user(typed)
    # What was typed may be a mobile or ID number (workers log in with their mobile): the audit row, which the
    # audit administrator reads without the PII permission, keeps it masked; the login attempt keeps only its
    # keyed hash (lockout.login_key), so failures of an unknown number still lock like an account's.
    login = mask_identifiers(typed)
    ip = client_ip(request) if request else None
    was_locked = _locks(user, ip)
    LoginAttempt.objects.create(username=lockout.login_key(typed), user=user, ip_address=ip, succeeded=False)
    object_id = getattr(user, "pk", "") or ""
    audit_record(
        action="auth.login_failed", object_type="accounts.user", object_id=object_id, object_repr=login, ip_address=ip
    )
    locks = _locks(user, ip)
    if "account" in locks:  # on the account's row, so the gate (accounts.gate) ends its sessions and tokens
        User.objects.filter(pk=user.pk).update(locked_until=locks["account"])
    for what, until in locks.items():
        if what not in was_locked:  # this failure is the one that locks
            audit_record(
                action=f"auth.lockout.{what}",
                object_type="accounts.user",
                object_id=object_id,
                object_repr=login if what == "account" else (ip or ""),
                ip_address=ip,
                changes={"until": until.isoformat()},
            )


def _locks(user, ip) -> dict:
    """The locks in force now: {"account": until, "address": until}."""
    locks = {
        "account": lockout.account_locked_until(user) if user is not None else None,
        "address": lockout.address_locked_until(ip),
    }
    return {what: until for what, until in locks.items() if until}
