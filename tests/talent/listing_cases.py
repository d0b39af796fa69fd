"""Rows of the talent pool's search for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial

# Who sees an enterprise's talent profiles: the unions of the enterprise, its district and the city.
TALENT_VISIBILITY = {
    "city_admin@city": {"steel", "mill", "port"},
    "district_admin@north": {"steel", "mill"},
    "district_admin@south": {"port"},
    "enterprise_admin@steel": {"steel"},
    "enterprise_admin@port": {"port"},
}


def profiles(city_tree, positions, n):
    made = {}  # name → the enterprise
    for place, _worker in PLACES:
        for _ in range(n):
            name = f"{city_tree[place].name}人才{serial()}"
            factories.make_profile(factories.make_worker(city_tree[place], name=name))
            made[name] = place
    # A worker sees their own profile only (none of these).
    visible = {
        p.label: {k for k, place in made.items() if place in TALENT_VISIBILITY.get(p.label, ())} for p in positions
    }
    return set(made), visible


CASES = {"talent.profiles": profiles}
