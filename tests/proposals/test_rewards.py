import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.notifications.models import Notification
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.models import Payout, PayoutTransition
from zhichuang.payouts.selectors import my_payout_totals, my_payouts, payout_list
from zhichuang.payouts.services import payout_mark_paid
from zhichuang.proposals import rewards
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal


def _verified(shop, *, grade="second", net="100000.00", decided=datetime.datetime(2025, 6, 1, 10, 0), members=None):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.VERIFIED, members=members)
    Proposal.objects.filter(pk=proposal.pk).update(grade=grade, decided_at=timezone.make_aware(decided))
    factories.make_verified_claim(proposal, verifier=shop.finance, creator=shop.admin, net=net)
    proposal.refresh_from_db()
    return proposal


def test_rule_in_force_at_the_decision_date_applies(shop):
    factories.make_reward_rule(shop.steel, effective_from=datetime.date(2024, 1, 1), percent="5")
    factories.make_reward_rule(shop.steel, effective_from=datetime.date(2025, 7, 1), percent="10")
    before = _verified(shop, decided=datetime.datetime(2025, 6, 30, 12, 0))
    after = _verified(shop, decided=datetime.datetime(2025, 7, 1, 9, 0))
    assert rewards.reward_decide(actor=shop.admin, proposal=before).rule.version == 1
    assert rewards.reward_decide(actor=shop.admin, proposal=after).rule.version == 2


def test_enterprise_rule_wins_over_the_district_rule(shop):
    factories.make_reward_rule(shop.tree["north"], percent="1")
    own = factories.make_reward_rule(shop.steel, percent="2")
    assert rewards.rule_in_force(shop.steel, datetime.date(2025, 1, 1)) == own


def test_reward_is_grade_amount_plus_percent_of_benefit_capped(shop):
    factories.make_reward_rule(shop.steel, percent="5", cap="6000.00")
    proposal = _verified(shop, grade="second", net="12345.67")
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    # 3000.00 + 5% of 12345.67 = 3000.00 + 617.28 (617.2835 half up) = 3617.28
    assert (reward.grade_amount, reward.benefit_amount, reward.total, reward.capped) == (
        Decimal("3000.00"),
        Decimal("617.28"),
        Decimal("3617.28"),
        False,
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reward_total) == (ProposalState.REWARDED, Decimal("3617.28"))
    capped = rewards.reward_decide(actor=shop.admin, proposal=_verified(shop, grade="first", net="500000"))
    assert (capped.total, capped.capped) == (Decimal("6000.00"), True)


def test_reward_split_by_share_adds_up_exactly(shop):
    factories.make_reward_rule(shop.steel, grade_amounts={"first": "1000.00"}, percent="0")
    third = factories.make_worker(shop.steel, name="钱多")
    proposal = _verified(
        shop, grade="first", members=[(shop.lead, "33.34"), (shop.colleague, "33.33"), (third, "33.33")]
    )
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    parts = {share.worker_id: share.amount for share in reward.shares.all()}
    # 333.40 + 333.30 + 333.30 = 1000.00
    assert parts == {shop.lead.pk: Decimal("333.40"), shop.colleague.pk: Decimal("333.30"), third.pk: Decimal("333.30")}
    assert sum(parts.values()) == reward.total


def test_reward_needs_a_rule_and_the_right_state_and_person(shop):
    proposal = _verified(shop)
    with pytest.raises(ValidationFailed):
        rewards.reward_decide(actor=shop.admin, proposal=proposal)
    factories.make_reward_rule(shop.steel)
    with pytest.raises(PermissionDenied):
        rewards.reward_decide(actor=shop.other_admin, proposal=proposal)
    with pytest.raises(ValidationFailed):
        rewards.reward_decide(actor=shop.admin, proposal=factories.make_proposal(shop.lead, state="implementing"))


def test_unmeasured_proposal_is_rewarded_on_its_grade(shop):
    factories.make_reward_rule(shop.steel)
    proposal = factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTED)
    Proposal.objects.filter(pk=proposal.pk).update(grade="third", decided_at=timezone.now())
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    assert (reward.total, reward.benefit_basis) == (Decimal("1000.00"), Decimal("0.00"))


def _owed(user) -> Decimal:
    return sum((s.amount for s in payout_list(user=user, status=PayoutStatus.PENDING)), Decimal("0.00"))


