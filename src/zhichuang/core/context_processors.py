from zhichuang.accounts.navigation import navigation_for


def navigation(request):
    return {"nav_items": navigation_for(request.user) if request.user.is_authenticated else []}
