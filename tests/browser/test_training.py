"""Training on a phone (390 px) in Chromium: the organiser's check-in QR code, the worker's scan landing
page, 我的培训 and the roll call, none wider than the screen. Screenshots go to
test-artifacts/screenshots/training-*.png."""

import pytest
from django.urls import reverse

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
