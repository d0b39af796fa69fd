"""Rows of the organisation list for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial


def organisations(city_tree, positions, n):
    made = {}  # key → the enterprise it is under
    for place, _worker in PLACES:
        enterprise = city_tree[place]
        for _ in range(n):
            name = f"{enterprise.name}第{serial()}车间"
            factories.make_department(enterprise, name=name)
            made[name] = enterprise.name
    # A department is seen by whoever sees its enterprise.
    return set(made), {p.label: {k for k, e in made.items() if e in p.orgs} for p in positions}


CASES = {"orgs.organisations": organisations}
