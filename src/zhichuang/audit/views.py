from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.access import permission_required
from zhichuang.accounts.roles import Perm
from zhichuang.audit.exports import Column, xlsx_response
from zhichuang.core.views import paginate

from .forms import AuditFilterForm
from .labels import object_type_label
from .models import AuditEntry
from .selectors import audit_entry_list

EXPORT_MAX_ROWS = 100_000


def _filtered(request):
    """The filter form and the audit_entry_list filters it selects, or None when a filter is invalid.

    An invalid filter selects nothing rather than being dropped with the others: a log narrowed by
    none of the filters would pass for the one asked for (and the export would hold the whole log).
    """
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    if not form.is_valid():
        return form, None
    return form, form.selector_kwargs()


@permission_required(Perm.VIEW_AUDIT)
def audit_list(request):
    form, kwargs = _filtered(request)
    if kwargs is None:  # the form shows each error on its field
        messages.error(request, _("Correct the filters above to see the list."))
        qs = AuditEntry.objects.none()
    else:
        qs = audit_entry_list(user=request.user, **kwargs)
    context = {"form": form, "page": paginate(request, qs)}
    return render(request, "audit/list.html", context, status=400 if kwargs is None else 200)


# In words, as on the page (audit.labels): the action's and the object type's labels, one change a line.
AUDIT_COLUMNS = [
    Column("时间", lambda e: e.occurred_at, 20),
    Column("操作人", lambda e: e.actor_username, 16),
    Column("地址", lambda e: e.ip_address, 16),
    Column("操作", lambda e: e.action_label, 20),
    Column("对象类型", lambda e: object_type_label(e.object_type), 18),
    Column("对象ID", lambda e: e.object_id, 10),
    Column("对象", lambda e: e.object_repr, 28),
    Column("变更内容", lambda e: "\n".join(change.text for change in e.change_list), 60),
]


@permission_required(Perm.VIEW_AUDIT)
def audit_export(request):
    _form, kwargs = _filtered(request)
    if kwargs is None:  # the list shows what is wrong with the filters
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    qs = audit_entry_list(user=request.user, **kwargs)
    return xlsx_response(
        filename="audit-log",
        sheet="审计日志",
        columns=AUDIT_COLUMNS,
        rows=qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000),
        filters={k: v for k, v in kwargs.items() if v},
    )
