from zhichuang.core.modules import top_bar_templates

from .navigation import navigation_for


def navigation(request):
    """The menu entries this user may open, each with its badge, and the modules' top-bar items (the bell)."""
    if not request.user.is_authenticated:
        return {"nav_items": [], "top_bar_templates": ()}
    user = request.user
    items = [(entry, entry.badge(user) if entry.badge else "") for entry in navigation_for(user)]
    return {"nav_items": items, "top_bar_templates": top_bar_templates()}
