from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import Module, NavEntry

from . import home
from .selectors import menu_count

module = Module(
    label="todo",
    # Everyone may be waited on by some workflow (a worker, for a returned proposal).
    nav=(NavEntry(_("To do"), "todo:todo", "list-check", order=2, badge=menu_count),),
    urls=(("todo/", "zhichuang.todo.urls"),),
    home=home.home,
    audit_actions={"todo.chase": _("Chase a waiting step")},
    audit_fields={"step": _("Step"), "told": _("People told")},
)
