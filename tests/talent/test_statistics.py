"""The talent pool's statistics: each figure counts the people of the scope, and opens a list of exactly
that count, at any size (the lists' own cap is one row here)."""

import pytest
from django.test import Client

from tests import factories
from zhichuang.core import views as core_views
from zhichuang.core.views import grouped
from zhichuang.talent.statistics import talent_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(pool):
    t = pool.tree
    craftsman = factories.make_profile(t["steel_worker"])
    factories.make_honour(craftsman, "市工匠", year=2022)
    factories.make_honour(craftsman, "企业工匠", year=2020)
    model = factories.make_profile(t["mill_worker"])
    factories.make_honour(model, "市劳动模范", year=2021)
    factories.make_honour(model, "县(区)级工匠", year=2023, state="nominated")  # not yet a craftsman
    port = factories.make_profile(t["port_worker"])
    factories.make_honour(port, "企业工匠", year=2024)
    factories.make_profile(name="王教授")
    return pool


def _figures(section):
    yield section["talent_total"]
    for row in section["talent_rows"]:
        yield row.total
        yield from row.levels
    for _name, figure in section["talent_districts"]:
        yield figure


def test_the_figures_count_the_scope(stocked):
    city = talent_section(user=stocked.city, year=2026)
    assert city["talent_total"].value == 4
    rows = {row.key: row for row in city["talent_rows"]}
    assert rows["craftsman"].total.value == 2 and rows["model_worker"].total.value == 1
    assert [f.value for f in rows["craftsman"].levels] == [0, 0, 1, 0, 2]  # national … enterprise
    assert [(name, f.value) for name, f in city["talent_districts"]] == [("北区总工会", 2), ("南区总工会", 1)]
    north = talent_section(user=stocked.north, year=2026)
    assert north["talent_total"].value == 2 and north["talent_districts"] == []
    assert {row.key: row.total.value for row in north["talent_rows"]}["craftsman"] == 1


@pytest.mark.parametrize("who", ["city", "north"])
def test_every_figure_opens_a_list_of_exactly_its_count(stocked, monkeypatch, who):
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)
    user = getattr(stocked, who)
    client = Client()
    client.force_login(user)
    checked = 0
    for figure in _figures(talent_section(user=user, year=2026)):
        page = client.get(figure.url).context["page"]
        assert page.count_label == grouped(figure.value), figure.filters
        checked += 1
    assert checked >= 20
    statistics = client.get("/statistics/").content.decode()
    assert 'data-figure="talent-total"' in statistics
