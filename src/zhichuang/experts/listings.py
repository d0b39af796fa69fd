"""The expert pool's search, declared once for its page and its .xlsx export (core.listing). Names,
organisations, titles, fields, terms and load only: no ID number, mobile or birth date."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, Listing, Selection
from zhichuang.orgs.industries import industry_name

from . import selectors
from .forms import ExpertFilterForm
from .permissions import ExpertPerm

FILTERS = ("field", "industry", "district", "title", "state", "availability")


def _c(text):
    return pgettext_lazy("column", text)


def _select(user, filters, named) -> Selection:
    kwargs = {name: filters[name] for name in FILTERS if filters.get(name)}
    query = filters["q"].strip()
    chosen = {name: str(value) for name, value in {**kwargs, "q": query}.items() if value}
    experts = selectors.with_load(selectors.expert_list(user=user, q=query, **kwargs)).prefetch_related("fields")
    return Selection(experts, chosen)


EXPERTS = Listing(
    key="experts.experts",
    perm=ExpertPerm.VIEW,
    filters=ExpertFilterForm,
    select=_select,
    columns=(
        Column(_c("Name"), lambda e: e.profile.name, width=10),
        Column(
            _c("Organisation"),
            lambda e: e.profile.organization.name if e.profile.organization_id else "",
            width=28,
        ),
        Column(_c("Professional title"), lambda e: e.get_title_display() if e.title else "", width=12),
        Column(_c("Technical fields"), lambda e: "、".join(f.name for f in e.fields.all()), width=30),
        Column(_c("Industries"), lambda e: "、".join(industry_name(c) for c in e.industries), width=30),
        Column(_c("District"), lambda e: e.district.name if e.district_id else "", width=14),
        Column(_c("State"), lambda e: e.get_state_display(), width=12),
        Column(_c("Term ends"), lambda e: e.term_end, width=12, cell=Cell.DATE),
        Column(_c("Reviews this year"), lambda e: e.load, width=10, cell=Cell.NUMBER),
        Column(_c("Reviews a year at most"), lambda e: e.yearly_limit, width=10, cell=Cell.NUMBER),
    ),
    sheet="专家库",
    filename="experts",
    page_url="experts:list",
    export_url="experts:export",
    api_path="/api/v1/experts",
    key_column=0,
    key_field="name",
)
