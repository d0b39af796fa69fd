import datetime
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.models import Payout
from zhichuang.payouts.services import payout_mark_paid
from zhichuang.proposals.models import Reward
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
    return response.content.decode().count("data-payout=")


def test_ledger_shows_what_the_enterprise_owes_and_has_paid(client, shop, django_capture_on_commit_callbacks):
    steel = _rewarded(shop)
    port = _rewarded(shop, port=True)
    statistics_rebuild()  # the factory writes some figures without signals; the totals come from the rollup
    lead_share = steel.rewards.get().shares.get(worker=shop.lead)
    with django_capture_on_commit_callbacks(execute=True):  # the payout refreshes the rollup on commit
        payout_mark_paid(actor=shop.finance, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="记-88")
    client.force_login(shop.finance)
    response = client.get("/payouts/")
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals.paid == lead_share.amount
    assert totals.total == steel.reward_total and totals.pending == steel.reward_total - lead_share.amount
    html = response.content.decode()
    assert _rows(response) == 2 and "记-88" in html and shop.colleague.name in html
    assert port.title not in html and "孙丽" not in html  # the port's payouts are the port's business
    assert _rows(client.get("/payouts/?status=paid")) == 1
    assert _rows(client.get("/payouts/?status=pending")) == 1
    # A wrong filter selects nothing and says so, as every declared list does (core.listing), so that its
    # export cannot pass for the filtered one.
    wrong = client.get("/payouts/?status=bogus")
    assert wrong.status_code == 400 and _rows(wrong) == 0
    html = wrong.content.decode()
    assert "请修正上面的筛选条件后再查看列表。" in html and 'data-error-for="status"' in html


def test_ledger_for_the_city_holds_every_enterprise_and_is_hidden_from_workers(client, shop):
    steel, port = _rewarded(shop), _rewarded(shop, port=True)
    statistics_rebuild()
    client.force_login(shop.city)
    response = client.get("/payouts/")
    totals = response.context["totals"]
    assert _rows(response) == 4 and totals.paid == Decimal("0.00")
    assert totals.pending == steel.reward_total + port.reward_total
    client.force_login(shop.lead.user)
    assert client.get("/payouts/").status_code == 404  # not revealed to those without the permission


