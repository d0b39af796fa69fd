from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.roles import Perm
from zhichuang.core.exports import Column, xlsx_response
from zhichuang.core.views import paginate, permission_required

from .selectors import audit_entry_list

EXPORT_MAX_ROWS = 100_000


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Object, ID or address"), required=False, max_length=100)

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "action": data["action"].strip(),
            "actor": data["actor"].strip(),
            "object_type": data["object_type"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "search": data["q"].strip(),
        }


@permission_required(Perm.VIEW_AUDIT)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    qs = audit_entry_list(user=request.user, **(form.selector_kwargs() if form.is_bound else {}))
    return render(request, "audit/list.html", {"form": form, "page": paginate(request, qs)})


AUDIT_COLUMNS = [
    Column("时间", lambda e: e.occurred_at, 20),
    Column("操作人", lambda e: e.actor_username, 16),
    Column("地址", lambda e: e.ip_address, 16),
    Column("操作", lambda e: e.action, 20),
    Column("对象类型", lambda e: e.object_type, 18),
    Column("对象ID", lambda e: e.object_id, 10),
    Column("对象", lambda e: e.object_repr, 28),
    Column("变更内容", lambda e: e.changes, 60),
]


@permission_required(Perm.VIEW_AUDIT)
def audit_export(request):
    form = AuditFilterForm(request.GET or None)
    kwargs = form.selector_kwargs() if form.is_bound else {}
    qs = audit_entry_list(user=request.user, **kwargs)
    return xlsx_response(
        filename="audit-log",
        sheet="审计日志",
        columns=AUDIT_COLUMNS,
        rows=qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000),
        filters={k: v for k, v in kwargs.items() if v},
    )
