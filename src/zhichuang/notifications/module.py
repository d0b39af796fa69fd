from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import Module, NavEntry

module = Module(
    label="notifications",
    # Everyone may be sent a notice by some module: the inbox is in everyone's menu and top bar.
    nav=(NavEntry(_("Notifications"), "notifications:inbox", "bell", order=20),),
    urls=(("notifications/", "zhichuang.notifications.urls"),),
    top_bar=("notifications/_top_bar.html",),
)
