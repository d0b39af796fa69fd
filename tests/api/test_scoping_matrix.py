"""The scoping matrix (tests/scoping_matrix.py) through the API."""

from tests.scoping_matrix import ALL_ORGS, ALL_WORKERS, positions
from zhichuang.accounts.models import Worker
from zhichuang.orgs.models import Organization


def _names(response):
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["items"]}


def test_matrix_api_lists_show_exactly_the_scope(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        assert _names(client.get("/api/v1/orgs", {"limit": 100})) == position.orgs, position.label
        assert _names(client.get("/api/v1/workers", {"limit": 100})) == position.workers, position.label


def test_matrix_api_out_of_scope_detail_is_404_with_error_shape(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        for org in Organization.objects.filter(name__in=ALL_ORGS - position.orgs):
            response = client.get(f"/api/v1/orgs/{org.pk}")
            assert response.status_code == 404, (position.label, org.name)
            assert response.json()["error"]["code"] == "not_found"
        for worker in Worker.objects.filter(name__in=ALL_WORKERS - position.workers):
            response = client.get(f"/api/v1/workers/{worker.pk}")
            assert response.status_code == 404, (position.label, worker.name)
            assert response.json()["error"]["code"] == "not_found"


def test_matrix_api_in_scope_detail_is_readable(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        for org in Organization.objects.filter(name__in=position.orgs):
            assert client.get(f"/api/v1/orgs/{org.pk}").json()["name"] == org.name
        for worker in Worker.objects.filter(name__in=position.workers):
            assert client.get(f"/api/v1/workers/{worker.pk}").json()["name"] == worker.name
