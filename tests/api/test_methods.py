"""The named methods' API reads through the same selectors as the pages: the scope, the filters, and no
personal data or evidence."""

import pytest
from django.test import Client

from tests import factories
from tests.methods.conftest import make_method, make_reviewer, unions, walk  # noqa: F401 (fixture)
from zhichuang.methods import services

pytestmark = pytest.mark.django_db


def _api(user):
    client = Client()
    client.force_login(user)
    return client


def test_methods_in_scope_only_with_the_same_filters(unions):  # noqa: F811
    t = unions.tree
    co = factories.make_worker(t["steel"], name="赵敏")
    steel = make_method(unions.steel, t["steel_worker"], co=co)
    port = make_method(unions.port, t["port_worker"], name="王强集装箱绑扎操作法")
    walk(
        services.application_apply(actor=unions.steel, method=steel),
        endorser=unions.steel,
        decider=unions.steel,
        expert=make_reviewer(t["port_worker"]),
    )
    north = _api(unions.north)
    listed = north.get("/api/v1/methods").json()
    assert [(m["name"], m["level"], m["inventors"]) for m in listed["items"]] == [
        ("张伟薄板焊接操作法", "enterprise", "张伟、赵敏")
    ]
    assert north.get("/api/v1/methods", {"level": "city"}).json()["items"] == []
    assert [m["name"] for m in north.get("/api/v1/methods", {"search": "薄板"}).json()["items"]] == [
        "张伟薄板焊接操作法"
    ]
    assert north.get("/api/v1/methods", {"level": "galactic"}).status_code == 422
    detail = north.get(f"/api/v1/methods/{steel.pk}").json()
    assert [(i["name"], i["share"], i["consented"]) for i in detail["inventor_shares"]] == [
        ("张伟", "60.00", False),
        ("赵敏", "40.00", False),
    ]
    assert [(a["level"], a["state"], a["score"]) for a in detail["applications"]] == [
        ("enterprise", "recognised", "90.00")
    ]
    assert detail["steps"] == ["预热", "分段退焊", "自然冷却"]
    assert north.get(f"/api/v1/methods/{port.pk}").status_code == 404
    assert _api(unions.south).get(f"/api/v1/methods/{port.pk}").status_code == 200
    # The inventor reads their own method; another enterprise's worker does not.
    assert _api(t["steel_worker"].user).get(f"/api/v1/methods/{steel.pk}").status_code == 200
    assert _api(t["port_worker"].user).get(f"/api/v1/methods/{steel.pk}").status_code == 404
    body = north.get(f"/api/v1/methods/{steel.pk}").content.decode()
    for worker in (t["steel_worker"], co):
        for secret in (worker.reveal_mobile(), worker.reveal_id_number()):
            assert secret not in body
