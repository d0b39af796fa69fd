import pytest

from tests import factories


@pytest.fixture
def city_tree(db):
    """A small city: two districts, three enterprises (one with a department), one worker each."""
    city = factories.make_city()
    north = factories.make_district(city, "北区总工会")
    south = factories.make_district(city, "南区总工会")
    steel = factories.make_enterprise(north, "北钢集团")
    steel_shop = factories.make_department(steel, "炼钢车间")
    mill = factories.make_enterprise(north, "北纺厂")
    port = factories.make_enterprise(south, "南港公司")
    return {
        "city": city,
        "north": north,
        "south": south,
        "steel": steel,
        "steel_shop": steel_shop,
        "mill": mill,
        "port": port,
        "steel_worker": factories.make_worker(steel, name="张伟", department=steel_shop),
        "mill_worker": factories.make_worker(mill, name="李娜"),
        "port_worker": factories.make_worker(port, name="王强"),
    }
