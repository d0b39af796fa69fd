"""The proposal list and the payout ledger, each declared once for its page and its export, the proposal
list for the API too (core.listing)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, FilterErrors, Listing, Selection
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.industries import industry_label
from zhichuang.orgs.selectors import organization_ids_named

from . import selectors
from .forms import ProposalFilterForm
from .permissions import ProposalPerm

# An enterprise name filter may stand for this many enterprises at most (proposal_id IN their ids).
ENTERPRISE_MATCHES_MAX = 200

# The filters proposal_list takes as they are (a value, a list of values, an id).
SELECTOR_FIELDS = (
    "state",
    "kind",
    "recommended_level",
    "campaign",
    "district",
    "enterprise",
    "industry",
    "date_from",
    "date_to",
)


def _named(user, filters) -> dict:
    # A valid campaign is kept when another filter is wrong, so the page stays the campaign's while the
    # user corrects that one.
    campaign = filters.get("campaign")
    return {"campaign": selectors.campaign_get(user=user, pk=campaign) if campaign else None}


def _select(user, filters, named) -> Selection:
    kwargs = {name: filters[name] for name in SELECTOR_FIELDS if filters.get(name)}
    for name in ("benefit_min", "benefit_max", "overdue"):
        if filters.get(name) is not None:
            kwargs[name] = filters[name]
    query = filters["q"].strip()
    chosen = {k: _filter_text(v) for k, v in {**kwargs, "q": query}.items() if v not in (None, "")}
    name = filters["enterprise_name"].strip()
    if name and not kwargs.get("enterprise"):
        found_ids = organization_ids_named(
            user=user, kind=OrgKind.ENTERPRISE, name=name, limit=ENTERPRISE_MATCHES_MAX + 1
        )
        if not found_ids:
            raise FilterErrors(
                {"enterprise_name": [_("No enterprise in your scope has this in its name.")]}, not_found=True
            )
        if len(found_ids) > ENTERPRISE_MATCHES_MAX:
            message = _("More than %(n)d enterprises match: type more of the name.") % {"n": ENTERPRISE_MATCHES_MAX}
            raise FilterErrors({"enterprise_name": [message]})
        kwargs["enterprise"], chosen["enterprise_name"] = found_ids, name
    return Selection(selectors.proposal_results(user=user, search=query or None, **kwargs), chosen)


def _filter_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _c(heading):
    return pgettext_lazy("column", heading)


PROPOSALS = Listing(
    key="proposals.proposals",
    perm=ProposalPerm.VIEW,
    filters=ProposalFilterForm,
    named=_named,
    select=_select,
    columns=(
        Column(_c("Number"), lambda p: p.number or "", width=16),
        Column(_c("Title"), lambda p: p.title, width=40),
        Column(_c("Kind"), lambda p: p.get_kind_display(), width=12),
        Column(_c("State"), lambda p: p.get_state_display(), width=10),
        Column(_c("Enterprise"), lambda p: p.enterprise.name, width=28),
        Column(_c("District"), lambda p: p.district.name, width=16),
        Column(_c("Industry"), lambda p: industry_label(p.industry), width=28),
        Column(_c("Lead proposer"), lambda p: p.lead.name, width=10),
        Column(_c("Submitted"), lambda p: p.submitted_at, cell=Cell.DATETIME, width=18),
        Column(_c("Due"), lambda p: p.due_at, cell=Cell.DATETIME, width=18),
        Column(_c("Overdue"), lambda p: bool(p.is_overdue_now), cell=Cell.BOOL, width=6),
        Column(_c("Score"), lambda p: p.score, cell=Cell.NUMBER, width=8),
        Column(_c("Grade"), lambda p: p.get_grade_display(), width=8),
        Column(_c("Verified net annual benefit (yuan)"), lambda p: p.net_annual_benefit, cell=Cell.MONEY, width=16),
        Column(_c("Reward (yuan)"), lambda p: p.reward_total, cell=Cell.MONEY, width=12),
        Column(_c("Paid (yuan)"), lambda p: p.reward_paid, cell=Cell.MONEY, width=12),
    ),
    sheet="提案",
    filename="proposals",
    page_url="proposals:list",
    export_url="proposals:export",
    api_path="/api/v1/proposals",
    api_names={"q": "search"},
    key_column=1,
    key_field="title",
)
