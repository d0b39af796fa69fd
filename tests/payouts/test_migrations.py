"""proposals 0014 to 0016 move the payout ledger to the shared app: each reward share's payout fields and steps
become a payouts.Payout of the kind "proposals.reward" (and go back on a reverse migration)."""

import datetime
from decimal import Decimal

import pytest

from tests import factories
from tests.migrating import latest, migrate
from zhichuang.accounts.roles import Role
from zhichuang.payouts.models import Payout, PayoutTransition

BEFORE = [("proposals", "0013_recommendation_declined")]


@pytest.mark.django_db(transaction=True)
def test_reward_shares_become_payouts_with_their_steps(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    finance = factories.make_admin(Role.FINANCE, steel)
    colleague = factories.make_worker(steel, name="赵敏")
    proposal = factories.make_rewarded_proposal(
        city_tree["steel_worker"], co_proposer=colleague, admin=admin, finance=finance
    )
    try:
        old_apps = migrate(BEFORE)
        assert not Payout.objects.exists()  # the reverse moved them back onto the shares
        Share = old_apps.get_model("proposals", "RewardShare")
        Step = old_apps.get_model("proposals", "PayoutTransition")
        shares = {s.worker_id: s for s in Share.objects.filter(reward__proposal_id=proposal.pk)}
        assert {s.status for s in shares.values()} == {"pending"}
        paid = shares[colleague.pk]
        Share.objects.filter(pk=paid.pk).update(
            status="paid", paid_on=datetime.date(2026, 3, 2), voucher_no="记-7", paid_by_id=finance.pk, version=2
        )
        data = {"action": "payout", "paid_on": "2026-03-02", "voucher_no": "记-7"}
        Step.objects.create(share_id=paid.pk, from_state="pending", to_state="paid", actor_id=finance.pk, data=data)
    finally:
        migrate(latest())
    payouts = {p.payee_id: p for p in Payout.objects.all()}
    assert set(payouts) == {city_tree["steel_worker"].pk, colleague.pk}
    moved = payouts[colleague.pk]
    assert (moved.kind, moved.record_id, moved.payer_id, moved.org_path) == (
        "proposals.reward",
        proposal.pk,
        steel.pk,
        proposal.org_path,
    )
    assert moved.purpose == f"{proposal.number} “{proposal.title}”"
    assert (moved.status, moved.paid_on, moved.voucher_no, moved.paid_by_id, moved.version) == (
        "paid",
        datetime.date(2026, 3, 2),
        "记-7",
        finance.pk,
        2,
    )
    step = PayoutTransition.objects.get()
    assert (step.payout_id, step.to_state, step.actor_id, step.data) == (moved.pk, "paid", finance.pk, data)
    assert sum(p.amount for p in payouts.values()) == proposal.reward_total > Decimal(0)
    assert moved.reward_share.worker_id == colleague.pk
