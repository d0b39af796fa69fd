from types import SimpleNamespace

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.talent import services as talent_services


@pytest.fixture
def pool(city_tree):
    """The city's expert-pool keepers and the unions around them."""
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    return SimpleNamespace(
        tree=city_tree,
        city=city_admin,
        north=factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]),
        south=factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]),
        steel=factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]),
        port=factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"]),
        profile=lambda worker: talent_services.profile_create(actor=city_admin, worker=worker),
    )
