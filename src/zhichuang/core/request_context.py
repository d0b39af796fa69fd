"""The current request's actor and address, for the audit log.

Set by RequestContextMiddleware for web requests; commands and tasks set it with
`acting_as` so their writes are attributed too.
"""

import ipaddress
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestContext:
    user_id: int | None = None
    username: str = ""
    ip_address: str | None = None


# The default is a frozen dataclass, so sharing it is safe.
_current: ContextVar[RequestContext] = ContextVar("zhichuang_request_context", default=RequestContext())  # noqa: B039


def current() -> RequestContext:
    return _current.get()


@contextmanager
def acting_as(user=None, ip_address: str | None = None, *, username: str = ""):
    token = _current.set(
        RequestContext(
            user_id=getattr(user, "pk", None),
            username=getattr(user, "username", "") or username,
            ip_address=ip_address,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address, for the login lockout and the audit log.

    Behind nginx the peer is the proxy itself; only a peer listed in TRUSTED_PROXIES may say
    who the client is (in X-Real-IP, which nginx sets), so nobody else can choose the address
    their failed logins are counted against.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    if peer in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            return peer
    return peer
