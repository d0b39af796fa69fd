"""The first day of a real installation: the city union and its three separated administrators.

Everything else is done by them through the platform: the system administrator imports districts,
enterprises and workers, the security administrator grants roles, the audit administrator reads
the log. Bootstrap runs once, on an empty installation.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zhichuang.core.errors import Conflict
from zhichuang.core.request_context import acting_as
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.orgs.services import organization_create

from .models import RoleAssignment
from .passwords import initial_password
from .roles import SEPARATED_ADMIN_ROLES, Role
from .services import role_grant, user_create

# The order the administrators are created and listed in.
ADMIN_DUTIES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


@dataclass(frozen=True)
class BootstrapAccount:
    role: Role
    username: str
    display_name: str
    initial_password: str


def bootstrap_refusal() -> str:
    """Why bootstrap must not run here ("" if it may)."""
    if Organization.objects.filter(kind=OrgKind.CITY).exists():
        return _("This installation has been bootstrapped already: a city union exists.")
    if RoleAssignment.objects.filter(role__in=SEPARATED_ADMIN_ROLES).exists():
        return _("This installation has been bootstrapped already: administrators exist.")
    return ""


@transaction.atomic
def installation_bootstrap(*, city_name: str, usernames: dict[Role, str]) -> list[BootstrapAccount]:
    """Create the city union and one account per administrator duty, each with a one-time password.

    All or nothing: a bad name or a taken username leaves the database as it was.
    """
    reason = bootstrap_refusal()
    if reason:
        raise Conflict(reason)
    accounts = []
    with acting_as(username="bootstrap"):
        city = organization_create(actor=None, kind=OrgKind.CITY, parent=None, name=city_name)
        for role in ADMIN_DUTIES:
            password = initial_password()
            user = user_create(
                actor=None,
                username=usernames[role],
                display_name=str(role.label),
                password=password,
                must_change_password=True,
            )
            role_grant(actor=None, user=user, role=role, organization=city)
            accounts.append(BootstrapAccount(role, user.username, user.display_name, password))
    return accounts
