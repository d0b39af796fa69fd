"""Django admin is the system administrator's tool, and only theirs (MLPS 2.0 separation).

The security administrator grants roles in zhichuang's own pages; the audit
administrator reads the audit log there. Neither reaches the admin, and the audit
log and role assignments are not editable in it.
"""

from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_role


def restrict_admin_to_sysadmin(site) -> None:
    def has_permission(request):
        user = request.user
        return user.is_active and user.is_authenticated and has_role(user, Role.SYSADMIN)

    site.has_permission = has_permission
