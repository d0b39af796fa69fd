"""待办 in Chromium, each role at phone and desktop size: from the home page to the next step in at most
two taps, the counts before and after, the timeline's next step, one 催办 and one batch payout.
Screenshots go to test-artifacts/screenshots/todo-*.png."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.notifications.models import Notification
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.proposals.enums import ProposalState, RecommendationLevel
from zhichuang.proposals.models import Proposal, RewardShare
from zhichuang.todo.models import Chase

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]
S = ProposalState


@pytest.fixture
def works(transactional_db):
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    lead = factories.make_worker(enterprise, name="王建国")
    colleague = factories.make_worker(enterprise, name="王小红")
    User.objects.filter(pk=lead.user_id).update(username="worker")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    finance = factories.make_admin(Role.FINANCE, enterprise, username="finance", display_name="钱会计")
    factories.make_admin(Role.EVALUATOR, enterprise, username="evaluator", display_name="孙评审")
    submitted = [factories.make_proposal(lead, state=S.SUBMITTED, title=f"冷却泵密封改进{n}") for n in range(3)]
    rewarded = factories.make_rewarded_proposal(lead, co_proposer=colleague, admin=admin, finance=finance)
    factories.make_admin(Role.DISTRICT_ADMIN, district, username="district-admin", display_name="区总工会")
    factories.make_admin(Role.CITY_ADMIN, city, username="city-admin", display_name="市总工会")
    to_district = factories.make_proposal(lead, state=S.ADOPTED, title="推荐到区的项目")
    to_city = factories.make_proposal(lead, state=S.ADOPTED, title="推荐到市的项目")
    Proposal.objects.filter(pk=to_district.pk).update(recommended_level=RecommendationLevel.ENTERPRISE)
    Proposal.objects.filter(pk=to_city.pk).update(recommended_level=RecommendationLevel.DISTRICT)
    late = factories.make_proposal(lead, state=S.ADOPTED, title="超期未实施的项目")
    Proposal.objects.filter(pk=late.pk).update(due_at=timezone.now() - timezone.timedelta(days=3))
    return {"submitted": submitted, "rewarded": rewarded, "admin": admin, "late": late}


def page_for(browser, live_server, username, viewport):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def menu_count(page) -> str:
    entry = page.locator(f"a.nav-link[href='{reverse('todo:todo')}'] .badge")
    return entry.text_content().strip() if entry.count() else ""  # the menu is folded away on a phone


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_role_reaches_its_next_step_chases_and_pays_in_a_batch(live_server, works, browser, viewport):  # noqa: F811
    url = live_server.url

    # The worker: the timeline names who holds the step, and 催办 tells them (one tap from the home page's list).
    context, page = page_for(browser, live_server, "worker", viewport)
    page.goto(url + reverse("todo:todo") + "?tab=started")
    page.locator("a", has_text="冷却泵密封改进0").click()
    step = page.locator("[data-next-step='proposals.submitted']")
    assert "示范电机有限公司" in step.inner_text() and "待受理" in step.inner_text()
    page.click("[data-chase]")
    page.wait_for_selector("[data-last-chase]")
    assert page.locator("[data-chase]").count() == 0  # once a day
    page.screenshot(path=str(SCREENSHOTS / f"todo-worker-chased-{viewport}.png"), full_page=True)
    context.close()
    assert Notification.objects.filter(kind="todo.chase", user=works["admin"]).count() == 1

    # The enterprise admin: 待受理 3 on the home page, accepted together in two taps.
    context, page = page_for(browser, live_server, "enterprise-admin", viewport)
    assert menu_count(page) == "8"  # 3 to accept, 3 to implement, 2 shares to pay out
    card = page.locator("[data-queue='proposals.submitted']")
    assert card.locator("[data-count]").inner_text() == "3"
    card.locator("[data-count]").click()
    page.click("[data-zc-select-all]")
    page.screenshot(path=str(SCREENSHOTS / f"todo-admin-batch-{viewport}.png"), full_page=True)
    page.click("[data-batch-accept]")
    page.wait_for_selector("text=已受理 3 个项目")
    page.goto(url + reverse("core:home"))
    assert page.locator("[data-queue='proposals.submitted']").count() == 0
    assert page.locator("[data-queue='proposals.to_decide']").count() == 0  # nobody has scored them yet
    context.close()

    # The evaluator: 待评分 3, each proposal one tap away.
    context, page = page_for(browser, live_server, "evaluator", viewport)
    card = page.locator("[data-queue='proposals.evaluating']")
    assert card.locator("[data-count]").inner_text() == "3"
    card.locator("a", has_text="冷却泵密封改进1").click()
    page.wait_for_selector("[data-state='evaluating']")
    if viewport == "phone":  # the text and files first, then the scorecard
        text, scores = page.locator("#zc-proposal-text").bounding_box(), page.locator("#zc-evaluation").bounding_box()
        assert text["y"] < scores["y"]
    page.screenshot(path=str(SCREENSHOTS / f"todo-evaluator-{viewport}.png"), full_page=True)
    context.close()

    # Finance: 待发放奖励 2, paid with one voucher in two taps, and the count goes.
    context, page = page_for(browser, live_server, "finance", viewport)
    card = page.locator("[data-queue='payouts.pending']")
    assert card.locator("[data-count]").inner_text() == "2"
    card.locator("[data-count]").click()
    page.click("[data-zc-select-all]")
    page.fill("#batch-voucher", "记-2026-118")
    page.screenshot(path=str(SCREENSHOTS / f"todo-finance-batch-{viewport}.png"), full_page=True)
    page.click("[data-batch-pay]")
    page.wait_for_selector("text=已登记 2 笔奖励发放")
    page.goto(url + reverse("core:home"))
    assert page.locator("[data-queue='payouts.pending']").count() == 0
    context.close()
    shares = RewardShare.objects.filter(reward__proposal=works["rewarded"])
    assert set(shares.values_list("payout__status", "payout__voucher_no")) == {(PayoutStatus.PAID, "记-2026-118")}

    # The district: what is recommended to it one tap away; its units' late steps chased in one action.
    context, page = page_for(browser, live_server, "district-admin", viewport)
    card = page.locator("[data-queue='proposals.recommended_to_district']")
    assert card.locator("[data-count]").inner_text() == "2"  # and the rewarded one its enterprise recommended
    assert page.locator("[data-queue='proposals.submitted']").count() == 0  # the enterprise's, not its own
    page.click("[data-chase-all]")
    page.wait_for_selector("text=已催办 1 个超期环节")
    page.screenshot(path=str(SCREENSHOTS / f"todo-district-{viewport}.png"), full_page=True)
    page.locator("[data-queue='proposals.recommended_to_district'] a", has_text="推荐到区的项目").click()
    page.wait_for_selector("#zc-proposal-state")
    context.close()
    assert Chase.objects.filter(object_id=works["late"].pk).count() == 1

    # The city: the district's recommendations to it.
    context, page = page_for(browser, live_server, "city-admin", viewport)
    card = page.locator("[data-queue='proposals.recommended_to_city']")
    assert card.locator("[data-count]").inner_text() == "1"
    card.locator("a", has_text="推荐到市的项目").click()
    page.wait_for_selector("#zc-proposal-state")
    page.screenshot(path=str(SCREENSHOTS / f"todo-city-{viewport}.png"), full_page=True)
    context.close()
