"""The one mechanism that decides what a user may see and do.

A user's role assignments are loaded once per user object (one query). For a
permission, the scope is the set of organisation subtrees where the user holds a
role granting it; `Scope.q(field)` turns that into a filter on any model that
points at an organisation path. Selectors use it; nothing else filters by hand.
"""

from dataclasses import dataclass

from django.db.models import Q

from zhichuang.orgs.models import subtree_q

from .roles import PII_ELIGIBLE_ROLES, Perm, Role, role_permissions


@dataclass(frozen=True)
class Grant:
    role: str
    org_id: int
    org_path: str
    can_view_pii: bool

    def permits(self, perm: Perm) -> bool:
        if perm == Perm.VIEW_PII:
            return self.can_view_pii and self.role in PII_ELIGIBLE_ROLES
        return perm in role_permissions().get(self.role, ())


def grants(user) -> list[Grant]:
    """The user's role assignments, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_zhichuang_grants", None)
    if cached is None:
        cached = [
            Grant(role, org_id, path, pii)
            for role, org_id, path, pii in user.role_assignments.values_list(
                "role", "organization_id", "organization__path", "can_view_pii"
            )
        ]
        user._zhichuang_grants = cached
    return cached


def remember_grants(user, loaded: list[Grant]) -> None:
    """Grants read together with the user (accounts.backends), so grants() need not query them."""
    user._zhichuang_grants = loaded


def forget_grants(user) -> None:
    user.__dict__.pop("_zhichuang_grants", None)


def roles_of(user) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user, role: Role) -> bool:
    return role in roles_of(user)


@dataclass(frozen=True)
class Scope:
    """The organisation subtrees (by path) where a permission holds."""

    paths: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.paths

    def q(self, field: str = "path") -> Q:
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for path in self.paths:
            condition |= subtree_q(path, field)
        return condition

    def covers(self, org_path: str) -> bool:
        return any(org_path.startswith(p) for p in self.paths)


def _minimal(paths) -> tuple[str, ...]:
    """Drop paths that lie under another path in the set."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def scope_for(user, perm: Perm) -> Scope:
    return Scope(_minimal(g.org_path for g in grants(user) if g.permits(perm)))


def scope_for_any(user, perms) -> Scope:
    """Where any of perms holds: a page that spans modules, each section under its module's permission."""
    perms = tuple(perms)
    return Scope(_minimal(g.org_path for g in grants(user) if any(g.permits(perm) for perm in perms)))


def has_perm(user, perm: Perm, org=None) -> bool:
    """Does the user hold perm anywhere (org=None) or on this organisation?"""
    scope = scope_for(user, perm)
    return not scope.is_empty if org is None else scope.covers(org.path)
