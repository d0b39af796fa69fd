"""The named methods' list, declared once for its page, its .xlsx export and the API (core.listing): names,
enterprises, fields, levels and states only; no ID number, mobile or birth date."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Column, Listing, Selection

from . import selectors
from .forms import MethodFilterForm
from .permissions import MethodPerm

FILTERS = ("level", "state", "field", "district", "enterprise")


def _c(text):
    return pgettext_lazy("column", text)


def _select(user, filters, named) -> Selection:
    kwargs = {name: filters[name] for name in FILTERS if filters.get(name)}
    query = filters["q"].strip()
    chosen = {name: str(value) for name, value in {**kwargs, "q": query}.items() if value}
    return Selection(selectors.method_list(user=user, q=query, **kwargs), chosen)


METHODS = Listing(
    key="methods.methods",
    perm=MethodPerm.VIEW,
    filters=MethodFilterForm,
    select=_select,
    columns=(
        Column(_c("Name"), lambda m: m.name, width=30),
        Column(_c("Inventors"), lambda m: m.inventor_names, width=20),
        Column(_c("Enterprise"), lambda m: m.enterprise.name, width=28, related="enterprise"),
        Column(_c("Trade"), lambda m: m.trade, width=14),
        Column(_c("Technical field"), lambda m: m.field.name if m.field_id else "", width=14, related="field"),
        Column(_c("Level reached"), lambda m: m.get_level_display() if m.level else "", width=12),
        Column(_c("Year recognised"), lambda m: m.recognised_year or "", width=10),
        Column(_c("State"), lambda m: m.get_state_display(), width=18),
    ),
    sheet="先进操作法",
    filename="methods",
    page_url="methods:list",
    export_url="methods:export",
    api_path="/api/v1/methods",
    key_column=0,
    key_field="name",
)
