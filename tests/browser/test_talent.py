"""The talent pool in Chromium, at phone and desktop size: an enterprise union nominates its worker for an
honour, the district sees the eligibility checks beside it and passes it with a reason, the city confirms
it, the worker's profile shows it, and the worker chooses what the public page shows. Screenshots go to
test-artifacts/screenshots/talent-*.png."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.enums import SkillLevel
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.talent import services
from zhichuang.talent.enums import HonourState
from zhichuang.talent.models import Honour, TalentProfile

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def talent_city(transactional_db):
    factories.seed_honour_list()  # a transactional test empties every table, the seeded list too
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    worker = factories.make_worker(enterprise, name="王建国", trade="数控车工")
    User.objects.filter(pk=worker.user_id).update(username="worker")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    factories.make_admin(Role.DISTRICT_ADMIN, district, username="district-admin", display_name="区总工会")
    factories.make_admin(Role.CITY_ADMIN, city, username="city-admin", display_name="市总工会")
    services.skill_level_enter(
        actor=admin, worker=worker, level=SkillLevel.LEVEL_3, awarded_on=datetime.date(2019, 6, 1), certificate_no="S19"
    )
    for n in range(2):
        factories.make_proposal(worker, state="verified", title=f"主轴冷却改进{n}")
    profile = factories.make_profile(worker, actor=admin, position="班组长", expertise="数控加工、液压系统维修")
    return {"profile": profile, "worker": worker}


def _page(browser, live_server, username, viewport):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, username)
    return context, page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_honour_from_nomination_to_the_public_page(live_server, talent_city, browser, viewport):  # noqa: F811
    url, profile = live_server.url, talent_city["profile"]

    # The enterprise union nominates its worker for 市工匠 from the talent pool.
    context, page = _page(browser, live_server, "enterprise-admin", viewport)
    page.goto(f"{url}/talent/")
    page.locator("a", has_text="王建国").first.click()
    page.click("[data-add-honour]")
    page.select_option("select[name=honour_type]", label="市工匠（市级）")
    page.fill("input[name=year]", str(timezone.localdate().year))
    page.fill("input[name=certificate_no]", "SGJ-2026-01")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-state='nominated']")
    page.screenshot(path=str(SCREENSHOTS / f"talent-nominated-{viewport}.png"), full_page=True)
    context.close()

    # The district: 待办 → the honour, its checks beside it; one unmet, so it passes only with a reason.
    context, page = _page(browser, live_server, "district-admin", viewport)
    page.goto(f"{url}/todo/")
    page.locator("a", has_text="王建国").first.click()
    checks = page.locator("[data-checks]")
    assert page.locator("[data-check='min_skill_level'][data-met='no']").count() == 1
    assert "三级/高级工" in checks.inner_text() and "首个项目" in checks.inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"talent-district-checks-{viewport}.png"), full_page=True)
    page.click("[data-decision='verify']")
    assert "资格条件未全部符合" in page.locator("body").inner_text()
    page.fill("textarea[name=reason]", "技师考核已通过，证书待发")
    page.click("[data-decision='verify']")
    page.wait_for_selector("[data-state='verified']")
    context.close()

    # The city confirms it.
    context, page = _page(browser, live_server, "city-admin", viewport)
    honour = Honour.objects.get(profile=profile)
    page.goto(f"{url}/talent/honours/{honour.pk}/")
    page.click("[data-decision='confirm']")
    page.wait_for_selector("[data-state='confirmed']")
    context.close()
    assert Honour.objects.get(pk=honour.pk).state == HonourState.CONFIRMED

    # The worker: 我的档案 shows the honour and the category; they make their honours public.
    context, page = _page(browser, live_server, "worker", viewport)
    page.goto(f"{url}/talent/mine/")
    assert "市级工匠" in page.locator("[data-categories]").inner_text()
    assert "市工匠" in page.locator("[data-honours]").inner_text()
    page.check("input[value=public]")
    page.check("input[value=public_honours]")
    page.click("[data-consent] button[type=submit]")
    page.wait_for_selector(".alert")
    page.screenshot(path=str(SCREENSHOTS / f"talent-profile-{viewport}.png"), full_page=True)
    context.close()
    assert TalentProfile.objects.get(pk=profile.pk).public_honours

    # Anyone: the public page shows the name, the employer, the category and the honour, and nothing else.
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.goto(f"{url}/people/{profile.pk}/")
    shown = page.locator("main").inner_text()
    assert "王建国" in shown and "市工匠" in shown and "示范电机有限公司" in shown
    worker = talent_city["worker"]
    for hidden in ("数控加工", "班组长", "三级/高级工", worker.reveal_mobile(), worker.reveal_id_number()):
        assert hidden not in page.content()
    page.screenshot(path=str(SCREENSHOTS / f"talent-public-{viewport}.png"), full_page=True)
    context.close()
