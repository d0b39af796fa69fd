from types import SimpleNamespace

import pytest

from tests import factories
from zhichuang.accounts.roles import Role


@pytest.fixture(autouse=True)
def _honour_list(db):
    factories.seed_honour_list()


@pytest.fixture
def pool(city_tree):
    """The city's unions and a steel worker's profile: who enters, who checks, who confirms."""
    t = city_tree
    return SimpleNamespace(
        tree=t,
        steel_admin=factories.make_admin(Role.ENTERPRISE_ADMIN, t["steel"]),
        port_admin=factories.make_admin(Role.ENTERPRISE_ADMIN, t["port"]),
        north=factories.make_admin(Role.DISTRICT_ADMIN, t["north"]),
        south=factories.make_admin(Role.DISTRICT_ADMIN, t["south"]),
        city=factories.make_admin(Role.CITY_ADMIN, t["city"]),
        worker=t["steel_worker"],
    )
