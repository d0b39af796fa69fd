"""The organisation list, declared once for its page, its export and the API (core.listing)."""

from django.utils.translation import pgettext_lazy

from zhichuang.accounts.roles import Perm
from zhichuang.core.listing import Cell, Column, Listing, Selection

from .forms import OrgFilterForm
from .industries import industry_label
from .selectors import organization_get, organization_list


def _named(user, filters) -> dict:
    within = filters.get("within")
    return {"within": organization_get(user=user, pk=within) if within else None}


def _select(user, filters, named) -> Selection:
    within, search = named["within"], filters["q"].strip()
    rows = organization_list(
        user=user,
        kind=filters["kind"] or None,
        search=search,
        within=within,
        parent_id=filters["parent_id"],
        industry=filters["industry"].strip(),
    )
    chosen = {
        "kind": filters["kind"],
        "search": search,
        "within": within and within.name,
        "parent_id": filters["parent_id"],
        "industry": filters["industry"].strip(),
    }
    return Selection(rows, {k: v for k, v in chosen.items() if v})


def _c(heading):
    return pgettext_lazy("column", heading)


ORGANISATIONS = Listing(
    key="orgs.organisations",
    perm=Perm.VIEW_ORGS,
    filters=OrgFilterForm,
    named=_named,
    select=_select,
    columns=(
        # The headings the organisation import reads.
        Column(_c("Organisation kind"), lambda o: o.get_kind_display(), width=16),
        Column(_c("Name"), lambda o: o.name, width=30),
        Column(_c("Parent organisation"), lambda o: o.parent.name if o.parent else "", width=24, related="parent"),
        Column(_c("Unified social credit code"), lambda o: o.credit_code or "", width=22),
        Column(_c("Industry"), lambda o: industry_label(o.industry), width=30),
        Column(_c("Ownership"), lambda o: o.get_ownership_display(), width=12),
        Column(_c("Size"), lambda o: o.get_size_class_display(), width=8),
        Column(_c("Address"), lambda o: o.address, width=30),
        Column(_c("Headcount"), lambda o: o.headcount, cell=Cell.NUMBER, width=10),
        Column(_c("Union chair"), lambda o: o.union_chair, width=10),
        Column(_c("Contact"), lambda o: o.contact_name, width=10),
        Column(_c("Contact phone"), lambda o: o.contact_phone, width=14),
    ),
    sheet="组织机构",
    filename="organisations",
    page_url="orgs:list",
    export_url="orgs:export",
    api_path="/api/v1/orgs",
    api_names={"q": "search"},
    key_column=1,
    key_field="name",
)
