"""The inbox, marking notices read, and the choice of e-mail: a person's own records only."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.core.access import own_records
from zhichuang.core.errors import NotFound
from zhichuang.core.views import paginate

from . import selectors, services
from .forms import NotificationReadForm, PreferenceForm


@never_cache
@own_records
def inbox(request):
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
@own_records
def read(request):
    """Mark one notice (id) or all read; "open" then goes to the notice's page."""
    form = NotificationReadForm(request.POST)
    if not form.is_valid():
        # Not "mark all": a bad id marks nothing.
        return HttpResponseBadRequest(form.errors.as_text())
    pk = form.cleaned_data["id"]
    services.notifications_mark_read(user=request.user, ids=[pk] if pk else None)
    if pk and form.cleaned_data["open"]:
        try:
            url = selectors.notification_get(user=request.user, pk=pk).url
        except NotFound:
            url = ""
        # The link was stored by the module that sent the notice; still, only ever one of this site.
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            return redirect(url)
    return redirect("notifications:inbox")


@never_cache
@own_records
def preferences(request):
    """When the user is e-mailed: at once, a daily digest, or never."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_set(user=request.user, email=form.cleaned_data["email"])
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:inbox")
        status = 400
    else:
        form = PreferenceForm(initial={"email": selectors.email_preference(user=request.user)})
        status = 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
