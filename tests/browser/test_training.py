"""Training on a phone (390 px) in Chromium: the organiser's check-in QR code, the worker's scan landing
page, 我的培训 and the roll call, none wider than the screen. Screenshots go to
test-artifacts/screenshots/training-*.png."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.training import checkin, services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def course(transactional_db):
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    worker = factories.make_worker(enterprise, name="王建国")
    User.objects.filter(pk=worker.user_id).update(username="worker")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    training = factories.make_training(enterprise, admin=admin, title="数控车床安全操作与精度控制培训", sessions=2)
    services.enrol(actor=worker.user, training=training, worker=worker)
    return {"training": training, "session": training.sessions.order_by("date").first()}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_check_in_by_qr_code_on_a_phone(live_server, course, browser):  # noqa: F811
    training, session = course["training"], course["session"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    organiser = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN").new_page()
    login(organiser, live_server, "enterprise-admin")
    organiser.goto(live_server.url + reverse("training:detail", args=[training.pk]))
    assert _fits(organiser)
    organiser.screenshot(path=SCREENSHOTS / "training-detail-phone.png", full_page=True)
    organiser.goto(live_server.url + reverse("training:check_in", args=[training.pk, session.pk]))
    code = organiser.locator("[data-qr-code] svg")
    assert code.is_visible() and code.bounding_box()["width"] >= 200
    assert _fits(organiser)
    organiser.screenshot(path=SCREENSHOTS / "training-check-in-phone.png", full_page=True)

    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN").new_page()
    login(phone, live_server, "worker")
    phone.goto(live_server.url + reverse("training:scan", args=[checkin.make_token(session.pk)]))
    assert phone.locator("[data-checked-in='new']").is_visible()
    assert "签到成功" in phone.locator("[data-checked-in]").text_content()
    phone.screenshot(path=SCREENSHOTS / "training-scan-phone.png", full_page=True)
    phone.goto(live_server.url + reverse("training:mine"))
    assert _fits(phone)
    phone.screenshot(path=SCREENSHOTS / "training-mine-phone.png", full_page=True)

    organiser.goto(live_server.url + reverse("training:roll_call", args=[training.pk, session.pk]))
    assert organiser.locator("[data-roll='王建国'] input").is_checked()
    assert _fits(organiser)


@pytest.fixture
def journey(transactional_db):
    """An enterprise with a training open today, a worker who has not enrolled, and a master whose active
    pair with that worker is due for its assessment; finance pays the master's reward."""
    from zhichuang.accounts.enums import SkillLevel

    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    worker = factories.make_worker(enterprise, name="王建国", skill_level=SkillLevel.LEVEL_4)
    User.objects.filter(pk=worker.user_id).update(username="worker")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    factories.make_admin(Role.FINANCE, enterprise, username="finance", display_name="钱会计")
    training = factories.make_training(enterprise, admin=admin, title="数控车床安全操作与精度控制培训", hours="8")
    master_worker = factories.make_worker(enterprise, name="李振华", skill_level=SkillLevel.LEVEL_2)
    master = factories.make_profile(master_worker, actor=admin)
    today = timezone.localdate()
    pair = services.pair_propose(
        actor=admin,
        master=master,
        apprentice=worker,
        trade="数控车工",
        goals="独立完成精密零件加工",
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=35),
    )
    pair = services.pair_confirm(actor=admin, pair=pair)
    return {"training": training, "session": training.sessions.get(), "pair": pair, "worker": worker}


def test_a_worker_enrols_checks_in_completes_and_a_master_is_rewarded(live_server, journey, browser):  # noqa: F811
    """Issue 13's done-when: a worker on a phone enrols in a training, checks in by QR code, the union completes
    it and the hours show on the worker's record; a 师带徒 pair passes and the master's reward is in the payout
    ledger, paid by finance from 待办."""
    url, training, session, pair = live_server.url, journey["training"], journey["session"], journey["pair"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The worker, on a phone, enrols from the training's page.
    phone = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN").new_page()
    login(phone, live_server, "worker")
    phone.goto(url + reverse("training:detail", args=[training.pk]))
    phone.click("[data-enrol]")
    phone.wait_for_selector("[data-own='enrolled']")
    assert _fits(phone)
    phone.screenshot(path=SCREENSHOTS / "journey-enrolled-phone.png", full_page=True)

    # The organiser shows the QR code; the worker's phone opens what it encodes.
    organiser = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN").new_page()
    login(organiser, live_server, "enterprise-admin")
    organiser.goto(url + reverse("training:check_in", args=[training.pk, session.pk]))
    assert organiser.locator("[data-qr-code] svg").is_visible()
    phone.goto(url + reverse("training:scan", args=[checkin.make_token(session.pk)]))
    assert "签到成功" in phone.locator("[data-checked-in]").text_content()

    # The union completes the training: the worker attended enough and gets its 8 hours.
    organiser.goto(url + reverse("training:detail", args=[training.pk]))
    organiser.once("dialog", lambda dialog: dialog.accept())
    organiser.click("[data-complete]")
    organiser.wait_for_selector("[data-state='finished']")
    phone.goto(url + reverse("talent:mine"))
    phone.screenshot(path=SCREENSHOTS / "journey-record-phone.png", full_page=True)
    hours = phone.locator("[data-record='training.hours']")
    assert training.title in hours.text_content() and "8.0 学时" in hours.text_content()
    assert _fits(phone)
    phone.screenshot(path=SCREENSHOTS / "journey-record-phone.png", full_page=True)

    # The apprentice passes the assessment: the master's reward is owed in the payout ledger.
    organiser.goto(url + reverse("training:pair", args=[pair.pk]))
    organiser.check("[data-assess] input[name=passed][value='1']")
    organiser.fill("[data-assess] input[name=assessed_on]", timezone.localdate().isoformat())
    organiser.click("[data-assess] button")
    organiser.wait_for_selector("[data-reward-payout]")
    assert "¥2,000.00" in organiser.locator("[data-reward-payout]").text_content()
    organiser.screenshot(path=SCREENSHOTS / "journey-pair-passed-desktop.png", full_page=True)

    # Finance: 待发放奖励 1 on the home page; its one payout's page a tap away, paid with its voucher.
    finance = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN").new_page()
    login(finance, live_server, "finance")
    card = finance.locator("[data-queue='payouts.pending']")
    assert card.locator("[data-count]").inner_text() == "1"
    card.locator("[data-count]").click()
    assert "李振华 → 王建国（数控车工）" in finance.locator("[data-purpose]").text_content()
    finance.fill("[data-pay-form] input[name=voucher_no]", "记-2026-师-1")
    finance.screenshot(path=SCREENSHOTS / "journey-finance-pay-phone.png", full_page=True)
    finance.click("[data-pay]")
    finance.wait_for_selector("[data-status='paid']")
    assert _fits(finance)
    finance.goto(url + reverse("payouts:ledger") + "?kind=training.master_reward")
    row = finance.locator("[data-payout]")
    assert row.count() == 1 and "记-2026-师-1" in row.text_content() and "李振华" in row.text_content()
    finance.screenshot(path=SCREENSHOTS / "journey-ledger-phone.png", full_page=True)
    pair.refresh_from_db()
    assert (pair.state, pair.reward_payout.status, pair.reward_payout.voucher_no) == (
        "completed",
        "paid",
        "记-2026-师-1",
    )
