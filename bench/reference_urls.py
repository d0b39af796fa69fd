"""Two bare Django references for the load run, beside the product's own URLs.

1. one indexed row as JSON (a primary-key lookup, no authentication);
2. a 50-row table from one query, rendered with a Django template (no authentication).

They show what plain Django does on the same machine and server settings, so the
product's pages can be judged against them (docs/benchmarks.md, "Load run").
"""

from django.http import Http404, JsonResponse
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


urlpatterns = [
    path("bench/reference/row/<int:pk>", one_row),
    path("bench/reference/table", fifty_rows),
    *product_urlpatterns,
]