def test_ledger_queries_do_not_grow_with_rewards(client, shop, django_assert_max_num_queries):
    _rewarded(shop)
    client.force_login(shop.city)
    client.get("/payouts/")
    with django_assert_max_num_queries(20) as one:
        client.get("/payouts/")
    for _ in range(3):
        _rewarded(shop, port=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert _rows(client.get("/payouts/")) == 8


# ---- the ledger's export (payouts.listings.LEDGER) ----------------------------------------------------

LEDGER_HEADINGS = ["事由", "类别", "付款单位", "领取人", "金额（元）", "状态", "定奖日期", "发放日期", "凭证号"]


def _export(client, **params):
    response = client.get(reverse("payouts:export"), params)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def _sheet_rows(body: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert [cell.value for cell in sheet[1]] == LEDGER_HEADINGS
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_ledger_exports_its_enterprises_shares_and_records_the_export(client, shop):
    steel, port = _rewarded(shop), _rewarded(shop, port=True)
    lead_share = steel.rewards.get().shares.get(worker=shop.lead)
    payout_mark_paid(actor=shop.finance, payout=lead_share.payout, paid_on=datetime.date(2026, 3, 2), voucher_no="记-7")
    lead_share.refresh_from_db()
    colleague_share = steel.rewards.get().shares.get(worker=shop.colleague)
    decided = timezone.localdate(steel.rewards.get().decided_at)
    for viewer in (shop.finance, shop.admin):
        client.force_login(viewer)
        rows = _sheet_rows(_export(client))
        assert sorted(rows, key=lambda row: row[3]) == sorted(
            [
                (
                    f"{steel.number} “{steel.title}”",
                    "提案奖励",
                    "北钢集团",
                    shop.lead.name,
                    float(lead_share.amount),
                    "已发放",
                    datetime.datetime.combine(decided, datetime.time()),
                    datetime.datetime(2026, 3, 2),
                    "记-7",
                ),
                (
                    f"{steel.number} “{steel.title}”",
                    "提案奖励",
                    "北钢集团",
                    "赵敏",
                    float(colleague_share.amount),
                    "待发放",
                    datetime.datetime.combine(decided, datetime.time()),
                    None,
                    None,
                ),
            ],
            key=lambda row: row[3],
        ), viewer
        assert lead_share.amount + colleague_share.amount == steel.reward_total > 0
        assert not [row for row in rows if port.title in row[0]]  # the port's payouts stay the port's
    entries = AuditEntry.objects.filter(action="export", object_type="奖励发放")
    assert [(e.actor_id, e.changes) for e in entries.order_by("id")] == [
        (shop.finance.pk, {"rows": 2, "filters": {}}),
        (shop.admin.pk, {"rows": 2, "filters": {}}),
    ]


def test_the_ledger_export_keeps_the_pages_filters(client, shop):
    steel = _rewarded(shop)
    lead_share = steel.rewards.get().shares.get(worker=shop.lead)
    payout_mark_paid(actor=shop.finance, payout=lead_share.payout, paid_on=timezone.localdate(), voucher_no="记-9")
    client.force_login(shop.finance)
    page = client.get(reverse("payouts:ledger"), {"status": "paid"}).content.decode()
    assert f'href="{reverse("payouts:export")}?status=paid"' in page  # the button keeps the filter
    assert [row[3] for row in _sheet_rows(_export(client, status="paid"))] == [shop.lead.name]
    assert [row[3] for row in _sheet_rows(_export(client, status="pending"))] == ["赵敏"]
    year = timezone.localdate(steel.rewards.get().decided_at).year
    assert len(_sheet_rows(_export(client, year=year))) == 2
    assert _sheet_rows(_export(client, year=year - 1)) == []
    assert _rows(client.get(reverse("payouts:ledger"), {"year": year - 1})) == 0
    # The totals stay those of every year, and the page says so once a year is chosen.
    note = f"上方合计为全部年份；下表为 {year - 1} 年定奖的发放记录。"
    assert note in client.get(reverse("payouts:ledger"), {"year": year - 1}).content.decode()
    assert "data-totals-note" not in client.get(reverse("payouts:ledger")).content.decode()
    assert AuditEntry.objects.filter(action="export").latest("id").changes["filters"] == {"year": str(year - 1)}
    # A wrong filter exports nothing: the user is sent back to the page, which says what is wrong.
    response = client.get(reverse("payouts:export"), {"status": "bogus"})
    assert response.status_code == 302 and response["Location"] == f"{reverse('payouts:ledger')}?status=bogus"


def test_a_reward_decided_early_in_the_morning_is_exported_on_its_local_day(client, shop):
    steel = _rewarded(shop)
    # 00:30 in Shanghai is the previous day in UTC.
    early = timezone.make_aware(datetime.datetime(2026, 5, 4, 0, 30))
    Reward.objects.filter(proposal=steel).update(decided_at=early)
    Payout.objects.filter(reward_share__reward__proposal=steel).update(owed_at=early)
    client.force_login(shop.finance)
    assert {row[6] for row in _sheet_rows(_export(client, year=2026))} == {datetime.datetime(2026, 5, 4)}


def test_the_ledger_export_is_refused_to_workers(client, shop):
    _rewarded(shop)
    for user in (shop.lead.user, shop.colleague.user):
        client.force_login(user)
        assert client.get(reverse("payouts:export")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_ledger_export_holds_no_mobile_id_number_or_birth_date(client, shop):
    lead = factories.make_worker(shop.steel, name="周杰", mobile="13912345678")
    colleague = factories.make_worker(shop.steel, name="吴芳", mobile="13887654321")
    factories.make_rewarded_proposal(lead, co_proposer=colleague, admin=shop.admin, finance=shop.finance)
    client.force_login(shop.city)
    body = _export(client)
    assert {row[3] for row in _sheet_rows(body)} == {"周杰", "吴芳"}
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))
    assert "周杰" in xml  # the names are there (shared strings), so the search below reads the cells
    for worker in (lead, colleague):
        birth = worker.birth_date
        secrets = (
            worker.reveal_mobile(),
            worker.mobile_masked,
            worker.reveal_id_number(),
            worker.id_number_masked,
            birth.isoformat(),
            birth.strftime("%Y%m%d"),
        )
        assert not [secret for secret in secrets if secret and secret in xml], worker.name


# ---- a share's payout on the proposal's page: its history, and a version check ------------------------


def _payout_of(share) -> tuple:
    payout = Payout.objects.get(pk=share.payout_id)
    return payout.status, payout.version, payout.voucher_no, payout.paid_by_id, payout.transitions.count()


PAYOUT_STALE = "在此期间他人修改了这笔奖励发放，请刷新后重试。"


def _pay(client, proposal, share, version, voucher):
    url = reverse("payouts:pay", args=[share.payout_id])
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
    _pay(client, proposal, share, share.payout.version, "记-0815")
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
    shown = share.payout.version  # finance and the enterprise admin both opened the page at this version
    client.force_login(shop.admin)
    page = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    assert f'<input type="hidden" name="expected_version" value="{shown}">' in page
    _pay(client, proposal, share, shown, "记-1")
    paid = _payout_of(share)
    assert paid == (PayoutStatus.PAID, shown + 1, "记-1", shop.admin.pk, 1)

    client.force_login(shop.finance)
    response = _pay(client, proposal, share, shown, "记-2")
    assert [str(m) for m in response.context["messages"]] == [PAYOUT_STALE]
    assert _payout_of(share) == paid
    proposal.refresh_from_db()
    assert proposal.reward_paid == share.amount  # counted once


def test_a_payout_form_without_its_version_is_out_of_date(client, shop):
    proposal = _rewarded(shop)
    share = proposal.rewards.get().shares.get(worker=shop.lead)
    client.force_login(shop.finance)
    response = _pay(client, proposal, share, "", "记-3")
    assert [str(m) for m in response.context["messages"]] == ["表单已过期，请刷新页面后重试。"]
    assert _payout_of(share)[0::2] == (PayoutStatus.PENDING, "", 0)


def test_the_ledger_leads_those_who_record_payouts_to_the_batch(client, shop):
    for user, shown in ((shop.finance, True), (shop.admin, True), (shop.district, False), (shop.city, False)):
        client.force_login(user)
        page = client.get(reverse("payouts:ledger")).content.decode()
        assert ("data-batch-payouts" in page) is shown, user
        if shown:
            assert "/todo/?queue=payouts.pending" in page
