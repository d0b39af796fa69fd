"""Who an honour waits on in 待办: its district, then the city, and the union once returned."""

import pytest

from tests import factories
from zhichuang.talent import services
from zhichuang.talent.todo import HONOURS
from zhichuang.todo.selectors import done_items, next_step, queue_get

pytestmark = pytest.mark.django_db


def _rows(key, user):
    source, queue = queue_get(key)
    return [row.pk for row in source.rows(user, queue)]


def test_an_honour_waits_on_the_next_organisation_only(pool):
    profile = factories.make_profile(pool.worker)
    honour = factories.make_honour(profile, "市技术能手", year=2025, state="nominated", actor=pool.steel_admin)
    assert _rows("talent.nominated", pool.north) == [honour.pk]
    for user in (pool.south, pool.city, pool.steel_admin):
        assert _rows("talent.nominated", user) == []
    assert next_step(HONOURS, honour).organization == "北区总工会"
    honour = services.honour_verify(actor=pool.north, honour=honour, reason="已核实")
    assert _rows("talent.nominated", pool.north) == [] and _rows("talent.verified", pool.city) == [honour.pk]
    assert _rows("talent.verified", pool.north) == []
    honour = services.honour_return(actor=pool.city, honour=honour, reason="证书号有误")
    assert _rows("talent.returned", pool.steel_admin) == [honour.pk]
    assert _rows("talent.returned", pool.port_admin) == []
    assert [item.label for item in done_items(pool.north)] == ["核实荣誉（县(市、区)）"]


def test_a_nomination_of_someone_outside_the_districts_waits_on_the_city(pool):
    external = factories.make_profile(name="王教授")
    honour = factories.make_honour(external, "全国技术能手", year=2024, state="nominated", actor=pool.city)
    assert _rows("talent.nominated_outside", pool.city) == [honour.pk]
    assert _rows("talent.nominated", pool.north) == [] and _rows("talent.nominated_outside", pool.north) == []
    assert next_step(HONOURS, honour).organization == "示范市总工会"
