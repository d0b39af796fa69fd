from django.utils.translation import gettext_lazy as _

from .modules import Module, NavEntry

module = Module(
    label="core",
    nav=(NavEntry(_("My work"), "core:home", "house", order=0),),
    urls=(("", "zhichuang.core.urls"),),
)
