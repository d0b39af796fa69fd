from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm, Role
from zhichuang.core.modules import HomePanel, Module, NavEntry
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
)
