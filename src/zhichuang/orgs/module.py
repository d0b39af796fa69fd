from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm
from zhichuang.core.modules import Module, NavEntry

module = Module(
    label="orgs",
    nav=(NavEntry(_("Organisations"), "orgs:tree", "diagram-3", Perm.VIEW_ORGS, order=40),),
    urls=(("orgs/", "zhichuang.orgs.urls"),),
    lists=("zhichuang.orgs.listings:ORGANISATIONS",),
)
