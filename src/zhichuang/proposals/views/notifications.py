"""The notification inbox and marking notices read."""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.accounts.access import own_records
from zhichuang.core.views import paginate

from .. import selectors, services
from ..forms import NotificationReadForm


@never_cache
@own_records
def notification_list(request):
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "proposals/notification_list.html", {"page": page})


@require_POST
@own_records
def notification_read(request):
    """Mark one notification (id) or all read; opening one goes to its proposal."""
    form = NotificationReadForm(request.POST)
    if not form.is_valid():
        # Not "mark all": a bad id marks nothing.
        return HttpResponseBadRequest(form.errors.as_text())
    pk, target = form.cleaned_data["id"], form.cleaned_data["open"]
    services.notifications_mark_read(user=request.user, ids=[pk] if pk else None)
    if target:
        return redirect("proposals:detail", pk=target)
    return redirect("proposals:notifications")
