"""Rows of the payout ledger for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial
from tests.proposals.listing_cases import MATRIX_TITLE
from tests.proposals.scoping_cases import PROPOSAL_VISIBILITY
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.payouts.models import Payout
from zhichuang.payouts.permissions import PayoutPerm
from zhichuang.proposals.models import Proposal


def ledger(city_tree, positions, n):
    """n rewarded proposals of two proposers per enterprise: their payouts are the ledger's rows (by what
    they are for: the proposal's number and title)."""
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
            purpose = f"{proposal.number} “{title}”"
            Payout.objects.filter(reward_share__reward__proposal=proposal).update(purpose=purpose)
            made[purpose] = MATRIX_TITLE[place]
    # Whoever holds the ledger sees the payouts of the enterprises whose proposals they see; the others
    # (workers, evaluators) see no ledger at all.
    visible = {
        p.label: {k for k, t in made.items() if t in PROPOSAL_VISIBILITY[p.label]}
        if has_perm(p.user, PayoutPerm.VIEW)
        else set()
        for p in positions
    }
    return set(made), visible


CASES = {"payouts.ledger": ledger}
