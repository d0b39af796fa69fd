from zhichuang.core.modules import top_bar_templates

from .navigation import navigation_for


def navigation(request):
    """The menu entries this user may open, and the modules' top-bar items (the notification bell)."""
    if not request.user.is_authenticated:
        return {"nav_items": [], "top_bar_templates": ()}
    return {"nav_items": navigation_for(request.user), "top_bar_templates": top_bar_templates()}
