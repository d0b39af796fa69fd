"""The navigation a user sees follows from their permissions, never from role names in templates."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Perm, Role
from .scoping import has_perm, has_role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    perm: Perm | None = None
    # For items that follow from who the user is rather than a permission (a worker's own proposals).
    visible: Callable | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def is_worker(user) -> bool:
    return has_role(user, Role.WORKER)


def follows_proposals(user) -> bool:
    return is_worker(user) or has_perm(user, Perm.VIEW_PROPOSALS)


NAV_ITEMS = (
    NavItem(_("My work"), "core:home", "house"),
    NavItem(_("Submit a proposal"), "proposals:new", "plus-circle", visible=is_worker),
    NavItem(_("My proposals"), "proposals:mine", "lightbulb", visible=is_worker),
    NavItem(_("My rewards"), "proposals:my_rewards", "gift", visible=is_worker),
    NavItem(_("Proposals"), "proposals:list", "card-checklist", Perm.VIEW_PROPOSALS),
    NavItem(_("Campaigns"), "proposals:campaign_list", "megaphone", visible=follows_proposals),
    NavItem(_("Statistics"), "statistics:page", "bar-chart", Perm.VIEW_PROPOSALS),
    NavItem(_("Reward payouts"), "proposals:payouts", "cash-coin", Perm.VIEW_PROPOSALS),
    NavItem(_("Excellent results"), "showcase:list", "award"),
    NavItem(_("Proposal settings"), "proposals:settings", "sliders", Perm.MANAGE_PROPOSALS),
    NavItem(_("Notifications"), "proposals:notifications", "bell", visible=follows_proposals),
    NavItem(_("Organisations"), "orgs:tree", "diagram-3", Perm.VIEW_ORGS),
    NavItem(_("People"), "accounts:worker_list", "people", Perm.VIEW_WORKERS),
    NavItem(_("Imports"), "imports:list", "upload", Perm.IMPORT_DATA),
    NavItem(_("Roles"), "accounts:role_list", "person-badge", Perm.GRANT_ROLES),
    NavItem(_("Audit log"), "audit:list", "journal-text", Perm.VIEW_AUDIT),
)


def navigation_for(user) -> list[NavItem]:
    return [
        item
        for item in NAV_ITEMS
        if (item.perm is None or has_perm(user, item.perm)) and (item.visible is None or item.visible(user))
    ]
