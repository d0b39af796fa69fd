"""Roles and the permissions they carry.

A role is assigned on an organisation and applies to that organisation's whole
subtree (see scoping.py). Views and services name a permission; this table is
the only place that says which roles hold it.
"""

from enum import StrEnum
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import modules


class Role(models.TextChoices):
    WORKER = "worker", _("Worker")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise union admin")
    EVALUATOR = "evaluator", _("Evaluator")
    FINANCE = "finance", _("Finance verifier")
    DISTRICT_ADMIN = "district_admin", _("District admin")
    CITY_ADMIN = "city_admin", _("City admin")
    EXPERT = "expert", _("Expert")
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITOR = "auditor", _("Audit administrator")


# MLPS 2.0 (等保) separation of duties: nobody holds two of these.
SEPARATED_ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
# Roles whose assignment may carry the explicit personal-data permission.
PII_ELIGIBLE_ROLES = frozenset({Role.ENTERPRISE_ADMIN, Role.DISTRICT_ADMIN, Role.CITY_ADMIN})


class Perm(StrEnum):
    VIEW_ORGS = "orgs.view"
    MANAGE_ORGS = "orgs.manage"
    VIEW_WORKERS = "workers.view"
    MANAGE_WORKERS = "workers.manage"
    IMPORT_DATA = "data.import"
    VIEW_ACCOUNTS = "accounts.view"
    MANAGE_ACCOUNTS = "accounts.manage"
    GRANT_ROLES = "roles.grant"
    VIEW_AUDIT = "audit.view"
    # Never in the table below: held only through RoleAssignment.can_view_pii.
    VIEW_PII = "pii.view"


_ADMIN = frozenset(
    {
        Perm.VIEW_ORGS,
        Perm.MANAGE_ORGS,
        Perm.VIEW_WORKERS,
        Perm.MANAGE_WORKERS,
        Perm.IMPORT_DATA,
    }
)

# The ground's own part of the table: organisations, people, imports, accounts and the audit log.
# Each module adds its permissions and grants in its module.py; role_permissions() is the whole table.
BASE_PERMISSIONS: dict[str, frozenset[str]] = {
    # A worker's assignment sits on their employer: they may browse its departments.
    # Their own profile is theirs through worker_list's self rule, not a permission.
    Role.WORKER: frozenset({Perm.VIEW_ORGS}),
    Role.ENTERPRISE_ADMIN: _ADMIN,
    Role.DISTRICT_ADMIN: _ADMIN,
    Role.CITY_ADMIN: _ADMIN,
    Role.EVALUATOR: frozenset({Perm.VIEW_ORGS}),
    Role.FINANCE: frozenset({Perm.VIEW_ORGS}),
    Role.EXPERT: frozenset(),
    Role.SYSADMIN: _ADMIN | {Perm.VIEW_ACCOUNTS, Perm.MANAGE_ACCOUNTS},
    Role.SECADMIN: frozenset({Perm.VIEW_ORGS, Perm.VIEW_ACCOUNTS, Perm.GRANT_ROLES}),
    Role.AUDITOR: frozenset({Perm.VIEW_AUDIT}),
}


@cache
def role_permissions() -> dict[str, frozenset[str]]:
    """The whole role → permission table: the ground's own, and every module's grants.

    A grant to a role that does not exist, of a permission no module declares, or of the personal-data
    permission (held only through RoleAssignment.can_view_pii) stops the start-up.
    """
    declared = {str(perm) for perm in Perm} - {Perm.VIEW_PII}
    table = {role: set(perms) for role, perms in BASE_PERMISSIONS.items()}
    for module in modules():
        declared |= set(module.permissions)
    for module in modules():
        for role, perms in module.grants.items():
            if role not in table:
                raise ImproperlyConfigured(f"{module.label} grants permissions to an unknown role {role!r}")
            unknown = set(perms) - declared
            if unknown:
                raise ImproperlyConfigured(f"{module.label} grants undeclared permissions {sorted(unknown)}")
            table[role] |= set(perms)
    return {role: frozenset(perms) for role, perms in table.items()}


def permission_table() -> str:
    """The table as text, one role per line: what `zhichuang permissions` prints and a snapshot test pins."""
    lines = []
    for role in Role:
        perms = sorted(role_permissions()[role])
        lines.append(f"{role.value:<17} {' '.join(perms) or '-'}")
    return "\n".join(lines) + "\n"
