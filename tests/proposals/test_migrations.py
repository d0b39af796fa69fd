import importlib
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.proposals import rewards
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal

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
