"""The current request's actor and address, for the audit log.

Set by RequestContextMiddleware for web requests; commands and tasks set it with
`acting_as` so their writes are attributed too.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


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
    """The client address. Behind a proxy, REMOTE_ADDR is set from X-Forwarded-For by the proxy config."""
    return request.META.get("REMOTE_ADDR") or None
