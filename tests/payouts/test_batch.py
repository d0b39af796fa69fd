"""Several payouts recorded with one voucher, from 待办 (payouts.views.batch_pay)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.models import Payout
from zhichuang.proposals.models import Proposal


def _rewarded(shop):
    return factories.make_rewarded_proposal(
        shop.lead, co_proposer=shop.colleague, admin=shop.admin, finance=shop.finance
    )


@pytest.mark.django_db
def test_several_payouts_recorded_with_one_voucher(client, shop):
    proposal = _rewarded(shop)
    shares = list(Payout.objects.filter(reward_share__reward__proposal=proposal))
    client.force_login(shop.finance)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("payouts:batch_pay"),
        {"ids": [s.pk for s in shares], "voucher_no": "记-2026-118", "paid_on": today},
        follow=True,
    )
    total = sum(s.amount for s in shares)
    assert f"已登记 2 笔奖励发放，共 ¥{total:,.2f}，凭证号 记-2026-118" in response.content.decode()
    paid = Payout.objects.filter(reward_share__reward__proposal=proposal)
    assert set(paid.values_list("status", "voucher_no", "paid_on")) == {
        (PayoutStatus.PAID, "记-2026-118", datetime.date.fromisoformat(today))
    }
    assert Proposal.objects.get(pk=proposal.pk).reward_paid == total


@pytest.mark.django_db
def test_a_batch_payout_is_all_or_nothing(client, shop):
    proposal = _rewarded(shop)
    shares = list(Payout.objects.filter(reward_share__reward__proposal=proposal))
    client.force_login(shop.finance)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("payouts:batch_pay"),
        {"ids": [s.pk for s in shares], "voucher_no": "记-1", "paid_on": future},
        follow=True,
    )
    assert "请填写发放日期（不能晚于今天）" in response.content.decode()
    assert set(Payout.objects.filter(reward_share__reward__proposal=proposal).values_list("status", flat=True)) == {
        PayoutStatus.PENDING
    }
    assert Proposal.objects.get(pk=proposal.pk).reward_paid == Decimal("0.00")
    missing = client.post(reverse("payouts:batch_pay"), {"ids": [s.pk for s in shares]}, follow=True)
    assert "凭证号" in missing.content.decode()
    assert not Payout.objects.filter(status=PayoutStatus.PAID).exists()


@pytest.mark.django_db
def test_others_payouts_are_not_paid_by_a_batch(client, shop):
    proposal = _rewarded(shop)
    shares = list(Payout.objects.filter(reward_share__reward__proposal=proposal))
    client.force_login(shop.other_finance)
    response = client.post(
        reverse("payouts:batch_pay"),
        {"ids": [s.pk for s in shares], "voucher_no": "记-9", "paid_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "请选择这张凭证支付的奖励" in response.content.decode()
    assert not Payout.objects.filter(status=PayoutStatus.PAID).exists()
