"""A master's reward for a 师带徒 pair, owed and paid through the shared payout ledger beside the proposals'
rewards: the ledger, 待办, the pay step and the master's own rewards hold both kinds."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.notifications.models import Notification
from zhichuang.payouts import selectors
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.services import payout_mark_paid
from zhichuang.todo.queues import Source
from zhichuang.todo.selectors import sources
from zhichuang.training import services as training
from zhichuang.training.models import Apprenticeship


def _completed_pair(tree):
    steel = tree["steel"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    master = factories.make_profile(tree["steel_worker"])
    apprentice = factories.make_worker(steel, name="钱小川")
    today = timezone.localdate()
    pair = training.pair_propose(
        actor=admin,
        master=master,
        apprentice=apprentice,
        trade="钳工",
        goals="独立完成装配",
        starts_on=today,
        ends_on=today.replace(year=today.year + 1),
    )
    pair = training.pair_confirm(actor=admin, pair=pair)
    return training.pair_assess(actor=admin, pair=pair, passed=True, assessed_on=today), admin


def _queue_rows(user):
    source: Source = next(s for s in sources() if s.queue("payouts.pending"))
    return list(source.rows(user, source.queue("payouts.pending")))


@pytest.mark.django_db
def test_the_masters_reward_is_in_the_ledger_and_todo_of_its_enterprise_only(city_tree):
    pair, _admin = _completed_pair(city_tree)
    finance = factories.make_admin(Role.FINANCE, city_tree["steel"])
    port_finance = factories.make_admin(Role.FINANCE, city_tree["port"])
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    south = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"])
    payout = pair.reward_payout
    assert [p.pk for p in selectors.payout_list(user=finance, kind="training.master_reward")] == [payout.pk]
    assert [p.pk for p in selectors.payout_list(user=north)] == [payout.pk]  # its district sees it
    assert list(selectors.payout_list(user=south)) == []
    assert list(selectors.payout_list(user=port_finance)) == []
    assert [p.pk for p in _queue_rows(finance)] == [payout.pk] and _queue_rows(port_finance) == []
    assert _queue_rows(north) == []  # a district does not pay; it may chase
    assert selectors.payout_url(payout) == reverse("training:pair", args=[pair.pk])
    totals = selectors.payout_totals(user=finance)
    assert (totals.pending, totals.paid) == (Decimal("2000.00"), Decimal("0.00"))


@pytest.mark.django_db
def test_paying_the_masters_reward_tells_the_master_and_shows_on_their_rewards(
    city_tree, client, django_capture_on_commit_callbacks
):
    pair, admin = _completed_pair(city_tree)
    finance = factories.make_admin(Role.FINANCE, city_tree["steel"])
    with django_capture_on_commit_callbacks(execute=True):
        payout_mark_paid(actor=finance, payout=pair.reward_payout, paid_on=timezone.localdate(), voucher_no="记-师-1")
    pair = Apprenticeship.objects.select_related("reward_payout").get(pk=pair.pk)
    assert (pair.reward_payout.status, pair.reward_payout.voucher_no) == (PayoutStatus.PAID, "记-师-1")
    master = city_tree["steel_worker"]
    notice = Notification.objects.get(kind="paid", user_id=master.user_id)
    assert "师傅带徒奖励 ¥2,000.00" in notice.message and "记-师-1" in notice.message
    assert notice.url == reverse("training:pair", args=[pair.pk])
    client.force_login(master.user)
    page = client.get(reverse("payouts:mine"))
    assert page.context["totals"].paid == Decimal("2000.00")
    html = page.content.decode()
    payout_page = reverse("payouts:detail", args=[pair.reward_payout_id])
    assert "师傅带徒奖励" in html and "钱小川" in html and f'href="{payout_page}"' in html
    # The payout's own page: its step, and the way to the pair the master may open.
    detail = client.get(payout_page).content.decode()
    assert f'href="{reverse("training:pair", args=[pair.pk])}"' in detail and 'data-step="paid"' in detail
    assert "data-pay-form" not in detail  # the master does not record payouts
    client.force_login(admin)
    ledger = client.get(reverse("payouts:ledger"), {"kind": "training.master_reward"}).content.decode()
    assert ledger.count("data-payout=") == 1 and "记-师-1" in ledger
    proposals_only = client.get(reverse("payouts:ledger"), {"kind": "proposals.reward"})
    assert proposals_only.content.decode().count("data-payout=") == 0
    assert proposals_only.context["totals"].total == Decimal("0.00")  # the totals are the chosen kind's
    everything = client.get(reverse("payouts:ledger")).context["totals"]
    assert (everything.paid, everything.pending) == (Decimal("2000.00"), Decimal("0.00"))


@pytest.mark.django_db
def test_finance_pays_the_masters_reward_on_its_page_without_being_sent_to_the_pair(city_tree, client):
    pair, _admin = _completed_pair(city_tree)
    finance = factories.make_admin(Role.FINANCE, city_tree["steel"])
    page = reverse("payouts:detail", args=[pair.reward_payout_id])
    client.force_login(finance)
    html = client.get(page).content.decode()
    # Finance holds no training permission: the pair's page would refuse it, so it is not linked.
    assert reverse("training:pair", args=[pair.pk]) not in html and "data-pay-form" in html
    assert client.get(reverse("training:pair", args=[pair.pk])).status_code == 404
    paid = client.post(
        reverse("payouts:pay", args=[pair.reward_payout_id]),
        {"paid_on": timezone.localdate().isoformat(), "voucher_no": "记-师-2", "expected_version": 1, "next": page},
        follow=True,
    )
    assert paid.redirect_chain[-1][0] == page and "已向张伟发放 ¥2,000.00。" in paid.content.decode()
    assert 'data-status="paid"' in paid.content.decode()
    for outsider in (factories.make_admin(Role.FINANCE, city_tree["port"]), city_tree["port_worker"].user):
        client.force_login(outsider)
        assert client.get(page).status_code == 404
