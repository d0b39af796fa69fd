"""The talent pool's API reads through the same selectors as the pages: the scope, the filters, and no
personal data."""

import pytest
from django.test import Client

from tests import factories
from tests.talent.conftest import _honour_list, pool  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _api(user):
    client = Client()
    client.force_login(user)
    return client


def test_profiles_and_honours_in_scope_only(pool):  # noqa: F811
    steel = factories.make_profile(pool.worker, expertise="数控加工")
    port = factories.make_profile(pool.tree["port_worker"])
    factories.make_honour(steel, "市工匠", year=2023)
    factories.make_honour(port, "企业工匠", year=2024, state="nominated")
    north = _api(pool.north)
    listed = north.get("/api/v1/talent/profiles").json()
    assert [item["name"] for item in listed["items"]] == ["张伟"]
    assert listed["items"][0]["categories"] == ["市级工匠"]
    assert north.get("/api/v1/talent/profiles", {"search": "数控"}).json()["count"] in (1, "1")
    detail = north.get(f"/api/v1/talent/profiles/{steel.pk}").json()
    assert [(h["honour"], h["year"], h["state"]) for h in detail["honours"]] == [("市工匠", 2023, "confirmed")]
    assert north.get(f"/api/v1/talent/profiles/{port.pk}").status_code == 404
    assert [h["honour"] for h in north.get("/api/v1/talent/honours").json()["items"]] == ["市工匠"]
    assert [
        h["state"] for h in _api(pool.south).get("/api/v1/talent/honours", {"state": "nominated"}).json()["items"]
    ] == ["nominated"]
    assert north.get("/api/v1/talent/profiles", {"skill_level": 99}).status_code == 422
    body = north.get(f"/api/v1/talent/profiles/{steel.pk}").content.decode()
    for secret in (pool.worker.reveal_mobile(), pool.worker.reveal_id_number()):
        assert secret not in body
