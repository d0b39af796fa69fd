from django.utils.translation import gettext_lazy as _

from zhichuang.core.modules import AuditObject, Module, NavEntry

from . import home
from .roles import Perm, Role

module = Module(
    label="accounts",
    nav=(
        NavEntry(_("People"), "accounts:worker_list", "people", Perm.VIEW_WORKERS, order=41),
        NavEntry(_("Roles"), "accounts:role_list", "person-badge", Perm.GRANT_ROLES, order=43),
    ),
    urls=(("accounts/", "zhichuang.accounts.urls"),),
    home_sections=home.home_sections,
    home=home.home,
    lists=("zhichuang.accounts.listings:PEOPLE", "zhichuang.accounts.listings:ROLES"),
    audit_actions={
        "auth.login": _("Log in"),
        "auth.logout": _("Log out"),
        "auth.login_failed": _("Failed login"),
        "auth.lockout.account": _("Account locked after failed logins"),
        "auth.lockout.address": _("Address locked after failed logins"),
        "auth.unlock": _("Unlock account"),
        "auth.password_change": _("Change password"),
        "auth.password_reset": _("Reset password"),
        "account.create": _("Create account"),
        "account.update": _("Edit account"),
        "account.activate": _("Enable account"),
        "account.deactivate": _("Disable account"),
        "api_token.create": _("Create API token"),
        "role.grant": _("Grant role"),
        "role.revoke": _("Revoke role"),
        "worker.create": _("Add worker"),
        "worker.update": _("Edit worker"),
        "worker.change_employer": _("Change employer"),
        "pii.view": _("View personal data in full"),
    },
    audit_objects={
        "accounts.user": AuditObject(
            _("Account"),
            fields={
                "role": _("Role"),
                "organization": _("Organisation"),
                "can_view_pii": _("Personal data permission"),
                "name": _("Token name"),
                "prefix": _("Token prefix"),
                "api_tokens_revoked": _("API tokens revoked"),
                "until": _("Locked until"),
            },
            values={"role": dict(Role.choices)},
        ),
        "accounts.worker": AuditObject(
            _("Worker"),
            fields={"fields": _("Fields viewed")},
            values={"fields": {"id_number": _("ID number"), "mobile": _("Mobile")}},
        ),
    },
    # The people export's filters.
    audit_fields={"org": _("Organisation"), "skill_level": _("Skill level"), "union_member": _("Union member")},
)
