"""The scoping matrix through the selectors; tests/core and tests/api repeat it through pages and the API."""

from tests.scoping_matrix import ALL_ORGS, ALL_WORKERS, positions
from zhichuang.accounts.selectors import worker_get, worker_list
from zhichuang.core.errors import NotFound
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import organization_get, organization_list


def test_matrix_selectors_show_exactly_the_scope(city_tree):
    for position in positions(city_tree):
        orgs = set(organization_list(user=position.user).values_list("name", flat=True))
        workers = set(worker_list(user=position.user).values_list("name", flat=True))
        assert orgs == position.orgs, position.label
        assert workers == position.workers, position.label


def test_matrix_out_of_scope_detail_is_not_found(city_tree):
    for position in positions(city_tree):
        for org in Organization.objects.filter(name__in=ALL_ORGS - position.orgs):
            try:
                organization_get(user=position.user, pk=org.pk)
            except NotFound:
                pass
            else:
                raise AssertionError(f"{position.label} can read {org.name}")
        for name in ALL_WORKERS - position.workers:
            worker = next(w for key, w in city_tree.items() if key.endswith("_worker") and w.name == name)
            try:
                worker_get(user=position.user, pk=worker.pk)
            except NotFound:
                pass
            else:
                raise AssertionError(f"{position.label} can read {name}")
