"""The proposal list with its filters and totals, its .xlsx export, and a worker's own proposals."""

from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.access import own_records, permission_required
from zhichuang.audit.exports import Column, xlsx_response
from zhichuang.core.views import found, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_choices, organization_ids_named

from .. import selectors
from ..forms import ProposalFilterForm
from ..models import Proposal
from ..permissions import ProposalPerm
from .common import ORG_OPTIONS_MAX, _own_worker, similarity_module

# An enterprise name filter may stand for this many enterprises at most (proposal_id IN their ids).
ENTERPRISE_MATCHES_MAX = 200

EXPORT_MAX_ROWS = 100_000


def _filtered(request):
    """The filter form and the proposals it selects, or None when a filter is invalid.

    An invalid filter selects nothing rather than dropping it: a list narrowed by only some of the
    filters would pass for the one asked for (benefit_min=abc listing every benefit), so the page shows
    the errors over an empty list and the export refuses.
    """
    form = ProposalFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None, {}
    kwargs = form.selector_kwargs() if form.is_bound else {}
    query = form.cleaned_data["q"].strip() if form.is_bound else ""
    filters = {k: _filter_text(v) for k, v in {**kwargs, "q": query}.items() if v not in (None, "")}
    name = form.cleaned_data["enterprise_name"].strip() if form.is_bound else ""
    if name and not kwargs.get("enterprise"):
        found_ids = organization_ids_named(
            user=request.user, kind=OrgKind.ENTERPRISE, name=name, limit=ENTERPRISE_MATCHES_MAX + 1
        )
        if not found_ids:
            form.add_error("enterprise_name", _("No enterprise in your scope has this in its name."))
        elif len(found_ids) > ENTERPRISE_MATCHES_MAX:
            form.add_error(
                "enterprise_name",
                _("More than %(n)d enterprises match: type more of the name.") % {"n": ENTERPRISE_MATCHES_MAX},
            )
        if form.errors:
            return form, None, {}
        kwargs["enterprise"], filters["enterprise_name"] = found_ids, name
    results = selectors.proposal_results(user=request.user, search=query or None, **kwargs)
    return form, results, filters


def _filter_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@permission_required(ProposalPerm.VIEW)
def proposal_list(request):
    form, results, _filters = _filtered(request)
    districts = organization_choices(user=request.user, kind=OrgKind.DISTRICT, limit=ORG_OPTIONS_MAX)
    enterprises = organization_choices(user=request.user, kind=OrgKind.ENTERPRISE, limit=ORG_OPTIONS_MAX + 1)
    page = paginate(request, Proposal.objects.none() if results is None else results)
    context = {
        "form": form,
        "page": page,
        "totals": _list_totals(results, page),
        "empty_text": _("Correct the filters above to see the list.") if results is None else "",
        "districts": districts if len(districts) > 1 else [],
        "enterprises": enterprises if 1 < len(enterprises) <= ORG_OPTIONS_MAX else [],
        "enterprise_search": len(enterprises) > ORG_OPTIONS_MAX,
        "campaign": _campaign_filter(request, form),
        "search_enabled": similarity_module() is not None,
        "export_max": EXPORT_MAX_ROWS,
    }
    return render(request, "proposals/proposal_list.html", context, status=400 if results is None else 200)


def _list_totals(results, page) -> dict | None:
    """The money of a list counted in full (at most LIST_COUNT_CAP rows), summed as the statistics
    sum it, so that a figure reconciles with the list it links to; None for longer lists and searches."""
    if results is None or hasattr(results, "page_rows") or not page.count_exact or not page.rows:
        return None
    return results.order_by().aggregate(
        net=Sum("net_annual_benefit"), reward=Sum("reward_total"), paid=Sum("reward_paid")
    )


def _campaign_filter(request, form):
    # Validated by _filtered; cleaned_data keeps a valid campaign when another filter is wrong, so the
    # page stays the campaign's while the user corrects that one.
    campaign_id = form.cleaned_data.get("campaign") if form.is_bound else None
    return found(selectors.campaign_get, user=request.user, pk=campaign_id) if campaign_id else None


def _money(value):
    return value if value is not None else ""


EXPORT_COLUMNS = [
    # Chinese headers whatever the interface language, like the other exports.
    Column("编号", lambda p: p.number or "", 16),
    Column("标题", lambda p: p.title, 40),
    Column("类别", lambda p: p.get_kind_display(), 12),
    Column("状态", lambda p: p.get_state_display(), 10),
    Column("企业", lambda p: p.enterprise.name, 28),
    Column("区县", lambda p: p.district.name, 16),
    Column("行业", lambda p: p.industry, 6),
    Column("第一提案人", lambda p: p.lead.name, 10),
    Column("提交时间", lambda p: p.submitted_at, 18),
    Column("办理期限", lambda p: p.due_at, 18),
    Column("超期", lambda p: bool(p.is_overdue_now), 6),
    Column("评分", lambda p: p.score if p.score is None else str(p.score), 8),
    Column("等级", lambda p: p.get_grade_display(), 8),
    Column("核定年净效益(元)", lambda p: _money(p.net_annual_benefit and str(p.net_annual_benefit)), 16),
    Column("奖励(元)", lambda p: _money(p.reward_total and str(p.reward_total)), 12),
    Column("已发放(元)", lambda p: _money(p.reward_paid and str(p.reward_paid)), 12),
]


@permission_required(ProposalPerm.VIEW)
def proposal_export(request):
    _form, results, filters = _filtered(request)
    if results is None:  # the list shows what is wrong with the filters
        return redirect(f"{reverse('proposals:list')}?{request.GET.urlencode()}")
    qs = getattr(results, "matches", results)  # a search's matches, all of them, newest first
    return xlsx_response(
        filename="proposals",
        sheet="提案",
        columns=EXPORT_COLUMNS,
        rows=qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000),
        filters=filters,
    )


@own_records
def my_proposals(request):
    worker = _own_worker(request.user)
    qs = selectors.proposal_list(user=request.user, member=request.user)
    return render(request, "proposals/my_proposals.html", {"page": paginate(request, qs), "worker": worker})
