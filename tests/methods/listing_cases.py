"""Rows of the named methods' list for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial
from tests.methods.conftest import make_method
from zhichuang.accounts.roles import Role

# Who sees an enterprise's methods: the unions of the enterprise, its district and the city; an inventor their own.
METHOD_VISIBILITY = {
    "city_admin@city": {"steel", "mill", "port"},
    "district_admin@north": {"steel", "mill"},
    "district_admin@south": {"port"},
    "enterprise_admin@steel": {"steel"},
    "enterprise_admin@port": {"port"},
    "worker@steel": {"steel"},
    "worker@port": {"port"},
}


def methods(city_tree, positions, n):
    made = {}
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"], username=f"methods-{serial()}")
    for place, worker_key in PLACES:
        for _ in range(n):
            name = f"{city_tree[place].name}操作法{serial()}"
            make_method(admin, city_tree[worker_key], name=name, field=None)
            made[name] = place
    visible = {
        p.label: {k for k, place in made.items() if place in METHOD_VISIBILITY.get(p.label, ())} for p in positions
    }
    # Each worker is the inventor of their enterprise's methods: the API lists them (the page is for VIEW holders).
    return set(made), visible


CASES = {"methods.methods": methods}
