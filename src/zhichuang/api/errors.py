"""The API's one error shape: {"error": {"code", "message", "details"}}, message translated.

Every failure leaves the API in this shape: application errors (core.errors),
request validation, authentication, Django's 404 and permission errors, and
unexpected exceptions (500, logged, no internals shown).
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhichuang.core.errors import ApplicationError

logger = logging.getLogger(__name__)

# Codes for ninja's HttpError by status.
_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "throttled",
}


def error_response(api, request, *, status: int, code: str, message, details=None):
    body = {"error": {"code": code, "message": str(message), "details": details or {}}}
    return api.create_response(request, body, status=status)


def _validation_details(errors: list[dict]) -> dict[str, list[str]]:
    """ninja/pydantic errors as {field: [messages]}; the location's first part (query, body…) is dropped."""
    details: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        field = ".".join(loc[1:] if len(loc) > 1 else loc) or "__all__"
        details.setdefault(field, []).append(str(error.get("msg", "")))
    return details


def install_error_handlers(api) -> None:
    def application_error(request, exc: ApplicationError):
        details = exc.details
        if isinstance(details, dict):
            details = {k: [str(m) for m in v] if isinstance(v, list) else str(v) for k, v in details.items()}
        return error_response(api, request, status=exc.status, code=exc.code, message=exc.message, details=details)

    def validation_error(request, exc: ValidationError):
        if exc.errors and all(tuple(error.get("loc", ()))[:1] == ("path",) for error in exc.errors):
            # A record id in the path that no record can have (0, beyond 64 bits: api.schemas.Id) is a
            # record that does not exist, answered like one outside the scope.
            return error_response(api, request, status=404, code="not_found", message=_("Not found."))
        return error_response(
            api,
            request,
            status=422,
            code="invalid",
            message=_("Some of the values are not valid."),
            details=_validation_details(exc.errors),
        )

    def authentication_error(request, exc: AuthenticationError):
        return error_response(
            api, request, status=401, code="not_authenticated", message=_("Log in or send a valid API token.")
        )

    def http_error(request, exc: HttpError):
        messages = {
            403: _("You do not have permission to do this."),
            404: _("Not found."),
        }
        return error_response(
            api,
            request,
            status=exc.status_code,
            code=_HTTP_CODES.get(exc.status_code, "error"),
            message=messages.get(exc.status_code, _("The request could not be completed.")),
        )

    def not_found(request, exc):
        return error_response(api, request, status=404, code="not_found", message=_("Not found."))

    def permission_denied(request, exc):
        return error_response(
            api, request, status=403, code="permission_denied", message=_("You do not have permission to do this.")
        )

    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(
            api, request, status=500, code="server_error", message=_("Something went wrong on our side.")
        )

    api.add_exception_handler(ApplicationError, application_error)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(DjangoPermissionDenied, permission_denied)
    api.add_exception_handler(Exception, server_error)
