"""core.public: a published record shows its declared fields and nothing else, whatever the template asks."""

import pytest
from django.core.exceptions import FieldDoesNotExist, FieldFetchBlocked
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from zhichuang.core.errors import NotFound
from zhichuang.core.modules import public_pages, resolve
from zhichuang.core.public import PublicRecords
from zhichuang.orgs.models import Organization

# A toy publication over organisations, not proposals: the active enterprises' names and districts.
ENTERPRISES = PublicRecords(
    Organization, fields=("id", "name", "parent__name"), published=Q(kind="enterprise", is_active=True)
)


def test_only_published_records_with_their_fields(city_tree):
    Organization.objects.filter(pk=city_tree["port"].pk).update(is_active=False)
    listed = {org.name: org.parent.name for org in ENTERPRISES.published_list()}
    assert listed == {"北钢集团": "北区总工会", "北纺厂": "北区总工会"}


def test_a_field_outside_the_list_is_refused_not_loaded(city_tree, django_assert_num_queries):
    steel = ENTERPRISES.published_get(city_tree["steel"].pk)
    with django_assert_num_queries(0), pytest.raises(FieldFetchBlocked):
        steel.credit_code  # noqa: B018 - the read is the test
    with django_assert_num_queries(0), pytest.raises(FieldFetchBlocked):
        steel.parent.path  # noqa: B018


def test_an_unpublished_or_impossible_id_is_not_found(city_tree):
    for pk in (city_tree["north"].pk, "abc", 2**70):
        with pytest.raises(NotFound):
            ENTERPRISES.published_get(pk)


def test_a_misspelt_field_fails_at_declaration():
    with pytest.raises(FieldDoesNotExist, match="parent__nmae"):
        PublicRecords(Organization, fields=("id", "parent__nmae"), published=Q())


def test_the_showcase_cannot_reach_a_proposer(city_tree):
    from zhichuang.proposals.models import Proposal
    from zhichuang.proposals.selectors import showcase_list

    proposal = factories.make_proposal(city_tree["steel_worker"], state="rewarded", title="公开的成果")
    Proposal.objects.filter(pk=proposal.pk).update(recommended_level="city", public_consent=True)
    shown = showcase_list().get()
    assert shown.title == "公开的成果" and shown.enterprise.name == "北钢集团"
    for reach in (lambda: shown.lead, lambda: shown.created_by, lambda: shown.lead_id, lambda: shown.org_path):
        with pytest.raises(FieldFetchBlocked):
            reach()


# Declared public pages (core.modules.PublicPage): what a visitor without an account can open.

ACCOUNT_PAGES = {"accounts:login", "accounts:logout"}  # the ground's own public views


def _views(resolver=None, namespace=""):
    """(URL name with its namespace, access rule) of every view of the URL config."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _views(entry, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join(part for part in (namespace, entry.name or "?") if part)
            yield name, getattr(entry.callback, "access_rule", None)


def _misdeclared(pages) -> list[str]:
    """Public views outside the declared pages' namespaces, and views inside them that are not public."""
    namespaces = {page.namespace for page in pages}
    wrong = []
    for name, rule in _views():
        inside = name.partition(":")[0] in namespaces and ":" in name
        if (rule == "public") != (inside or name in ACCOUNT_PAGES):
            wrong.append(f"{name} ({rule})")
    return sorted(wrong)


def test_the_platform_declares_the_showcase_the_talent_the_certificate_and_the_methods_pages():
    assert [(page.url_name, page.url) for page in public_pages()] == [
        ("showcase:list", "/showcase/"),
        ("talent_public:list", "/people/"),
        ("training_verify:form", "/verify/"),
        ("methods_public:list", "/named-methods/"),
    ]


def test_a_view_is_public_exactly_when_a_module_declares_its_pages():
    assert _misdeclared(public_pages()) == []


def test_a_public_view_no_module_declares_is_caught():
    assert _misdeclared(()) == [
        "methods_public:detail (public)",
        "methods_public:list (public)",
        "showcase:detail (public)",
        "showcase:list (public)",
        "talent_public:detail (public)",
        "talent_public:list (public)",
        "talent_public:photo (public)",
        "training_verify:detail (public)",
        "training_verify:form (public)",
    ]


@pytest.mark.parametrize("page", public_pages(), ids=lambda page: page.url_name)
def test_each_declared_page_opens_without_an_account_and_is_linked_from_the_login_page(client, city_tree, page):
    assert isinstance(resolve(page.records), PublicRecords)
    response = client.get(page.url)
    assert response.status_code == 200
    login = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{page.url}"' in login and str(page.label) in login
