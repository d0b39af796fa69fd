"""The enterprise ranking (proposals.ranking): the order of each measure, what a district may not see, and
every number opening exactly the list it counts."""

from decimal import Decimal

import pytest
from django.test import Client

from tests import factories
from tests.statistics.test_selectors import FIGURES, YEAR, stats_city  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import worker_change_employer
from zhichuang.core import views as core_views
from zhichuang.core.views import grouped
from zhichuang.proposals import ranking
from zhichuang.proposals.enums import ProposalKind
from zhichuang.proposals.ranking import enterprise_ranking
from zhichuang.statistics.services import workforce_refresh

MONEY = {"savings": "net", "rewards": "reward", "rewards_paid": "paid"}


def _names(result):
    return [row.label for row in result.rows]


@pytest.fixture
def city_admin(stats_city):  # noqa: F811
    return factories.make_admin(Role.CITY_ADMIN, stats_city["city"])


@pytest.fixture
def north_admin(stats_city):  # noqa: F811
    return factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"])


def test_enterprises_rank_by_proposals_submitted(city_admin, north_admin):
    result = enterprise_ranking(user=city_admin, year=YEAR)
    assert result.order == "submitted"
    assert [(row.label, row.totals.submitted.value) for row in result.rows] == [
        ("北钢集团", 9),
        ("北纺厂", 2),  # ties go by the tree's order: the north's mill before the south's port
        ("南港公司", 2),
    ]
    # A district ranks its own enterprises only.
    assert _names(enterprise_ranking(user=north_admin, year=YEAR)) == ["北钢集团", "北纺厂"]


def test_the_city_narrowed_to_a_district_is_that_district_s_ranking(city_admin, stats_city):  # noqa: F811
    assert _names(enterprise_ranking(user=city_admin, year=YEAR, district=stats_city["south"])) == ["南港公司"]


def test_savings_rank_only_enterprises_that_verified_some(city_admin, north_admin):
    result = enterprise_ranking(user=city_admin, year=YEAR, order="savings")
    assert [(row.label, row.totals.savings.value) for row in result.rows] == [
        ("南港公司", Decimal("999999.99")),
        ("北钢集团", Decimal("330000.25")),
    ]  # the mill's verified benefit is a loss (-300.00): no place in a ranking of savings
    assert _names(enterprise_ranking(user=north_admin, year=YEAR, order="savings")) == ["北钢集团"]


def test_rates_rank_enterprises_with_enough_proposals(city_admin, monkeypatch):
    assert enterprise_ranking(user=city_admin, year=YEAR, order="adoption").rows == []  # nobody has ten
    monkeypatch.setattr(ranking, "RATE_MIN_SUBMITTED", 2)
    result = enterprise_ranking(user=city_admin, year=YEAR, order="adoption")
    assert [(row.label, row.totals.adoption_rate) for row in result.rows] == [
        ("北纺厂", Decimal("100.0")),
        ("北钢集团", Decimal("66.7")),
        ("南港公司", Decimal("50.0")),
    ]
    monkeypatch.setattr(ranking, "RATE_MIN_SUBMITTED", 3)
    assert _names(enterprise_ranking(user=city_admin, year=YEAR, order="adoption")) == ["北钢集团"]


def test_participation_ranks_by_proposers_among_workers(city_admin, stats_city, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ranking, "RATE_MIN_SUBMITTED", 1)
    for _ in range(3):  # the steel works employs five now: two of them proposed
        factories.make_worker(stats_city["steel"])
    workforce_refresh()
    result = enterprise_ranking(user=city_admin, year=YEAR, order="participation")
    assert [(row.label, row.participation.proposers.value, row.participation.workers) for row in result.rows] == [
        ("北纺厂", 1, 1),
        ("南港公司", 1, 1),
        ("北钢集团", 2, 5),
    ]
    # Proposers are counted per year, not per kind: with a kind the ranking is by proposals submitted.
    by_kind = enterprise_ranking(user=city_admin, year=YEAR, kind=ProposalKind.DESIGN, order="participation")
    assert by_kind.order == "submitted"
    assert [(row.label, row.participation) for row in by_kind.rows] == [("北钢集团", None), ("南港公司", None)]


def test_an_enterprise_without_workers_comes_last_by_participation(city_admin, stats_city, monkeypatch):  # noqa: F811
    monkeypatch.setattr(ranking, "RATE_MIN_SUBMITTED", 1)
    worker_change_employer(actor=city_admin, worker=stats_city["port_worker"], employer=stats_city["mill"])
    workforce_refresh()  # the port employs nobody now; the mill two, one of whom proposed there
    result = enterprise_ranking(user=city_admin, year=YEAR, order="participation")
    assert [(row.label, row.participation.rate) for row in result.rows] == [
        ("北钢集团", Decimal("100.0")),
        ("北纺厂", Decimal("50.0")),
        ("南港公司", None),
    ]


@pytest.mark.parametrize("order", list(ranking.ORDERS))
def test_every_number_of_the_ranking_opens_exactly_its_list(city_admin, monkeypatch, order):
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)  # a count the list made itself would read "1+"
    monkeypatch.setattr(ranking, "RATE_MIN_SUBMITTED", 1)
    client = Client()
    client.force_login(city_admin)
    result = enterprise_ranking(user=city_admin, year=YEAR, order=order)
    assert result.rows
    for row in result.rows:
        for attribute in FIGURES:
            figure = getattr(row.totals, attribute)
            context = client.get(figure.url).context
            if attribute in MONEY:
                shown = context["totals"][MONEY[attribute]] if context["totals"] else Decimal("0.00")
                assert shown == figure.value, (row.label, attribute)
            else:
                assert context["page"].count_label == grouped(figure.value), (row.label, attribute)
        people = client.get(row.participation.proposers.url).context["page"]
        assert people.count_label == grouped(row.participation.proposers.value)
        assert {worker.employer.name for worker in people.rows} <= {row.label}


def test_an_enterprise_of_another_district_opens_an_empty_list(stats_city):  # noqa: F811
    """A figure's filters edited by hand: the north's admin asking for the south's port sees nothing."""
    client = Client()
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"]))
    query = {"enterprise": stats_city["port"].pk, "date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31"}
    response = client.get("/proposals/", query)
    assert response.context["page"].count_label == "0"
    assert "南港公司" not in response.content.decode().split("<tbody>")[1]
    query["district"] = stats_city["north"].pk
    assert client.get("/proposals/", query).context["page"].count_label == "0"
    assert client.get("/proposals/proposers/", query).context["page"].count_label == "0"
