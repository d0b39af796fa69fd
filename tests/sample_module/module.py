"""A module that exists only in the test settings: it contributes one of everything a module can."""

from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.modules import HomePanel, Module, NavEntry

VIEW = "sample.view"


def home(user, sections: set[str]) -> list[HomePanel]:
    if Role.CITY_ADMIN in sections and has_perm(user, VIEW):
        return [HomePanel(Role.CITY_ADMIN, "sample_module/home.html", {"greeting": "样例模块待办"})]
    return []


module = Module(
    label="sample_module",
    nav=(NavEntry(_("Sample module"), "sample_module:page", "stars", VIEW, order=30),),
    permissions={VIEW: _("See the sample module")},
    grants={Role.CITY_ADMIN: frozenset({VIEW})},
    urls=(("sample/", "tests.sample_module.urls"),),
    api_router="tests.sample_module.api:router",
    home=home,
)
