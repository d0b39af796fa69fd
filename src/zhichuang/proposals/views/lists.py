"""The proposal list with its filters and totals, its .xlsx export, and a worker's own proposals."""

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhichuang.accounts.access import own_records, permission_required
from zhichuang.audit.exports import listing_export
from zhichuang.core.errors import NotFound
from zhichuang.core.views import CountKnown, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_choices

from .. import selectors
from ..forms import ProposerFilterForm
from ..listings import PROPOSALS
from ..permissions import ProposalPerm
from ..statistics import list_figures, proposer_count
from .common import ORG_OPTIONS_MAX, _own_worker


@permission_required(ProposalPerm.VIEW)
def proposal_list(request):
    try:
        result = PROPOSALS.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    results = result.selection and result.selection.rows
    # A list opened from a statistics figure counts what the figure counted, exactly at any scale.
    figures = None
    if results is not None and not hasattr(results, "page_rows") and request.GET:
        figures = list_figures(user=request.user, filters=result.form.cleaned_data)
    page = paginate(request, CountKnown(results, figures.count) if figures else results)
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=ORG_OPTIONS_MAX)
    enterprises = organization_choices(user=request.user, kind=OrgKind.ENTERPRISE, limit=ORG_OPTIONS_MAX + 1)
    context = {
        "form": result.form,
        "page": page,
        "totals": _figure_totals(figures) if figures else _list_totals(results, page),
        "empty_text": _("Correct the filters above to see the list.") if results is None else "",
        "districts": districts if len(districts) > 1 else [],
        "enterprises": enterprises if 1 < len(enterprises) <= ORG_OPTIONS_MAX else [],
        "enterprise_search": len(enterprises) > ORG_OPTIONS_MAX,
        "campaign": result.named["campaign"],
        "export_max": PROPOSALS.row_cap,
        # 已评 / 未评 on the rows under evaluation the user scores.
        "scoring": selectors.my_scoring(user=request.user, proposals=page.rows),
    }
    return render(request, "proposals/proposal_list.html", context, status=400 if result.invalid else 200)


def _figure_totals(figures) -> dict | None:
    return {"net": figures.net, "reward": figures.reward, "paid": figures.paid} if figures.count else None


def _list_totals(results, page) -> dict | None:
    """The money of a list counted in full (at most LIST_COUNT_CAP rows), summed as the statistics
    sum it, so that a figure reconciles with the list it links to; None for longer lists and searches."""
    if results is None or hasattr(results, "page_rows") or not page.count_exact or not page.rows:
        return None
    return results.order_by().aggregate(
        net=Sum("net_annual_benefit"), reward=Sum("reward_total"), paid=Sum("reward_paid")
    )


@permission_required(ProposalPerm.VIEW)
def proposal_export(request):
    return listing_export(request, PROPOSALS)


@own_records
def my_proposals(request):
    worker = _own_worker(request.user)
    qs = selectors.proposal_list(user=request.user, member=request.user)
    return render(request, "proposals/my_proposals.html", {"page": paginate(request, qs), "worker": worker})


@permission_required(ProposalPerm.VIEW)
def proposer_list(request):
    """The people behind a count of proposers: each proposer of the visible proposals of the period, with
    how many of them; a year's list (at most a district) counts what the statistics counted."""
    form = ProposerFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "page": paginate(request, None), "empty_text": _("Correct the filters above.")}
        return render(request, "proposals/proposer_list.html", context, status=400)
    filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    workers = selectors.proposer_list(user=request.user, **filters)
    known = proposer_count(user=request.user, filters=form.cleaned_data)
    page = paginate(request, CountKnown(workers, known) if known is not None else workers)
    return render(request, "proposals/proposer_list.html", {"form": form, "page": page, "empty_text": ""})
