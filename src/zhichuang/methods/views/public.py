"""The public registry of named methods: the recognised methods whose inventors all agreed to be listed,
each with only the fields PUBLIC_METHODS names, its measured effects and where it is practised."""

from django.shortcuts import render

from zhichuang.accounts.access import public
from zhichuang.core.views import found, paginate

from .. import selectors
from ..forms import PublicFilterForm

PER_PAGE = 24


@public
def public_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    methods = selectors.public_methods(level=filters.get("level", ""), q=filters.get("q", ""))
    context = {"form": form, "page": paginate(request, methods, PER_PAGE)}
    return render(request, "methods/public_list.html", context, status=400 if form.errors else 200)


@public
def public_detail(request, pk):
    method = found(selectors.public_method_get, pk=pk)
    context = {
        "method": method,
        "effects": selectors.public_effects(method),
        "adoptions": selectors.public_adoptions(method),
    }
    return render(request, "methods/public_detail.html", context)
