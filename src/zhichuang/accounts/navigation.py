"""The navigation a user sees follows from their permissions, never from role names in templates."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Perm
from .scoping import has_perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    perm: Perm | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = (
    NavItem(_("My work"), "core:home", "house"),
    NavItem(_("Organisations"), "orgs:tree", "diagram-3", Perm.VIEW_ORGS),
    NavItem(_("People"), "accounts:worker_list", "people", Perm.VIEW_WORKERS),
    NavItem(_("Imports"), "imports:list", "upload", Perm.IMPORT_DATA),
    NavItem(_("Roles"), "accounts:role_list", "person-badge", Perm.GRANT_ROLES),
    NavItem(_("Audit log"), "audit:list", "journal-text", Perm.VIEW_AUDIT),
)


def navigation_for(user) -> list[NavItem]:
    return [item for item in NAV_ITEMS if item.perm is None or has_perm(user, item.perm)]
