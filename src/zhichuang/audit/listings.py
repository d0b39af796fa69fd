"""The audit log, declared once for its page, its export and the API (core.listing).

Only the audit administrator holds Perm.VIEW_AUDIT (MLPS 2.0 separation); audit_entry_list is empty for
anyone else, and the page and export answer 404, the API 403, before it is asked."""

from django.utils.translation import pgettext_lazy

from zhichuang.accounts.roles import Perm
from zhichuang.core.listing import Cell, Column, Listing, Selection

from .forms import AuditFilterForm
from .labels import object_type_label
from .selectors import audit_entry_list


def _c(heading):
    return pgettext_lazy("column", heading)


def _select(user, filters, named) -> Selection:
    chosen = {
        "action": filters["action"],
        "actor": filters["actor"].strip(),
        "object_type": filters["object_type"],
        "date_from": filters["date_from"],
        "date_to": filters["date_to"],
        "search": filters["q"].strip(),
    }
    return Selection(audit_entry_list(user=user, **chosen), {k: v for k, v in chosen.items() if v})


# In words, as on the page (audit.labels): the action's and the object type's labels, one change a line.
# Only what the entry stores, masked when it was written and once more by labels.changes.
AUDIT_LOG = Listing(
    key="audit.entries",
    perm=Perm.VIEW_AUDIT,
    filters=AuditFilterForm,
    select=_select,
    columns=(
        Column(_c("Time"), lambda e: e.occurred_at, cell=Cell.DATETIME, width=20),
        Column(_c("Actor"), lambda e: e.actor_username, width=16),
        Column(_c("Address"), lambda e: e.ip_address, width=16),
        Column(_c("Action"), lambda e: e.action_label, width=20),
        Column(_c("Object type"), lambda e: object_type_label(e.object_type), width=18),
        Column(_c("Object ID"), lambda e: e.object_id, width=10),
        Column(_c("Object"), lambda e: e.object_repr, width=28),
        Column(_c("Changes"), lambda e: "\n".join(change.text for change in e.change_list), width=60),
    ),
    sheet="审计日志",
    filename="audit-log",
    page_url="audit:list",
    export_url="audit:export",
    api_path="/api/v1/audit",
    api_names={"q": "search"},
    key_column=6,
    key_field="object_repr",
)
