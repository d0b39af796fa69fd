"""Rows of the people and role lists for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial
from zhichuang.accounts.roles import Role


def people(city_tree, positions, n):
    made = {}  # key → the fixture's worker of the same employer
    for place, worker in PLACES:
        for _ in range(n):
            name = f"{city_tree[place].name}职工{serial()}"
            factories.make_worker(city_tree[place], name=name)
            made[name] = city_tree[worker].name
    # A new colleague is seen by whoever sees the fixture's worker there, except that worker: a worker
    # sees their own profile only.
    visible = {
        p.label: set() if p.label.startswith("worker@") else {k for k, w in made.items() if w in p.workers}
        for p in positions
    }
    return set(made), visible


def roles(city_tree, positions, n):
    made = set()
    for place, _worker in PLACES:
        for _ in range(n):
            username = f"listing-evaluator-{serial()}"
            factories.make_admin(Role.EVALUATOR, city_tree[place], username=username)
            made.add(username)
    # Only the security administrator grants roles and reads the grants: the city's sees all of them.
    return made, {p.label: made if p.label == "secadmin@city" else set() for p in positions}


CASES = {"accounts.workers": people, "accounts.roles": roles}
