import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.proposals import rewards
from zhichuang.proposals.enums import PayoutStatus
from zhichuang.statistics.services import statistics_rebuild


def _rewarded(shop, *, port=False):
    if port:
        port_worker = shop.tree["port_worker"]
        colleague = factories.make_worker(shop.tree["port"], name="孙丽")
        return factories.make_rewarded_proposal(
            port_worker, co_proposer=colleague, admin=shop.other_admin, finance=shop.other_finance
        )
    return factories.make_rewarded_proposal(
        shop.lead, co_proposer=shop.colleague, admin=shop.admin, finance=shop.finance
    )


def _rows(response):
    return response.content.decode().count("data-share=")


def test_ledger_shows_what_the_enterprise_owes_and_has_paid(client, shop, django_capture_on_commit_callbacks):
    steel = _rewarded(shop)
    port = _rewarded(shop, port=True)
    statistics_rebuild()  # the factory writes some figures without signals; the totals come from the rollup
    lead_share = steel.rewards.get().shares.get(worker=shop.lead)
    with django_capture_on_commit_callbacks(execute=True):  # the payout refreshes the rollup on commit
        rewards.payout_mark_paid(actor=shop.finance, share=lead_share, paid_on=timezone.localdate(), voucher_no="记-88")
    client.force_login(shop.finance)
    response = client.get("/proposals/payouts/")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals.paid == lead_share.amount
    assert totals.total == steel.reward_total and totals.pending == steel.reward_total - lead_share.amount
    html = response.content.decode()
    assert _rows(response) == 2 and "记-88" in html and shop.colleague.name in html
    assert port.title not in html and "孙丽" not in html  # the port's payouts are the port's business
    assert _rows(client.get("/proposals/payouts/?status=paid")) == 1
    assert _rows(client.get("/proposals/payouts/?status=pending")) == 1
    assert _rows(client.get("/proposals/payouts/?status=bogus")) == 2


def test_ledger_for_the_city_holds_every_enterprise_and_is_hidden_from_workers(client, shop):
    steel, port = _rewarded(shop), _rewarded(shop, port=True)
    statistics_rebuild()
    client.force_login(shop.city)
    response = client.get("/proposals/payouts/")
    totals = response.context["totals"]
    assert _rows(response) == 4 and totals.paid == Decimal("0.00")
    assert totals.pending == steel.reward_total + port.reward_total
    client.force_login(shop.lead.user)
    assert client.get("/proposals/payouts/").status_code == 404  # not revealed to those without the permission


def test_ledger_queries_do_not_grow_with_rewards(client, shop, django_assert_max_num_queries):
    _rewarded(shop)
    client.force_login(shop.city)
    client.get("/proposals/payouts/")
    with django_assert_max_num_queries(20) as one:
        client.get("/proposals/payouts/")
    for _ in range(3):
        _rewarded(shop, port=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert _rows(client.get("/proposals/payouts/")) == 8


# ---- a share's payout on the proposal's page: its history, and a version check ------------------------

PAYOUT_STALE = "在此期间他人修改了这笔奖励发放，请刷新后重试。"


def _pay(client, proposal, share, version, voucher):
    url = reverse("proposals:payout", args=[proposal.pk, share.pk])
    posted = {"paid_on": timezone.localdate().isoformat(), "voucher_no": voucher, "expected_version": version}
    return client.post(url, posted, follow=True)


def _payout_history(html: str) -> list[str]:
    return re.findall(r"<ol [^>]*data-payout-history[^>]*>(.*?)</ol>", html, re.S)


def test_the_rewards_section_shows_who_recorded_each_payout(client, shop):
    proposal = _rewarded(shop)
    shop.finance.display_name = "钱会计"
    shop.finance.save(update_fields=["display_name"])
    share = proposal.rewards.get().shares.get(worker=shop.lead)
    client.force_login(shop.finance)
    assert _payout_history(client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()) == []
    _pay(client, proposal, share, share.version, "记-0815")
    for viewer in (shop.finance, shop.admin, shop.lead.user, shop.colleague.user, shop.district):
        client.force_login(viewer)
        html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
        (history,) = _payout_history(html)  # the paid share's; the pending one has none yet
        assert 'data-step="paid"' in history and "钱会计" in history, viewer
        assert "待发放</span> → " in history and "已发放</span>" in history
    for outsider in (shop.other_admin, shop.other_finance, shop.tree["port_worker"].user):
        client.force_login(outsider)
        response = client.get(reverse("proposals:detail", args=[proposal.pk]))
        assert response.status_code == 404 and "钱会计" not in response.content.decode()


def test_a_payout_recorded_meanwhile_refuses_the_second(client, shop):
    proposal = _rewarded(shop)
    share = proposal.rewards.get().shares.get(worker=shop.lead)
    shown = share.version  # finance and the enterprise admin both opened the page at this version
    client.force_login(shop.admin)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert f'<input type="hidden" name="expected_version" value="{shown}">' in page
    _pay(client, proposal, share, shown, "记-1")
    share.refresh_from_db()
    paid = (share.status, share.version, share.voucher_no, share.paid_by_id, share.transitions.count())
    assert paid == (PayoutStatus.PAID, shown + 1, "记-1", shop.admin.pk, 1)

    client.force_login(shop.finance)
    response = _pay(client, proposal, share, shown, "记-2")
    assert [str(m) for m in response.context["messages"]] == [PAYOUT_STALE]
    share.refresh_from_db()
    assert (share.status, share.version, share.voucher_no, share.paid_by_id, share.transitions.count()) == paid
    proposal.refresh_from_db()
    assert proposal.reward_paid == share.amount  # counted once


def test_a_payout_form_without_its_version_is_out_of_date(client, shop):
    proposal = _rewarded(shop)
    share = proposal.rewards.get().shares.get(worker=shop.lead)
    client.force_login(shop.finance)
    response = _pay(client, proposal, share, "", "记-3")
    assert [str(m) for m in response.context["messages"]] == ["表单已过期，请刷新页面后重试。"]
    share.refresh_from_db()
    assert (share.status, share.voucher_no) == (PayoutStatus.PENDING, "")


def test_the_ledger_leads_those_who_record_payouts_to_the_batch(client, shop):
    for user, shown in ((shop.finance, True), (shop.admin, True), (shop.district, False), (shop.city, False)):
        client.force_login(user)
        page = client.get(reverse("proposals:payouts")).content.decode()
        assert ("data-batch-payouts" in page) is shown, user
        if shown:
            assert "/todo/?queue=proposals.payout_pending" in page
