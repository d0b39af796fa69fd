import importlib
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.proposals import rewards
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal, ProposalMember

reward_paid = importlib.import_module("zhichuang.proposals.migrations.0005_reward_paid")


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

    reward_paid.backfill(apps, None)

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

    member_consent.consent_per_proposer(apps, None)

    assert dict(Proposal.objects.values_list("pk", "public_consent")) == {
        alone.pk: True,
        together.pk: False,  # the colleague has not said yes
        declined.pk: False,
    }
    agreed = set(ProposalMember.objects.filter(public_consent=True).values_list("proposal_id", "worker_id"))
    assert agreed == {(alone.pk, lead.pk), (together.pk, lead.pk)}
