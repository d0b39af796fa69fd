"""API authentication: the browser session (CSRF-checked on unsafe methods) or a bearer token.

A token is sent as `Authorization: Bearer zc_…`; only its SHA-256 is stored
(ApiToken.key_hash, see accounts.services.api_token_create). Both pass the same gate as the
pages (accounts.gate): a disabled, expired or locked account, or a token older than the account's
last password change, is answered 401 with the reason's code; an account that must change its
password 403 (`password_change_required`), whatever the endpoint.
"""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from zhichuang.accounts.gate import AccountRefused, account_refusal, token_refusal
from zhichuang.accounts.models import ApiToken
from zhichuang.accounts.services import token_hash
from zhichuang.core.errors import PermissionDenied
from zhichuang.core.request_context import acting_as, client_ip

TOKEN_PREFIX = "zc_"  # noqa: S105 - the public prefix of every key, not a secret
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unsafe methods need the CSRF token, as for pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # No CSRF check here: a request without a logged-in session has nothing to
        # protect and may still carry a valid bearer token.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        refusal = account_refusal(user)
        if refusal is not None:
            if refusal.ends_session:
                logout(request)
            raise AccountRefused(refusal)
        if check_csrf(request) is not None:
            raise PermissionDenied(_("The CSRF token is missing or wrong: reload the page and try again."))
        return user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        api_token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
        if api_token is None:
            return None
        refusal = token_refusal(api_token)
        if refusal is not None:
            raise AccountRefused(refusal)
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_RESOLUTION:
            # Bookkeeping on the token row, not a change of user-facing data: no audit row.
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        # Later code (and the audit log) sees the token's user as the request's user.
        request.user = api_token.user
        return api_token.user


@contextmanager
def acting(request):
    """Attribute writes to the API caller: a token's user is not known to the request middleware."""
    with acting_as(request.auth, client_ip(request)):
        yield
