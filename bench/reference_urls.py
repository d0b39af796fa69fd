"""Two bare Django references for the load run, beside the product's own URLs.

1. one indexed row as JSON (a primary-key lookup, no authentication);
2. a 50-row table from one query, rendered with a Django template (no authentication);

and the same two logged in (the targets of issue 11: every page must know who is asking): the view reads
the session and its user (request.user, as the product's pages do through the same middleware and
backend) and refuses an anonymous request with 403, so that a lost session counts as an error.

They show what plain Django does on the same machine and server settings, so the
product's pages can be judged against them (docs/benchmarks.md, "Load run").
"""

from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.urls import path

from zhichuang.proposals.models import Proposal
from zhichuang.urls import urlpatterns as product_urlpatterns

ROW_FIELDS = ("id", "number", "title", "state", "created_at")


def one_row(request, pk: int):
    row = Proposal.objects.filter(pk=pk).values(*ROW_FIELDS).first()
    if row is None:
        raise Http404
    return JsonResponse(row)


def fifty_rows(request):
    rows = Proposal.objects.order_by("-created_at", "-id").values(*ROW_FIELDS)[:50]
    return render(request, "bench/reference_table.html", {"rows": rows})


def logged_in(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseForbidden()
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns = [
    path("bench/reference/row/<int:pk>", one_row),
    path("bench/reference/table", fifty_rows),
    path("bench/reference/logged-in/row/<int:pk>", logged_in(one_row)),
    path("bench/reference/logged-in/table", logged_in(fifty_rows)),
    *product_urlpatterns,
]
