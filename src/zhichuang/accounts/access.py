"""What a view needs before it runs, declared on the view: every page names its rule.

Four declarations, one of which every view carries (tests/accounts/test_access.py walks the URL
config and fails on a view that carries none):

- ``permission_required(perm)``: a permission held somewhere in the user's scope;
- ``object_required(access)``: the object named in the URL, fetched and authorised in one call by
  an ``access_<thing>(user, id)`` helper of the module that owns it (Zulip's pattern); the view
  receives the object instead of its id;
- ``user_required(predicate)``: a named rule about the user (follows proposals);
- ``worker_required``: the user's own worker profile, passed to the view (404 without one);
- ``own_records``: the page shows only the user's own records (its selectors filter by the user);
- ``public``: no login (the showcase, the login page).

The last two know nothing of roles and live in core.access, so the ground's own pages can use
them; they are importable from here too, so a module needs one import for all five.

Each refuses with a 404, not a 403, so the existence of a page or record is not revealed.
Rules about one object (may see, may edit, manages its enterprise) are named predicates in the
owning module's access.py (django-rules' model, without its registry): views, services and
templates ask the same function.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from zhichuang.core.access import declare, own_records, public  # noqa: F401 - declared here too, for one import
from zhichuang.core.errors import NotFound
from zhichuang.core.forms import parse_id

from .scoping import has_perm
from .selectors import own_worker, worker_get


def permission_required(perm: str):
    """Log in first; then 404 for users who hold perm nowhere."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return declare(wrapped, f"permission {perm}")

    return decorator


def object_required(access, *, param: str = "pk"):
    """Log in first; then access(user, id) for the id in the URL (param), passed to the view in its place.

    404 for an id no record can have (not a number, 0, beyond 64 bits) and for NotFound from access:
    a record that does not exist and one outside the user's reach answer the same.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            pk = parse_id(kwargs.pop(param))
            if pk is None:
                raise Http404
            try:
                obj = access(request.user, pk)
            except NotFound:
                raise Http404 from None
            return view(request, obj, *args, **kwargs)

        return declare(wrapped, f"object {access.__module__}.{access.__name__}")

    return decorator


def user_required(predicate):
    """Log in first; then 404 unless predicate(user)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return declare(wrapped, f"user {predicate.__module__}.{predicate.__name__}")

    return decorator


def worker_required(view):
    """Log in first; the view receives the user's own worker profile after the request (404 without one)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        worker = own_worker(user=request.user)
        if worker is None:
            raise Http404
        return view(request, worker, *args, **kwargs)

    return declare(wrapped, "worker")


def access_worker(user, pk: int):
    """The worker profile if it lies in the user's scope (or is the user's own): selectors.worker_get."""
    return worker_get(user=user, pk=pk)
