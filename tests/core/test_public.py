"""core.public: a published record shows its declared fields and nothing else, whatever the template asks."""

import pytest
from django.core.exceptions import FieldDoesNotExist, FieldFetchBlocked
from django.db.models import Q

from tests import factories
from zhichuang.core.errors import NotFound
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
