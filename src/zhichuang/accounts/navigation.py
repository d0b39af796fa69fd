"""The navigation a user sees follows from their permissions, never from role names in templates.

Each module declares its entries in its module.py (core.modules.NavEntry); this is where they are
filtered for one user.
"""

from zhichuang.core.modules import NavEntry, nav_entries

from .roles import Role
from .scoping import has_perm, has_role


def is_worker(user) -> bool:
    return has_role(user, Role.WORKER)


def navigation_for(user) -> list[NavEntry]:
    return [
        entry
        for entry in nav_entries()
        if (entry.perm is None or has_perm(user, entry.perm)) and (entry.visible is None or entry.visible(user))
    ]
