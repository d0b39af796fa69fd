from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm, Role
from zhichuang.core.modules import AuditObject, HomePanel, Module, NavEntry
from zhichuang.core.views import capped_count

from .selectors import audit_entry_list

RECENT = 8


def home(user, sections: set[str]) -> list[HomePanel]:
    if Role.AUDITOR not in sections:
        return []
    context = {
        "today": capped_count(audit_entry_list(user=user, date_from=timezone.localdate()))[1],
        "latest": list(audit_entry_list(user=user)[:RECENT]),
    }
    return [HomePanel(Role.AUDITOR, "audit/home/auditor.html", context)]


module = Module(
    label="audit",
    nav=(NavEntry(_("Audit log"), "audit:list", "journal-text", Perm.VIEW_AUDIT, order=44),),
    urls=(("audit/", "zhichuang.audit.urls"),),
    home=home,
    lists=("zhichuang.audit.listings:AUDIT_LOG",),
    audit_actions={"export": _("Export"), "audit.prune": _("Prune old audit entries")},
    audit_objects={
        "audit.auditentry": AuditObject(
            _("Audit log"), fields={"cutoff": _("Older than"), "deleted": _("Entries deleted")}
        )
    },
    # An export's object type is its sheet's name, shown as it is.
    audit_fields={
        "rows": _("Rows"),
        "filters": _("Filters"),
        "reason": _("Reason"),
        "action": _("Action"),
        "actor": _("Actor"),
        "object_type": _("Object type"),
        "date_from": _("From"),
        "date_to": _("Until"),
        "search": _("Search"),
    },
)
