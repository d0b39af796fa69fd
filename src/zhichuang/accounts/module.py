from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import Module, NavEntry

from . import home
from .roles import Perm

module = Module(
    label="accounts",
    nav=(
        NavEntry(_("People"), "accounts:worker_list", "people", Perm.VIEW_WORKERS, order=41),
        NavEntry(_("Roles"), "accounts:role_list", "person-badge", Perm.GRANT_ROLES, order=43),
    ),
    urls=(("accounts/", "zhichuang.accounts.urls"),),
    home_sections=home.home_sections,
    home=home.home,
    lists=("zhichuang.accounts.listings:PEOPLE", "zhichuang.accounts.listings:ROLES"),
)
