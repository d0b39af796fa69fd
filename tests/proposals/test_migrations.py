"""The data backfills of migrations 0005 and 0009.

Each backfill runs with the models as they were at its migration (the historical state Django hands it when
migrating), not with today's: historical models have no methods, properties or custom managers, and only the
fields of their time. (Creating the test database runs the backfills too, but on empty tables, where a loop over
rows never runs.) What is not honest: the rows are written with today's models into today's schema. Only a
test that migrates a database back to 0004, fills it with the models of then and migrates forward would be;
these migrations are about to be squashed (issue 10, section 3: no production install exists, so the backfills
have no data to fill), and these tests go with them.
"""

import importlib
from decimal import Decimal

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.proposals import rewards
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal, ProposalMember

reward_paid = importlib.import_module("zhichuang.proposals.migrations.0005_reward_paid")


def _apps_at(migration: str):
    """The app registry as it was right after the given proposals migration (what its RunPython receives)."""
    return MigrationLoader(connection).project_state(("proposals", migration)).apps


def test_reward_paid_backfill_sums_paid_shares_and_takes_imported_history_as_paid(city_tree):
    steel = city_tree["steel"]
    admin, finance = factories.make_admin(Role.ENTERPRISE_ADMIN, steel), factories.make_admin(Role.FINANCE, steel)
    colleague = factories.make_worker(steel, name="赵敏")
    decided = factories.make_rewarded_proposal(
        city_tree["steel_worker"], co_proposer=colleague, admin=admin, finance=finance
    )
    share = decided.rewards.get().shares.get(worker=colleague)
    rewards.payout_mark_paid(actor=finance, share=share, paid_on=timezone.localdate(), voucher_no="记-1")
    imported = factories.make_proposal(city_tree["steel_worker"], state=ProposalState.REWARDED)
    untouched = factories.make_proposal(city_tree["steel_worker"], state=ProposalState.ADOPTED)
    Proposal.objects.filter(pk=imported.pk).update(reward_total=Decimal("800.00"))
    Proposal.objects.update(reward_paid=None)  # as before the migration

    reward_paid.backfill(_apps_at("0005_reward_paid"), None)

    paid = dict(Proposal.objects.values_list("pk", "reward_paid"))
    assert paid[decided.pk] == share.amount
    assert paid[imported.pk] == Decimal("800.00")
    assert paid[untouched.pk] is None


member_consent = importlib.import_module("zhichuang.proposals.migrations.0009_member_public_consent")


def test_consent_moves_to_the_proposers_and_waits_for_co_proposers(city_tree):
    lead = city_tree["steel_worker"]
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    alone = factories.make_proposal(lead, state=ProposalState.REWARDED)
    together = factories.make_proposal(lead, state=ProposalState.REWARDED, members=[(lead, "50"), (colleague, "50")])
    declined = factories.make_proposal(lead, state=ProposalState.REWARDED)
    # As before the migration: the lead's box on the proposal, nothing on the proposers.
    Proposal.objects.filter(pk__in=[alone.pk, together.pk]).update(public_consent=True)
    Proposal.objects.filter(pk=declined.pk).update(public_consent=False)
    ProposalMember.objects.update(public_consent=False)

    member_consent.consent_per_proposer(_apps_at("0009_member_public_consent"), None)

    assert dict(Proposal.objects.values_list("pk", "public_consent")) == {
        alone.pk: True,
        together.pk: False,  # the colleague has not said yes
        declined.pk: False,
    }
    agreed = set(ProposalMember.objects.filter(public_consent=True).values_list("proposal_id", "worker_id"))
    assert agreed == {(alone.pk, lead.pk), (together.pk, lead.pk)}
