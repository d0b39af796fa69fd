"""The enterprise ranking's page: who may open it, its orders, and bad input."""

import pytest
from django.test import Client

from tests import factories
from tests.statistics.test_selectors import YEAR, stats_city  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.proposals.ranking import ORDERS


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_city_s_ranking_page_lists_its_enterprises_by_each_order(stats_city):  # noqa: F811
    client = _client(factories.make_admin(Role.CITY_ADMIN, stats_city["city"]))
    statistics = client.get("/statistics/", {"year": YEAR}).content.decode()
    assert f'href="/proposals/ranking/?year={YEAR}"' in statistics and "企业排行" in statistics
    page = client.get("/proposals/ranking/", {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("北钢集团") < html.index("北纺厂") < html.index("南港公司")
    assert [key for key, _label, _url in page.context["orders"]] == list(ORDERS)
    savings = client.get("/proposals/ranking/", {"year": YEAR, "by": "savings"}).content.decode()
    assert savings.index("南港公司") < savings.index("北钢集团") and "北纺厂" not in savings
    assert (
        "比率排名只计当年提交 10 项及以上的企业"
        in client.get("/proposals/ranking/", {"year": YEAR, "by": "adoption"}).content.decode()
    )


def test_a_district_ranks_its_own_enterprises_without_a_district_choice(stats_city):  # noqa: F811
    client = _client(factories.make_admin(Role.DISTRICT_ADMIN, stats_city["north"]))
    page = client.get("/proposals/ranking/", {"year": YEAR})
    html = page.content.decode()
    assert "北钢集团" in html and "北纺厂" in html and "南港公司" not in html
    assert "district" not in page.context["form"].fields
    # Another district's id is no choice of the north's.
    assert client.get("/proposals/ranking/", {"year": YEAR, "district": stats_city["south"].pk}).status_code == 200
    assert (
        "南港公司"
        not in client.get("/proposals/ranking/", {"year": YEAR, "district": stats_city["south"].pk}).content.decode()
    )


@pytest.mark.parametrize("role", [Role.ENTERPRISE_ADMIN, Role.FINANCE])
def test_an_enterprise_has_no_ranking(stats_city, role):  # noqa: F811
    client = _client(factories.make_admin(role, stats_city["steel"]))
    assert client.get("/proposals/ranking/").status_code == 404
    assert "data-ranking-link" not in client.get("/statistics/", {"year": YEAR}).content.decode()


def test_a_worker_has_no_ranking(stats_city):  # noqa: F811
    assert _client(stats_city["steel_worker"].user).get("/proposals/ranking/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "选择一个有效的选项"),
        ({"year": YEAR, "by": "luck"}, "选择一个有效的选项"),
        ({"year": YEAR, "kind": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_bad_filters_are_refused_in_words(stats_city, query, message):  # noqa: F811
    client = _client(factories.make_admin(Role.CITY_ADMIN, stats_city["city"]))
    response = client.get("/proposals/ranking/", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "北钢集团" not in response.content.decode()
