"""The API's one error shape: {"error": {"code", "message", "details"}}, message translated.

Every failure leaves the API in this shape: application errors (core.errors),
request validation, authentication, Django's 404 and permission errors, and
unexpected exceptions (500, logged, no internals shown).
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.constants import NOT_SET
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


class ErrorBody(Schema):
    code: str
    message: str
    details: dict[str, Any] | list[Any]


class ErrorOut(Schema):
    """Every error answer of the API, whatever the status."""

    error: ErrorBody


_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def error_statuses(operation) -> set[int]:
    """The error statuses an operation can answer, from what the shared layer does to every operation.

    401: authentication (every operation with auth); 403: PermissionDenied (a service, the CSRF check of a
    session on an unsafe method); 404: NotFound (a record outside the caller's scope, or none, named by the path,
    the query or the body); 422: request validation by ninja (every operation with parameters or a body);
    400 and 409: a service's ValidationFailed and Conflict (operations that write). An operation may state more
    in its own `response=` (e.g. a GET whose filters are validated by a service: 400).
    """
    statuses = set()
    if operation.auth_callbacks or operation.auth_param not in (NOT_SET, None):
        statuses |= {401, 403}
    has_input = any(model.__pydantic_fields__ for model in operation.models)
    if has_input:
        statuses |= {404, 422}
    if set(operation.methods) & _UNSAFE:
        statuses |= {400, 403, 404, 409}
    return statuses


def document_error_responses(api) -> None:
    """Add the error answers to every operation's OpenAPI responses, with the one error schema.

    Called once after the routers are added (api.py), so every endpoint, now and later, states what the
    shared layer answers without repeating it per endpoint. Statuses an endpoint declares itself are kept.
    """
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                for status in sorted(error_statuses(operation)):
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(ErrorOut)


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
