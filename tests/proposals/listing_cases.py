"""Rows of the proposal list for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial
from tests.proposals.scoping_cases import PROPOSAL_VISIBILITY

# The title of the fixture's proposal of each enterprise in the scoping matrix.
MATRIX_TITLE = {"steel": "北钢提案", "mill": "北纺提案", "port": "南港提案"}


def proposals(city_tree, positions, n):
    made = {}  # key → the matrix's proposal of the same enterprise and proposer
    for place, worker in PLACES:
        for _ in range(n):
            title = f"{MATRIX_TITLE[place]}{serial()}"
            factories.make_proposal(city_tree[worker], state="submitted", title=title)
            made[title] = MATRIX_TITLE[place]
    # Seen by whoever sees the matrix's submitted proposal of that enterprise and proposer.
    visible = {p.label: {k for k, t in made.items() if t in PROPOSAL_VISIBILITY[p.label]} for p in positions}
    return set(made), visible


CASES = {"proposals.proposals": proposals}
