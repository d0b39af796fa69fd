"""Every registered list (core.modules.Module.lists), on its page, in its export and in its API list, for
every role and position of the scoping matrix, with 1 and with 3 rows per place: each position sees the
rows its scope holds and none other, and the number of queries does not grow with the rows.

Lists are found in the registry: a new module's list is run here without editing this file; its rows come
from tests/<module label>/listing_cases.py (tests/listing_cases.py says how).
"""

import io
from importlib import import_module

import openpyxl
import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.scoping_matrix import positions
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.listing import _defaults
from zhichuang.core.modules import modules, resolve

REGISTERED = [(m.label, resolve(dotted)) for m in modules() for dotted in m.lists]


def test_the_registry_holds_the_lists_of_the_platform():
    keys = {listing.key for _label, listing in REGISTERED}
    assert {"proposals.proposals", "accounts.workers", "accounts.roles", "orgs.organisations", "audit.entries"} <= keys
    assert len(keys) == len(REGISTERED)  # keys are unique


def _case(label, listing):
    try:
        cases = import_module(f"tests.{label}.listing_cases").CASES
    except ModuleNotFoundError:
        pytest.fail(f"{listing.key}: add tests/{label}/listing_cases.py (see tests/listing_cases.py)")
    assert listing.key in cases, f"{listing.key}: add its case to tests/{label}/listing_cases.py"
    return cases[listing.key]


def _key(listing, row) -> str:
    return str(listing.columns[listing.key_column].value(row))


def _read(client, listing, position) -> dict:
    """{interface: (keys seen, queries)} for one position; an interface it may not use sees nothing."""
    client.force_login(position.user)
    client.get(reverse("core:home"))  # the session's first refresh is not the list's
    allowed = has_perm(position.user, listing.perm)
    seen = {}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(listing.page_url))
    assert response.status_code == (200 if allowed else 404), (listing.key, position.label, "page")
    rows = response.context["page"].rows if allowed else []
    seen["page"] = ({_key(listing, row) for row in rows}, len(queries))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(listing.export_url))
        body = b"".join(response.streaming_content) if allowed else b""
    assert response.status_code == (200 if allowed else 404), (listing.key, position.label, "export")
    if allowed:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        headings = [cell.value for cell in sheet[1]]
        assert headings == [_zh(column.heading) for column in listing.columns]
        keys = {str(row[listing.key_column]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    else:
        keys = set()
    seen["export"] = (keys, len(queries))
    if listing.api_path:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(listing.api_path, {"limit": 100})
        if response.status_code == 403 and not allowed:  # a list one role reads says so (the audit log)
            assert response.json()["error"]["code"] == "permission_denied", (listing.key, position.label, "api")
            seen["api"] = (set(), len(queries))
        else:
            assert response.status_code == 200, (listing.key, position.label, "api", response.content)
            seen["api"] = ({str(item[listing.key_field]) for item in response.json()["items"]}, len(queries))
    return seen


def _zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "listing"), REGISTERED, ids=[listing.key for _label, listing in REGISTERED])
def test_every_list_shows_its_scope_with_constant_queries(client, city_tree, label, listing):
    case = _case(label, listing)
    people = positions(city_tree)
    made, visible = case(city_tree, people, 1)
    before = {}
    for position in people:
        for interface, (keys, queries) in _read(client, listing, position).items():
            expected = visible[position.label] if interface == "api" or has_perm(position.user, listing.perm) else set()
            assert keys & made == expected, (listing.key, position.label, interface)
            before[position.label, interface] = queries
    more, more_visible = case(city_tree, people, 2)
    made |= more
    for position in people:
        for interface, (keys, queries) in _read(client, listing, position).items():
            expected = visible[position.label] | more_visible[position.label]
            if interface != "api" and not has_perm(position.user, listing.perm):
                expected = set()
            assert keys & made == expected, (listing.key, position.label, interface, "3 rows")
            assert queries == before[position.label, interface], (listing.key, position.label, interface, "queries")


class EmptyFilters(forms.Form):
    q = forms.CharField(required=False)
    state = forms.MultipleChoiceField(required=False, choices=[("a", "甲"), ("b", "乙")])


def test_defaults_are_the_empty_filters_and_a_fresh_copy_each_time():
    first = _defaults(EmptyFilters)
    assert first == {"q": "", "state": []}
    first["state"].append("a")
    first["q"] = "changed"
    assert _defaults(EmptyFilters) == {"q": "", "state": []}
