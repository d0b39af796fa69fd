"""What a view needs before it runs: a permission held somewhere in the user's scope."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .scoping import has_perm


def permission_required(perm: str):
    """Log in first; then 404 (not 403) for users who hold perm nowhere, so the page's existence is not revealed."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
