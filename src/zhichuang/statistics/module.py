from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import DemoStep, Module, NavEntry

from .selectors import may_see_statistics

module = Module(
    label="statistics",
    # The page spans the modules: it is there for whoever sees one of their sections.
    nav=(NavEntry(_("Statistics"), "statistics:page", "bar-chart", visible=may_see_statistics, order=16),),
    urls=(("statistics/", "zhichuang.statistics.urls"),),
    api_router="zhichuang.api.statistics:router",
    # Every declared rollup and the workforce, from the demo's data.
    demo=(DemoStep("statistics", derived=("rebuild_statistics",), order=80),),
)
