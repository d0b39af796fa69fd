import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

from .gate import account_refusal, open_before_password_change

# The API answers for itself, in its JSON shape, from the same gate (api/auth.py).
API_PREFIX = "/api/"


class AccountGateMiddleware:
    """The pages' side of accounts.gate: every request of a logged-in account passes the gate first.

    A disabled, expired or locked account is logged out and sent to the login with the reason; an
    account that must change its password reaches only the password change (and logout, the
    language switch and static files) until it has. Sits right after the authentication and
    messages middleware, before anything reads the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refusal = account_refusal(request.user)
        if refusal is not None and refusal.ends_session:
            logout(request)
            messages.error(request, refusal.message)
            return redirect(resolve_url(settings.LOGIN_URL))
        if refusal is not None and not open_before_password_change(request.path):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


# When the session was last saved (Unix seconds), kept in the session itself so any backend works.
REFRESHED_AT = "_zhichuang_refreshed_at"


class SessionRefreshMiddleware:
    """The idle timeout without a session write on every request.

    A saved session expires SESSION_COOKIE_AGE after its save. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) costs an UPDATE per request; instead the session is marked
    modified, so SessionMiddleware saves it, only once its last save is SESSION_REFRESH_SECONDS
    old. An idle session therefore ends between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and
    SESSION_COOKIE_AGE after the last request. Sits right after SessionMiddleware, so that on the
    way out it sees what the view and every other middleware did to the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        # Only a session this request used, never an empty one: a visitor without a session, an
        # expired one (it loads empty, without a key) or one flushed at logout is not saved.
        if not session.accessed or session.is_empty():
            return response
        now = int(time.time())
        last = session.get(REFRESHED_AT)
        # Half the idle timeout at most, so that a short one (a minute in a test setup) still holds.
        interval = min(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)
        if session.modified or not isinstance(last, int) or now - last >= interval:
            session[REFRESHED_AT] = now
        return response
