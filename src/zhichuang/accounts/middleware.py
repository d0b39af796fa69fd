import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Paths an account that must change its password may still reach.
ALLOWED_PREFIXES = (
    "/accounts/password/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/api/",
)


class PasswordChangeRequiredMiddleware:
    """Imported accounts (and reset ones) change their password before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(ALLOWED_PREFIXES):
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
