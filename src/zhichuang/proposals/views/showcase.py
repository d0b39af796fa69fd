"""The public showcase of excellent results: consented, fixed fields only; no account needed."""

from django.shortcuts import render

from zhichuang.accounts.access import public
from zhichuang.core.views import found, paginate

from .. import selectors
from ..enums import BenefitType, ProposalKind

SHOWCASE_PER_PAGE = 20


@public
def showcase(request):
    """City excellent results, for everyone (no login): the ideas, never the people."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ProposalKind.values else ""
    page = paginate(request, selectors.showcase_list(kind=kind or None), per_page=SHOWCASE_PER_PAGE)
    return render(request, "proposals/showcase_list.html", {"page": page, "kind": kind, "kinds": ProposalKind.choices})


@public
def showcase_detail(request, pk):
    result = found(selectors.showcase_get, pk=pk)
    benefit_labels = dict(BenefitType.choices)
    benefits = [benefit_labels[value] for value in result.benefit_types if value in benefit_labels]
    return render(request, "proposals/showcase_detail.html", {"result": result, "benefits": benefits})
