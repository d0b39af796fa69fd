"""Who should hear of something at an organisation: the nearest people who can act on it.

Not everyone above an enterprise who holds a permission: those assigned on the organisation itself or
its enterprise; where there are none, those of its district; then the city's. A module asks with the
permission its next step needs (proposals: the workflow's step table) and the record's organisation.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from zhichuang.accounts.models import RoleAssignment
from zhichuang.accounts.roles import role_permissions
from zhichuang.orgs.models import ancestor_paths


def roles_holding(perms: Iterable[str]) -> set[str]:
    """The roles whose grants include any of perms (the personal-data permission is in no role)."""
    wanted = set(perms)
    return {role for role, held in role_permissions().items() if held & wanted}


def nearest_holders(perms: str | Iterable[str], *, org_path: str) -> set[int]:
    """The ids of the active accounts holding one of perms whose scope covers org_path, taken from the
    nearest organisation at or above it that has any (a department's, then its enterprise's, then the
    district's, then the city's). One query."""
    roles = roles_holding([perms] if isinstance(perms, str) else perms)
    if not roles or not org_path:
        return set()
    usable = Q(user__is_active=True) & (Q(user__expires_at__isnull=True) | Q(user__expires_at__gt=timezone.now()))
    holders: dict[str, set[int]] = {}
    for path, user_id in RoleAssignment.objects.filter(
        usable, organization__path__in=ancestor_paths(org_path), role__in=roles
    ).values_list("organization__path", "user_id"):
        holders.setdefault(path, set()).add(user_id)
    nearest = max(holders, key=len, default=None)
    return holders[nearest] if nearest else set()
