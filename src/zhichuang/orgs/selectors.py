"""Reads of organisations, always through the user's scope."""

from typing import NamedTuple

from django.db.models import Q, QuerySet

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import scope_for
from zhichuang.core.errors import NotFound

from .enums import KIND_DEPTH, OrgKind
from .models import SEGMENT_WIDTH, Organization


def organization_list(
    *,
    user,
    kind: str | None = None,
    parent_id: int | None = None,
    search: str = "",
    industry: str = "",
    within: Organization | None = None,
) -> QuerySet[Organization]:
    qs = Organization.objects.filter(scope_for(user, Perm.VIEW_ORGS).q("path"))
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if within is not None:
        qs = qs.filter(within.subtree_q())
    if industry:
        qs = qs.filter(industry=industry)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(credit_code=search.upper()))
    return qs.order_by("path")


class Choice(NamedTuple):
    pk: int
    name: str


def organization_choices(*, user, kind: str, limit: int) -> list[Choice]:
    """Up to limit organisations of one kind (district or enterprise) in the user's scope, as (pk, name),
    to choose among in a filter. None, and no query, where the scope cannot hold two of them: a subtree
    rooted at the kind's depth or below holds at most one, so there is nothing to choose."""
    paths = scope_for(user, Perm.VIEW_ORGS).paths
    if len(paths) <= 1 and all(len(path) // SEGMENT_WIDTH >= KIND_DEPTH[kind] for path in paths):
        return []
    # Tuples, not model instances: a district's list page asks for 201 enterprises on every request.
    return [Choice(*row) for row in organization_list(user=user, kind=kind).values_list("pk", "name")[:limit]]


def organization_ids_named(*, user, kind: str, name: str, limit: int) -> list[int]:
    """Up to limit ids of the organisations of one kind in the user's scope with name in their name:
    the filter for scopes too large to list every enterprise to choose from."""
    qs = organization_list(user=user, kind=kind).filter(name__icontains=name.strip())
    return list(qs.order_by().values_list("pk", flat=True)[:limit])


def organization_get(*, user, pk) -> Organization:
    try:
        return organization_list(user=user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def organization_roots(*, user) -> QuerySet[Organization]:
    """The top of what the user may browse: organisations in scope whose parent is not."""
    scope = scope_for(user, Perm.VIEW_ORGS)
    return Organization.objects.filter(path__in=scope.paths).order_by("path")


def city() -> Organization:
    """The city federation: the root of the tree, where the city's own decisions are taken."""
    return Organization.objects.get(kind=OrgKind.CITY, depth=1)
