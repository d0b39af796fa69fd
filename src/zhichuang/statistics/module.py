from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import Module, NavEntry
from zhichuang.proposals.permissions import ProposalPerm

module = Module(
    label="statistics",
    nav=(NavEntry(_("Statistics"), "statistics:page", "bar-chart", ProposalPerm.VIEW, order=16),),
    urls=(("statistics/", "zhichuang.statistics.urls"),),
    api_router="zhichuang.api.statistics:router",
)
