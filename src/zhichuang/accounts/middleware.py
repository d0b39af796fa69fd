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
