"""The HTTP API under /api/v1: OpenAPI document at openapi.json, interactive docs at docs.

Every endpoint reads through the selectors with the caller as user, so the API
shows exactly what the pages show. Errors have one shape (errors.py).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger

from zhichuang.core.modules import modules, resolve

from . import audit, me, orgs, people
from .auth import SessionAuth, TokenAuth
from .errors import ErrorOut, document_error_responses, install_error_handlers

api = NinjaAPI(
    title="zhichuang API",
    version="1",
    description="职创 zhichuang: organisations, people and the audit log. Session or `Authorization: Bearer zc_…`.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=Swagger(),  # ninja's own page serves its packaged Swagger UI files (ninja is an installed app): no CDN
)
install_error_handlers(api)
for router in (me.router, orgs.router, people.router, audit.router):
    api.add_router("", router)
for module in modules():  # each module's own endpoints, declared in its module.py
    if module.api_router:
        api.add_router("", resolve(module.api_router))
document_error_responses(api)


@csrf_exempt  # like every API view: authentication, not the CSRF cookie, guards the API
def api_not_found(request, rest=""):
    """A URL under /api/v1/ that no endpoint matches (an id the path converter refuses, such as -1): the API's
    JSON 404, not the HTML page, so every answer under the prefix has the documented error shape."""
    body = ErrorOut(error={"code": "not_found", "message": str(_("Not found.")), "details": {}})
    return JsonResponse(body.dict(), status=404)
