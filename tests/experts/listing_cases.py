"""Rows of the expert pool's list for the generic list test (tests/listing_cases.py): an expert of each
enterprise's district, and one outside every district, whom the city alone sees."""

from tests import factories
from tests.listing_cases import PLACES, serial

DISTRICT_OF = {"steel": "north", "mill": "north", "port": "south"}


def experts(city_tree, positions, n):
    made = {}  # name → the district that sees it ("" for the city alone)
    for place, _worker in PLACES:
        for _ in range(n):
            worker = factories.make_worker(city_tree[place], name=f"专家{serial()}")
            factories.make_expert(worker=worker, fields=["数控加工"])
            made[worker.name] = DISTRICT_OF[place]
        outsider = factories.make_expert(name=f"校外专家{serial()}", fields=["新材料"])
        made[outsider.profile.name] = ""
    sees = {
        "city_admin@city": set(made),
        "district_admin@north": {name for name, d in made.items() if d == "north"},
        "district_admin@south": {name for name, d in made.items() if d == "south"},
    }
    return set(made), {p.label: sees.get(p.label, set()) for p in positions}


CASES = {"experts.experts": experts}
