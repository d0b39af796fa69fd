from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.statistics.services import statistics_rebuild


def _data(city_tree):
    steel = factories.make_proposal(city_tree["steel_worker"], state="verified")
    Proposal.objects.filter(pk=steel.pk).update(net_annual_benefit=Decimal("12000.50"))
    factories.make_proposal(city_tree["mill_worker"], state="adopted", kind="design")
    port = factories.make_proposal(city_tree["port_worker"], state="rewarded")
    Proposal.objects.filter(pk=port.pk).update(net_annual_benefit=Decimal("900000.00"), reward_total=Decimal("8000"))
    statistics_rebuild()
    return timezone.localdate().year


def test_statistics_match_the_page_figures(client, city_tree):
    year = _data(city_tree)
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    client.force_login(admin)
    body = client.get("/api/v1/statistics").json()
    page = statistics_summary(user=admin, year=year)
    assert body["year"] == year
    assert body["totals"]["submitted"] == {"value": "3", "list_url": page.totals.submitted.url}
    assert Decimal(body["totals"]["savings"]["value"]) == Decimal("912000.50")
    assert Decimal(body["totals"]["rewards"]["value"]) == Decimal("8000.00")
    assert body["participation"]["proposers"]["value"] == "3" and body["participation"]["workers"] == 3
    assert {row["label"]: row["totals"]["submitted"]["value"] for row in body["by_district"]} == {
        "北区总工会": "2",
        "南区总工会": "1",
    }
    assert len(body["by_month"]) == 12


def test_district_admin_gets_only_their_district(client, city_tree):
    _data(city_tree)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    body = client.get("/api/v1/statistics").json()
    assert Decimal(body["totals"]["savings"]["value"]) == Decimal("12000.50")
    assert [row["label"] for row in body["by_district"]] == ["北区总工会"]
    other = client.get("/api/v1/statistics", {"district": city_tree["south"].pk})
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"


def test_statistics_filter_by_kind(client, city_tree):
    _data(city_tree)
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    body = client.get("/api/v1/statistics", {"kind": "design", "district": city_tree["north"].pk}).json()
    assert body["totals"]["submitted"]["value"] == "1" and body["participation"] is None
    assert body["kind"] == "design" and body["district_id"] == city_tree["north"].pk
    assert client.get("/api/v1/statistics", {"kind": "poem"}).status_code == 422


def test_statistics_need_login(client, city_tree):
    response = client.get("/api/v1/statistics")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("year", ["-5", "0", "1899", "2101", "99999"])
def test_statistics_refuse_a_year_outside_the_lists_dates(client, city_tree, year):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get("/api/v1/statistics", {"year": year})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and set(error["details"]) == {"year"}
    with translation.override("zh-hans"):
        assert error["message"] == translation.gettext("Some of the values are not valid.")


@pytest.mark.parametrize("district", ["0", "99999999999999999999999"])
def test_statistics_refuse_a_district_no_id_can_be(client, city_tree, district):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get("/api/v1/statistics", {"district": district})
    assert response.status_code == 422
    assert set(response.json()["error"]["details"]) == {"district"}


def test_statistics_of_the_last_year_accepted_link_to_a_list_that_accepts_it(client, city_tree):
    _data(city_tree)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    body = client.get("/api/v1/statistics", {"year": 2100}).json()
    assert body["year"] == 2100 and body["totals"]["submitted"]["value"] == "0"
    listed = client.get(body["totals"]["submitted"]["list_url"])
    assert listed.status_code == 200 and listed.context["page"].rows == []
