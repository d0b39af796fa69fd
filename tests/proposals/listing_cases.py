"""Rows of the proposal list and the payout ledger for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial
from tests.proposals.scoping_cases import PROPOSAL_VISIBILITY
from zhichuang.accounts.roles import Role
from zhichuang.proposals.models import Proposal

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


def payouts(city_tree, positions, n):
    """n rewarded proposals of two proposers per enterprise: their shares are the ledger's rows (by title)."""
    made = {}
    for place, worker in PLACES:
        enterprise = city_tree[place]
        admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise)
        finance = factories.make_admin(Role.FINANCE, enterprise)
        for _ in range(n):
            colleague = factories.make_worker(enterprise)
            proposal = factories.make_rewarded_proposal(
                city_tree[worker], co_proposer=colleague, admin=admin, finance=finance
            )
            title = f"{MATRIX_TITLE[place]}{serial()}"
            Proposal.objects.filter(pk=proposal.pk).update(title=title)
            made[title] = MATRIX_TITLE[place]
    # The ledger is the VIEW scope's: whoever sees the enterprise's submitted proposals sees its payouts.
    visible = {p.label: {k for k, t in made.items() if t in PROPOSAL_VISIBILITY[p.label]} for p in positions}
    return set(made), visible


CASES = {"proposals.proposals": proposals, "proposals.payouts": payouts}
