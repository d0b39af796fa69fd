"""A list declared once: its filters, its selector, its columns and its row cap.

    PEOPLE = Listing(
        key="accounts.workers", perm=Perm.VIEW_WORKERS, filters=WorkerFilterForm, select=select_workers,
        columns=(Column(_("Name"), attrgetter("name")), Column(_("Skill level"), ..., Cell.TEXT), ...),
        sheet="职工", filename="workers", page_url="accounts:worker_list", export_url="accounts:worker_export",
        api_path="/api/v1/workers", api_names={"q": "search"},
    )

and the module registers it (core.modules.Module.lists). From the one declaration come

- the page: `listing.page(request)`: the filter form (errors at its fields), the rows through the selector
  and one page of them (core.views.paginate);
- the export: `audit.exports.listing_export(request, listing)`: the same filters and scope, at most
  `row_cap` rows, typed cells (numbers, money to the fen, dates), the columns' headings, an audit row;
- the API list: `api.listings.query_schema(listing)` turns the filter form's bounded fields into the
  endpoint's query parameters, and `api.listings.api_rows` runs the same selector; pages and the API count
  with the same core.views.window.

The filters are a Django form of the bounded fields of core.forms (docs/architecture.md, "Listing: the
filters are a form"): their errors are the page's field errors and, under the API's parameter names,
the API's 400/422 details. `select(user, filters, named)` turns the cleaned values into selector
arguments; `named(user, filters)` looks up the records a filter names (an organisation, a campaign) in the
user's scope, raising NotFound (a 404) for one outside it.
"""

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.urls import get_script_prefix, reverse

from .errors import NotFound
from .views import Page, paginate

# An export runs inside the request: larger lists are narrowed with their filters first.
EXPORT_MAX_ROWS = 100_000


class Cell(StrEnum):
    """How a column's value is written to a spreadsheet cell (audit.exports)."""

    TEXT = "text"
    NUMBER = "number"  # an int or Decimal, as a number
    MONEY = "money"  # a Decimal to the fen, as a number shown 0.00
    DATE = "date"  # a date, as a date cell
    DATETIME = "datetime"  # an aware datetime, as a local date and time cell
    BOOL = "bool"  # 是 / 否


@dataclass(frozen=True)
class Column:
    """One column of a list: its heading (the screen's words), how a row gives its value, its cell type.

    related: the relation the value reads (select_related by the export), so the export stays at a
    constant number of queries."""

    heading: str
    value: Callable[[Any], Any]
    width: int = 16
    cell: Cell = Cell.TEXT
    related: str = ""


class FilterErrors(Exception):
    """Raised by a listing's select or named for filters valid alone but not here ("no enterprise in your
    scope has this in its name"): {field: [messages]}, shown at the fields like the form's own errors.

    not_found: the filter names something that is not there for this user (no enterprise of that name):
    the API answers 404, as for a record id it cannot see, where a page shows the message at the field."""

    def __init__(self, errors: Mapping[str, list], *, not_found: bool = False):
        super().__init__(dict(errors))
        self.errors = dict(errors)
        self.not_found = not_found


@dataclass(frozen=True)
class Selection:
    """What a listing's select returns: the rows (a queryset, or a search with page_rows) and the filters
    in words, as the export's audit row records them."""

    rows: Any
    filters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """The filters read from a request and what they select; selection is None when a filter is wrong:
    an invalid filter selects nothing rather than being dropped (a list narrowed by only some of the
    filters would pass for the one asked for, and its export would hold the whole scope)."""

    form: forms.Form
    named: Mapping[str, Any]
    selection: Selection | None
    page: Page | None = None

    @property
    def invalid(self) -> bool:
        return self.selection is None


@dataclass(frozen=True)
class Listing:
    key: str
    # The permission the page, the export and the API list need (404 for whoever holds it nowhere).
    perm: str
    # A form of core.forms' bounded fields; every field optional.
    filters: type[forms.Form]
    # select(user, filters: cleaned data, named: what named() found) -> Selection.
    select: Callable[..., Selection]
    columns: tuple[Column, ...]
    # The export's sheet and file name; Chinese whatever the interface language, like the headings.
    sheet: str
    filename: str
    row_cap: int = EXPORT_MAX_ROWS
    # named(user, filters) -> {name: record}: the records the valid filters name, looked up in scope
    # (NotFound outside it), for an invalid form's page too so that it stays theirs.
    named: Callable[..., Mapping[str, Any]] | None = None
    # Where it is served: URL names of the page and the export, the API list's path ("" where none).
    page_url: str = ""
    export_url: str = ""
    api_path: str = ""
    # Form field → API parameter, where the names differ (q → search).
    api_names: Mapping[str, str] = field(default_factory=dict)
    # What tells rows apart (a title, a name), for tests: the column's index, the API item's field.
    key_column: int = 0
    key_field: str = ""

    def read(self, user, data) -> Result:
        """The filters of a query string (request.GET) and the rows they select for user."""
        form = self.filters(data or None)
        if form.is_bound:
            valid = form.is_valid()
            cleaned = form.cleaned_data  # holds the valid filters of an invalid form too
        else:
            valid, cleaned = True, _defaults(self.filters)
        named = self.named(user, cleaned) if self.named else {}
        if not valid:
            return Result(form, named, None)
        try:
            selection = self.select(user, cleaned, named)
        except FilterErrors as exc:
            for name, messages in exc.errors.items():
                form.add_error(name if name in form.fields else None, messages)
            return Result(form, named, None)
        return Result(form, named, selection)

    def rows(self, user, cleaned: Mapping[str, Any]) -> Selection:
        """The selection for filters already cleaned elsewhere (the API's query schema): FilterErrors and
        NotFound propagate."""
        values = {**_defaults(self.filters), **cleaned}
        named = self.named(user, values) if self.named else {}
        return self.select(user, values, named)

    def page(self, request, per_page: int | None = None) -> Result:
        """The page's filters and one page of rows; a record a filter names outside the scope is a 404."""
        try:
            result = self.read(request.user, request.GET)
        except NotFound:
            raise Http404 from None
        rows = None if result.selection is None else result.selection.rows
        return Result(result.form, result.named, result.selection, paginate(request, rows, per_page))

    @property
    def related(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.related for c in self.columns if c.related))


def _defaults(form_class) -> dict:
    """A filter form's values when nothing is asked: every filter empty (a fresh copy each time)."""
    return copy.deepcopy(_empty_values(form_class))


@cache
def _empty_values(form_class) -> dict:
    # The same for every request: cleaning empty filters reads nothing but the fields.
    form = form_class({})
    form.is_valid()
    return form.cleaned_data


@lru_cache(maxsize=256)
def _list_path(url_name: str, script_prefix: str) -> str:
    return reverse(url_name)


def filtered_url(url_name: str, filters: Mapping[str, Any]) -> str:
    """The list page url_name narrowed by filters: what a statistics figure links to. Empty values are left out
    and a list repeats its key. The page's path is reversed once per name (a city's statistics page links
    some 700 figures)."""
    path = _list_path(url_name, get_script_prefix())
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")}, doseq=True)
    return f"{path}?{query}" if query else path
