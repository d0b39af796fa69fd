"""The HTTP API under /api/v1: OpenAPI document at openapi.json, interactive docs at docs.

Every endpoint reads through the selectors with the caller as user, so the API
shows exactly what the pages show. Errors have one shape (errors.py).
"""

from ninja import NinjaAPI

from . import audit, me, orgs, people, proposals, statistics
from .auth import SessionAuth, TokenAuth
from .docs import OfflineSwagger
from .errors import install_error_handlers

api = NinjaAPI(
    title="zhichuang API",
    version="1",
    description="职创 zhichuang: organisations, people and the audit log. Session or `Authorization: Bearer zc_…`.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=OfflineSwagger(),
)
install_error_handlers(api)
for module in (me, orgs, people, audit, proposals, statistics):
    api.add_router("", module.router)
