import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.statistics.test_selectors import YEAR, stats_city  # noqa: F401 (the shared fixture)
from zhichuang.accounts.roles import Role
from zhichuang.statistics.services import statistics_rebuild


def _page(client, user, **params):
    client.force_login(user)
    return client.get("/statistics/", params)


def test_page_shows_scope_figures_with_links_and_charts(client, city_tree):
    factories.make_proposal(city_tree["steel_worker"], state="adopted", title="北钢提案")
    factories.make_proposal(city_tree["port_worker"], state="rewarded", title="南港提案")
    statistics_rebuild()
    response = _page(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    assert response.status_code == 200
    body = response.content.decode()
    stats = response.context["stats"]
    assert stats.totals.submitted.value == 1 and stats.totals.adopted.value == 1
    assert f'href="{stats.totals.adopted.url.replace("&", "&amp;")}"' in body
    assert "vendor/echarts/dist/echarts.min.js" in body and "stats-chart-data" in body
    assert "南区总工会" not in body  # neither a row nor a filter choice


def test_page_filters_by_district_and_kind(client, city_tree):
    factories.make_proposal(city_tree["steel_worker"], state="submitted", kind="design")
    factories.make_proposal(city_tree["port_worker"], state="submitted", kind="design")
    statistics_rebuild()
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    stats = _page(client, city_admin, district=city_tree["south"].pk, kind="design").context["stats"]
    assert stats.totals.submitted.value == 1
    assert stats.district == city_tree["south"] and stats.kind == "design"


def test_page_is_404_without_proposal_scope(client, city_tree):
    assert _page(client, city_tree["steel_worker"].user).status_code == 404
    assert _page(client, factories.make_admin(Role.AUDITOR, city_tree["city"])).status_code == 404


def test_page_only_loads_charts_here(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    assert "echarts" not in client.get("/").content.decode()


def _queries(client, user):
    client.force_login(user)
    client.get("/statistics/")  # warm the session and the site caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/statistics/").status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_proposals(client, city_tree):
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    factories.make_proposal(city_tree["steel_worker"], state="submitted")
    statistics_rebuild()
    few = _queries(client, city_admin)
    for worker, kind in [(city_tree["mill_worker"], "design"), (city_tree["port_worker"], "rational")] * 3:
        factories.make_proposal(worker, state="verified", kind=kind)
    statistics_rebuild()
    assert _queries(client, city_admin) == few


def test_figures_link_to_lists_with_the_same_count(client, stats_city):  # noqa: F811 (the imported fixture)
    """Follow the page's links as a person would: each list says as many proposals as the figure it came from."""
    city_admin = factories.make_admin(Role.CITY_ADMIN, stats_city["city"])
    body = _page(client, city_admin, year=YEAR).content.decode()
    followed = 0
    for figure in ("submitted", "adopted", "implemented"):
        match = re.search(rf'href="([^"]+)" data-figure="{figure}"><div class="zc-stat-value">(\d+)</div>', body)
        href, shown = html.unescape(match.group(1)), match.group(2)
        assert href.startswith(reverse("proposals:list") + "?")
        listed = client.get(href)
        assert listed.status_code == 200
        assert listed.context["page"].count_label == shown, (figure, href)
        label = re.search(r'<span class="text-secondary small">\D*([\d,]+)', listed.content.decode()).group(1)
        assert label == shown, (figure, href)
        followed += 1
    # adopted and implemented links repeat state=: the list must read every one of them.
    assert followed == 3 and int(shown) == 6


def test_page_shows_the_newest_year_when_asked_for_one_it_cannot_show(client, city_tree):
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    for year in ("99999", "-5", "abc"):
        response = _page(client, city_admin, year=year)
        assert response.status_code == 200, year
        assert response.context["stats"].year == response.context["form"].fields["year"].choices[0][0]
        assert response.context["form"].errors.keys() == {"year"}


def test_money_figures_link_to_lists_whose_totals_are_the_same(client, stats_city):  # noqa: F811
    """Savings, rewards decided and rewards paid: the list they open sums to the figure, to the fen."""
    from zhichuang.proposals.statistics import statistics_summary

    for user in (
        factories.make_admin(Role.CITY_ADMIN, stats_city["city"]),
        factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"]),
    ):
        totals = statistics_summary(user=user, year=YEAR).totals
        client.force_login(user)
        for figure, key in ((totals.savings, "net"), (totals.rewards, "reward"), (totals.rewards_paid, "paid")):
            listed = client.get(figure.url)
            assert listed.status_code == 200
            assert (listed.context["totals"][key] or 0) == figure.value, (key, figure.url)
            assert f'data-total="{key}"' in listed.content.decode()


def test_counts_on_the_cards_and_tables_have_thousands_separators_like_money(client, city_tree):
    """Counts of a city are in the thousands; they are grouped as the money beside them is (10,100, ¥10,100)."""
    from zhichuang.proposals.rollup.models import ParticipationCount, Shape, StatCell
    from zhichuang.statistics.models import Workforce

    factories.make_proposal(city_tree["steel_worker"], state="rewarded", title="北钢提案")
    factories.make_proposal(city_tree["port_worker"], state="rewarded", title="南港提案")  # two districts: their table
    statistics_rebuild()
    # As a big city's rollup would hold them (made by hand: ten thousand proposals take too long to make).
    StatCell.objects.update(proposals=10100)
    assert StatCell.objects.filter(shape=Shape.YEAR).exists()
    ParticipationCount.objects.update(proposers=1234)
    Workforce.objects.update(workers=3_000_000)
    body = _page(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"])).content.decode()
    cards = body[body.index('id="stats-totals"') : body.index("stats-chart-data")]
    for figure in ("submitted", "adopted", "implemented"):
        assert re.search(rf'data-figure="{figure}"><div class="zc-stat-value">10,100</div>', cards), figure
    assert "1,234 名申报人" in cards and "3,000,000 名职工" in cards and "10,100 项共核定" in cards
    shown = re.sub(r'<script id="stats-chart-data".*?</script>', "", body, flags=re.S)  # numbers for the charts
    assert "10100" not in shown and "3000000" not in shown  # nowhere ungrouped on the page
    assert ">10,100</a>" in body and "(<a" in body and "1,234</a>/3,000,000" in body  # the tables too


def test_an_enterprise_sees_no_choice_of_district_and_no_one_row_tables(client, stats_city):  # noqa: F811
    enterprise = _page(client, factories.make_admin(Role.ENTERPRISE_ADMIN, stats_city["steel"]), year=YEAR)
    body = enterprise.content.decode()
    assert "district" not in enterprise.context["form"].fields
    assert 'data-chart="industry"' not in body and 'id="stats-district"' not in body
    assert 'id="stats-industry"' not in body and 'id="stats-month"' in body
    city = _page(client, factories.make_admin(Role.CITY_ADMIN, stats_city["city"]), year=YEAR)
    assert "district" in city.context["form"].fields
    assert 'data-chart="district"' in city.content.decode() and 'id="stats-district"' in city.content.decode()