def test_payout_ledger_and_totals(shop):
    factories.make_reward_rule(shop.steel, grade_amounts={"second": "3000.00"}, percent="0")
    proposal = _verified(shop, members=[(shop.lead, "70"), (shop.colleague, "30")])
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    lead_share = reward.shares.get(worker=shop.lead)
    assert _owed(shop.admin) == Decimal("3000.00")
    proposal.refresh_from_db()
    assert (proposal.reward_total, proposal.reward_paid) == (Decimal("3000.00"), Decimal("0.00"))
    assert not payout_list(user=shop.other_admin).exists()  # the port's admin sees none of the steel works' payouts

    with pytest.raises(PermissionDenied):
        payout_mark_paid(actor=shop.evaluator, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="1")
    with pytest.raises(ValidationFailed):
        payout_mark_paid(actor=shop.finance, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="")
    paid = payout_mark_paid(
        actor=shop.finance, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="记-2026-0031"
    )
    assert (paid.status, paid.voucher_no, paid.paid_by) == (PayoutStatus.PAID, "记-2026-0031", shop.finance)
    with pytest.raises(Conflict):
        payout_mark_paid(actor=shop.admin, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="2")
    proposal.refresh_from_db()
    assert proposal.reward_paid == Decimal("2100.00")  # the refused attempts changed nothing

    assert _owed(shop.admin) == Decimal("900.00")
    assert sum(s.amount for s in payout_list(user=shop.admin, status=PayoutStatus.PAID)) == Decimal("2100.00")
    assert my_payout_totals(user=shop.lead.user).paid == Decimal("2100.00")
    assert [s.amount for s in my_payouts(user=shop.colleague.user)] == [Decimal("900.00")]
    assert list(my_payouts(user=shop.tree["port_worker"].user)) == []


def test_reward_rule_save_versions(shop):
    first = rewards.reward_rule_save(
        actor=shop.admin,
        organization=shop.steel,
        effective_from=datetime.date(2025, 1, 1),
        grade_amounts={"first": "5000", "second": "3000", "third": "1000"},
        benefit_percent="5",
        cap="20000",
    )
    second = rewards.reward_rule_save(
        actor=shop.admin,
        organization=shop.steel,
        effective_from=datetime.date(2026, 1, 1),
        grade_amounts={"first": "6000"},
        benefit_percent="6",
        cap=None,
    )
    assert (first.version, second.version) == (1, 2)
    assert second.grade_amounts == {"first": "6000.00", "second": "0.00", "third": "0.00"}
    with pytest.raises(ValidationFailed):
        rewards.reward_rule_save(
            actor=shop.admin,
            organization=shop.steel,
            effective_from=datetime.date(2026, 1, 1),
            grade_amounts={},
            benefit_percent="120",
            cap=None,
        )


def test_paid_reward_adds_up_the_paid_shares(shop):
    factories.make_reward_rule(shop.steel, grade_amounts={"second": "1000.00"}, percent="0")
    proposal = _verified(shop, members=[(shop.lead, "66.67"), (shop.colleague, "33.33")])
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    for number, share in enumerate(reward.shares.order_by("-amount"), start=1):
        payout_mark_paid(
            actor=shop.finance, payout=share.payout, paid_on=timezone.localdate(), voucher_no=f"记-{number}"
        )
    proposal.refresh_from_db()
    assert proposal.reward_paid == proposal.reward_total == Decimal("1000.00")  # 666.70 + 333.30


def test_a_paid_share_tells_its_proposer_alone(shop, django_capture_on_commit_callbacks):
    factories.make_reward_rule(shop.steel, grade_amounts={"second": "1000.00"}, percent="0")
    proposal = _verified(shop, members=[(shop.lead, "66.67"), (shop.colleague, "33.33")])
    reward = rewards.reward_decide(actor=shop.admin, proposal=proposal)
    share = reward.shares.get(worker=shop.lead)
    with django_capture_on_commit_callbacks(execute=True):
        payout_mark_paid(actor=shop.finance, payout=share.payout, paid_on=datetime.date(2026, 3, 5), voucher_no="记-7")
    paid = Notification.objects.get(kind="paid")
    assert paid.user_id == shop.lead.user_id
    assert "¥666.70" in paid.message and "2026-03-05" in paid.message and "记-7" in paid.message


def test_a_payout_is_recorded_with_a_version_and_a_stale_one_changes_nothing(shop):
    factories.make_reward_rule(shop.steel, grade_amounts={"second": "3000.00"}, percent="0")
    share = rewards.reward_decide(actor=shop.admin, proposal=_verified(shop)).shares.get()
    with pytest.raises(Conflict):
        payout_mark_paid(
            actor=shop.finance, payout=share.payout, paid_on=timezone.localdate(), voucher_no="记-1", expected_version=2
        )
    assert (Payout.objects.get(pk=share.payout_id).status, PayoutTransition.objects.count()) == ("pending", 0)
    audit_rows = AuditEntry.objects.count()
    paid = payout_mark_paid(
        actor=shop.finance,
        payout=share.payout,
        paid_on=datetime.date(2026, 3, 5),
        voucher_no=" 记-1 ",
        expected_version=1,
    )
    assert (paid.version, paid.paid_on, paid.voucher_no) == (2, datetime.date(2026, 3, 5), "记-1")
    step = PayoutTransition.objects.get(payout=share.payout)
    assert (step.from_state, step.to_state, step.actor) == ("pending", "paid", shop.finance)
    assert step.data == {"action": "payout", "paid_on": "2026-03-05", "voucher_no": "记-1"}
    entry = AuditEntry.objects.get(action="payouts.payout")
    assert AuditEntry.objects.count() == audit_rows + 1
    assert entry.changes["amount"] == "3000.00" and entry.changes["voucher_no"] == "记-1"
