from decimal import Decimal

from django.utils import timezone

from tests import factories
from zhichuang.proposals import rewards
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
