"""Roles and the permissions they carry.

A role is assigned on an organisation and applies to that organisation's whole
subtree (see scoping.py). Views and services name a permission; this table is
the only place that says which roles hold it.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # Proposals (五小 and rational suggestions). A worker's own proposals are theirs by membership.
    VIEW_PROPOSALS = "proposals.view"
    MANAGE_PROPOSALS = "proposals.manage"  # accept, campaigns, scorecards, reward rules, implementation, payouts
    EVALUATE_PROPOSALS = "proposals.evaluate"
    VERIFY_BENEFITS = "proposals.verify_benefit"
    RECOMMEND_PROPOSALS = "proposals.recommend"
    # Never in the table below: held only through RoleAssignment.can_view_pii.
    VIEW_PII = "pii.view"


_ADMIN = {
    Perm.VIEW_ORGS,
    Perm.MANAGE_ORGS,
    Perm.VIEW_WORKERS,
    Perm.MANAGE_WORKERS,
    Perm.IMPORT_DATA,
}
_PROPOSAL_ADMIN = {Perm.VIEW_PROPOSALS, Perm.MANAGE_PROPOSALS, Perm.EVALUATE_PROPOSALS, Perm.RECOMMEND_PROPOSALS}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    # A worker's assignment sits on their employer: they may browse its departments.
    # Their own profile is theirs through worker_list's self rule, not a permission.
    Role.WORKER: frozenset({Perm.VIEW_ORGS}),
    Role.ENTERPRISE_ADMIN: frozenset(_ADMIN | _PROPOSAL_ADMIN),
    Role.DISTRICT_ADMIN: frozenset(_ADMIN | {Perm.VIEW_PROPOSALS, Perm.MANAGE_PROPOSALS, Perm.RECOMMEND_PROPOSALS}),
    Role.CITY_ADMIN: frozenset(_ADMIN | {Perm.VIEW_PROPOSALS, Perm.MANAGE_PROPOSALS, Perm.RECOMMEND_PROPOSALS}),
    Role.EVALUATOR: frozenset({Perm.VIEW_ORGS, Perm.VIEW_PROPOSALS, Perm.EVALUATE_PROPOSALS}),
    Role.FINANCE: frozenset({Perm.VIEW_ORGS, Perm.VIEW_PROPOSALS, Perm.VERIFY_BENEFITS}),
    Role.EXPERT: frozenset(),
    Role.SYSADMIN: frozenset(
        {
            Perm.VIEW_ORGS,
            Perm.MANAGE_ORGS,
            Perm.VIEW_WORKERS,
            Perm.MANAGE_WORKERS,
            Perm.IMPORT_DATA,
            Perm.VIEW_ACCOUNTS,
            Perm.MANAGE_ACCOUNTS,
        }
    ),
    Role.SECADMIN: frozenset({Perm.VIEW_ORGS, Perm.VIEW_ACCOUNTS, Perm.GRANT_ROLES}),
    Role.AUDITOR: frozenset({Perm.VIEW_AUDIT}),
}
