"""The API's one error shape: {"error": {"code", "message", "details"}}, message translated.

Every failure leaves the API in this shape: application errors (core.errors),
request validation, authentication, Django's 404 and permission errors, and
unexpected exceptions (500, logged, no internals shown).
"""

import logging
from typing import Any, get_args

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic_core.core_schema import ErrorType

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


def _choices(expected: str) -> str:
    """pydantic's list of choices ("5, 4 or 30") without its English "or"."""
    return ", ".join(part.strip() for part in expected.rsplit(" or ", 1))


# pydantic's messages are English ("Input should be a valid integer"): each kind of refusal in the user's
# language, with the limit it names. A kind not listed here is refused as "not valid"; our own validators'
# messages (PydanticCustomError, api.schemas) are translated where they are raised and kept as they are.
_MESSAGES = {
    "missing": lambda ctx: _("This field is required."),
    "int_parsing": lambda ctx: _("Give a whole number."),
    "int_type": lambda ctx: _("Give a whole number."),
    "int_from_float": lambda ctx: _("Give a whole number."),
    "float_parsing": lambda ctx: _("Give a number."),
    "float_type": lambda ctx: _("Give a number."),
    "decimal_parsing": lambda ctx: _("Give a number."),
    "decimal_type": lambda ctx: _("Give a number."),
    "bool_parsing": lambda ctx: _("Give true or false."),
    "bool_type": lambda ctx: _("Give true or false."),
    "string_type": lambda ctx: _("Give text."),
    "date_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "date_type": lambda ctx: _("Give a date as YYYY-MM-DD."),
    "datetime_parsing": lambda ctx: _("Give a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": lambda ctx: _("Give a date and time as YYYY-MM-DDTHH:MM."),
    "datetime_type": lambda ctx: _("Give a date and time as YYYY-MM-DDTHH:MM."),
    "string_too_long": lambda ctx: _("Give text of at most %(limit)d characters.") % {"limit": ctx["max_length"]},
    "string_too_short": lambda ctx: _("Give at least %(limit)d characters.") % {"limit": ctx["min_length"]},
    "too_long": lambda ctx: _("Give at most %(limit)d items.") % {"limit": ctx["max_length"]},
    "too_short": lambda ctx: _("Give at least %(limit)d items.") % {"limit": ctx["min_length"]},
    "greater_than_equal": lambda ctx: _("Give at least %(limit)s.") % {"limit": ctx["ge"]},
    "greater_than": lambda ctx: _("Give more than %(limit)s.") % {"limit": ctx["gt"]},
    "less_than_equal": lambda ctx: _("Give at most %(limit)s.") % {"limit": ctx["le"]},
    "less_than": lambda ctx: _("Give less than %(limit)s.") % {"limit": ctx["lt"]},
    "enum": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx["expected"])},
    "literal_error": lambda ctx: _("Choose one of: %(choices)s.") % {"choices": _choices(ctx["expected"])},
    "list_type": lambda ctx: _("Give a list."),
    "dict_type": lambda ctx: _("Give an object."),
    "model_type": lambda ctx: _("Give an object."),
    "model_attributes_type": lambda ctx: _("Give an object."),
    "json_invalid": lambda ctx: _("The body is not valid JSON."),
    "extra_forbidden": lambda ctx: _("This field is not known."),
}
# Every kind pydantic itself raises (its message is English); any other kind is one of ours.
_PYDANTIC_OWN = frozenset(get_args(ErrorType))


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind in _MESSAGES:
        try:
            return str(_MESSAGES[kind](error.get("ctx") or {}))
        except (KeyError, TypeError):  # a pydantic release that names its limit otherwise
            pass
    elif error.get("msg") and kind not in _PYDANTIC_OWN:
        return str(error["msg"])  # our own validators' message, translated where raised
    return str(_("This value is not valid."))


def _validation_details(errors: list[dict]) -> dict[str, list[str]]:
    """ninja/pydantic errors as {field: [messages]}, each in the user's language; the location's first part
    (query, body…) is dropped."""
    details: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        field = ".".join(loc[1:] if len(loc) > 1 else loc) or "__all__"
        details.setdefault(field, []).append(_message(error))
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
