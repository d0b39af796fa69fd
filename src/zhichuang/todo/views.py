"""The 待办 page (待办 / 已办 / 我发起的) and 催办: a person's own work only."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.core.access import own_records
from zhichuang.core.errors import ApplicationError
from zhichuang.core.forms import IdField, TextField
from zhichuang.core.views import back_to, paginate

from . import selectors, services

TABS = ("waiting", "done", "started")
PREVIEW_ROWS = 5


@never_cache
@own_records
def todo(request):
    user = request.user
    tab = request.GET.get("tab", "waiting")
    tab = tab if tab in TABS else "waiting"
    context = {"tab": tab}
    if tab == "done":
        context["items"] = selectors.done_items(user)
    elif tab == "started":
        context["items"] = selectors.started_items(user)
    else:
        found = selectors.queue_get(request.GET.get("queue", ""))
        if found is not None and found[0].holds(user, found[1]):
            source, queue = found
            page = paginate(request, source.rows(user, queue))
            context |= {
                "queue": queue,
                "page": page,
                "items": selectors.waiting_items(user, source, queue, page.rows),
            }
        else:
            counts = selectors.queue_counts(user)
            context["queues"] = [
                {
                    "count": c,
                    "items": selectors.waiting_items(
                        user, c.source, c.queue, c.source.rows(user, c.queue)[:PREVIEW_ROWS]
                    ),
                }
                for c in counts
                if c.count
            ]
    return render(request, "todo/todo.html", context)


class ChaseForm(forms.Form):
    workflow = TextField(max_length=64)
    id = IdField()
    next = TextField(required=False, max_length=500)


@require_POST
@own_records
def chase(request):
    """催办 a record's waiting step; back to the page it was asked from."""
    form = ChaseForm(request.POST)
    if not form.is_valid():
        raise Http404
    source = selectors.source_named(form.cleaned_data["workflow"])
    if source is None:
        raise Http404
    row = source.workflow.model.objects.filter(pk=form.cleaned_data["id"]).select_related(*source.related).first()
    # A record the user may not chase answers as one that does not exist.
    if row is None or not services.may_chase(request.user, source, row):
        raise Http404
    try:
        services.chase(actor=request.user, source=source, row=row)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Chased: the people who hold this step have been told."))
    return back_to(request, source.url(row))


@require_POST
@own_records
def chase_overdue(request):
    """督办: chase every overdue step of a workflow that the user supervises; back to the home page."""
    source = selectors.source_named(request.POST.get("workflow", ""))
    if source is None:
        raise Http404
    chased, skipped = services.chase_overdue(actor=request.user, source=source)
    if chased:
        messages.success(
            request, _("Chased %(count)d overdue steps; their holders have been told.") % {"count": chased}
        )
    if skipped or not chased:
        messages.info(request, _("%(count)d were chased within the last day and were left.") % {"count": skipped})
    return redirect("core:home")
