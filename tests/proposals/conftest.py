from types import SimpleNamespace

import pytest

from tests import factories
from zhichuang.accounts.roles import Role


@pytest.fixture
def shop(city_tree):
    """The steel enterprise's people around a proposal, and outsiders who must be refused."""
    steel = city_tree["steel"]
    return SimpleNamespace(
        tree=city_tree,
        steel=steel,
        lead=city_tree["steel_worker"],
        colleague=factories.make_worker(steel, name="赵敏"),
        admin=factories.make_admin(Role.ENTERPRISE_ADMIN, steel),
        evaluator=factories.make_admin(Role.EVALUATOR, steel),
        finance=factories.make_admin(Role.FINANCE, steel),
        district=factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]),
        city=factories.make_admin(Role.CITY_ADMIN, city_tree["city"]),
        other_admin=factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"]),
        other_evaluator=factories.make_admin(Role.EVALUATOR, city_tree["port"]),
        other_finance=factories.make_admin(Role.FINANCE, city_tree["port"]),
    )
