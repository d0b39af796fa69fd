"""Every figure of the statistics page opens a list whose count and totals are the figure's, at any scale:
the lists are capped at one row here, so a count the list made itself would read "1+"."""

from decimal import Decimal

import pytest
from django.test import Client

from tests import factories
from tests.proposals.test_demo import AS_OF
from tests.proposals.test_demo import _generate as demo_city
from tests.statistics.test_selectors import FIGURES, YEAR, stats_city  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.core import views as core_views
from zhichuang.core.views import grouped
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.statistics.services import statistics_rebuild

MONEY = {"savings": "net", "rewards": "reward", "rewards_paid": "paid"}


def _opened(client, figure):
    response = client.get(figure.url)
    assert response.status_code == 200, figure.url
    return response.context


def _check_every_cell(client, stats) -> int:
    rows = [stats.totals, *(r.totals for r in stats.by_month + stats.by_kind + stats.by_district + stats.by_industry)]
    checked = 0
    for totals in rows:
        for attribute in FIGURES:
            figure = getattr(totals, attribute)
            context = _opened(client, figure)
            if attribute in MONEY:
                shown = context["totals"][MONEY[attribute]] if context["totals"] else Decimal("0.00")
                assert shown == figure.value, (attribute, figure.filters)
            else:
                assert context["page"].count_label == grouped(figure.value), (attribute, figure.filters)
                assert context["page"].count_exact
            checked += 1
    return checked


@pytest.mark.parametrize("who", ["city", "north"])
def test_every_figure_opens_a_list_of_exactly_its_count_and_money(stats_city, monkeypatch, who):  # noqa: F811
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)
    if who == "city":
        user = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    else:
        user = factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"])
    client = Client()
    client.force_login(user)
    stats = statistics_summary(user=user, year=YEAR)
    assert stats.totals.submitted.value > 1  # more than the cap: the list's own count would stop at "1+"
    assert _check_every_cell(client, stats) == len(FIGURES) * (
        1 + len(stats.by_month) + len(stats.by_kind) + len(stats.by_district) + len(stats.by_industry)
    )
    # Filtered further, the list counts for itself again (capped).
    further = stats.totals.submitted.url + "&q=夹具"
    assert client.get(further).context["page"].count_label in ("0", "1", "1+")


@pytest.mark.parametrize("who", ["city", "north"])
def test_a_count_of_proposers_opens_those_people(stats_city, monkeypatch, who):  # noqa: F811
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)
    user = (
        factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
        if who == "city"
        else factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"])
    )
    client = Client()
    client.force_login(user)
    stats = statistics_summary(user=user, year=YEAR)
    rows = [stats.participation, *(row.participation for row in stats.by_district)]
    for participation in rows:
        figure = participation.proposers
        context = _opened(client, figure)
        assert context["page"].count_label == grouped(figure.value), figure.filters
        names = {worker.name for worker in client.get(figure.url + "&page=1").context["page"].rows}
        assert len(names) == min(figure.value, 50)
    # The north's admin meets nobody of the south.
    if who == "north":
        page = client.get(stats.participation.proposers.url).content.decode()
        assert "王强" not in page and "张伟" in page and "赵敏" in page
    # Names and employers only: no mobile, no ID number.
    page = client.get(stats.participation.proposers.url).content.decode()
    worker = stats_city["steel_worker"]
    assert worker.mobile_masked not in page and worker.id_number_masked not in page


@pytest.mark.slow
def test_every_figure_of_the_demo_city_opens_its_exact_list(db, monkeypatch):
    """The same over the demo's own data (its generator, a small city): the city's and a district's page."""
    built, _story, _counts = demo_city(1_800)
    statistics_rebuild()
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)
    district = Organization.objects.filter(parent=built.city, kind=OrgKind.DISTRICT).order_by("path").first()
    for user in (
        factories.make_admin(Role.CITY_ADMIN, built.city),
        factories.make_admin(Role.DISTRICT_ADMIN, district),
    ):
        client = Client()
        client.force_login(user)
        stats = statistics_summary(user=user, year=AS_OF.year)
        assert stats.totals.submitted.value > 100
        assert _check_every_cell(client, stats) > len(FIGURES) * 20
        for participation in (stats.participation, *(row.participation for row in stats.by_district)):
            assert _opened(client, participation.proposers)["page"].count_label == grouped(
                participation.proposers.value
            )


def test_the_proposers_list_refuses_a_wrong_date_in_words(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get("/proposals/proposers/", {"date_from": "2026-13-40"})
    assert response.status_code == 400
    assert "输入一个有效的日期" in response.content.decode() and "请更正上面的筛选条件" in response.content.decode()
