"""Named methods in Chromium, at phone and desktop size: an enterprise union enters its worker's method and
applies for the enterprise's recognition, endorses it, invites an expert matched from the pool (a colleague of
the same employer is excluded, with the reason shown), the expert scores it with the shared scorecard, the
union recognises it, the inventor consents, and the method appears in the public registry. Screenshots go to
test-artifacts/screenshots/methods-*.png."""

import pytest

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.experts.models import TechnicalField
from zhichuang.methods.enums import ApplicationState
from zhichuang.methods.models import MethodApplication, NamedMethod

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


def _named(worker, username):
    User.objects.filter(pk=worker.user_id).update(username=username)


@pytest.fixture
def methods_city(transactional_db):
    TechnicalField.objects.get_or_create(name="汽车制造")  # a transactional test empties the seeded list
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范汽车有限公司", industry="36")
    other = factories.make_enterprise(district, "示范客车有限公司", industry="36")
    worker = factories.make_worker(enterprise, name="王洪军", trade="钣金工")
    _named(worker, "worker")
    factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    factories.make_admin(Role.CITY_ADMIN, city, username="city-admin", display_name="市总工会")
    outside = factories.make_worker(other, name="李振华")
    _named(outside, "expert")
    colleague = factories.make_worker(enterprise, name="钱国栋")
    _named(colleague, "colleague")
    matched = factories.make_expert(worker=outside, fields=("汽车制造",), expertise="汽车钣金 车身修复")
    excluded = factories.make_expert(worker=colleague, fields=("汽车制造",))
    return {"worker": worker, "matched": matched, "excluded": excluded}


def _page(browser, live_server, username, viewport):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, username)
    return context, page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_method_passes_expert_review_and_appears_in_the_public_registry(live_server, methods_city, browser, viewport):  # noqa: F811
    url = live_server.url
    matched, excluded = methods_city["matched"], methods_city["excluded"]

    # The enterprise union enters its worker's method and applies for the enterprise's recognition.
    context, page = _page(browser, live_server, "enterprise-admin", viewport)
    page.goto(f"{url}/methods/new/")
    page.fill("input[name=name]", "王洪军汽车钣金操作法")
    page.fill("input[name=trade]", "钣金工")
    page.select_option("select[name=field]", label="汽车制造")
    page.fill("textarea[name=description]", "车身凹陷钣金修复的快速操作法，不拆内饰即可修复，修复时间缩短一半。")
    page.fill("textarea[name=steps]", "确定凹陷范围\n选择拉拔点\n分段拉拔整形\n打磨复检")
    page.fill("input[name=inventor_1]", "王洪军")
    page.fill("input[name=share_1]", "100")
    page.click("[data-method-form] button[type=submit]")
    page.wait_for_selector("[data-method-facts]")
    page.click("[data-step='apply']")
    page.wait_for_selector("[data-state='applied']")
    page.fill("textarea[name=reason]", "同意推荐")
    page.click("[data-step='endorse']")
    page.wait_for_selector("[data-state='reviewing']")

    # Experts from the pool: the matched one with its reasons, the colleague excluded with the reason.
    page.click("[data-experts]")
    suggestion = page.locator(f"[data-suggestion='{matched.pk}']")
    assert "领域匹配：汽车制造" in suggestion.inner_text()
    assert "同一单位" in page.locator(f"[data-excluded-expert='{excluded.pk}']").inner_text()
    assert page.locator(f"[data-suggestion='{excluded.pk}']").count() == 0
    page.screenshot(path=str(SCREENSHOTS / f"methods-experts-{viewport}.png"), full_page=True)
    suggestion.locator("input[type=checkbox]").check()
    page.click("[data-invite]")
    page.wait_for_selector("[data-invited] [data-assignment]")
    context.close()

    # The expert opens the one method and scores it with the scorecard.
    application = MethodApplication.objects.get()
    context, page = _page(browser, live_server, "expert", viewport)
    page.goto(f"{url}/methods/applications/{application.pk}/review/")
    assert "不拆内饰" in page.locator("[data-review-text]").inner_text()
    for key, score in (("originality", "92"), ("advancement", "88"), ("soundness", "90"), ("spread", "86")):
        page.fill(f"input[name=score_{key}]", score)
    page.screenshot(path=str(SCREENSHOTS / f"methods-review-{viewport}.png"), full_page=True)
    page.click("[data-score]")
    page.wait_for_selector(".alert")
    context.close()

    # The union recognises it at the enterprise's level.
    context, page = _page(browser, live_server, "enterprise-admin", viewport)
    method = NamedMethod.objects.get()
    page.goto(f"{url}/methods/{method.pk}/")
    assert "89.00" in page.locator("[data-score]").inner_text()
    page.click("[data-step='recognise']")
    page.wait_for_selector("[data-state='recognised']")
    page.screenshot(path=str(SCREENSHOTS / f"methods-recognised-{viewport}.png"), full_page=True)
    context.close()
    assert MethodApplication.objects.get().state == ApplicationState.RECOGNISED

    # The inventor agrees to the public listing.
    context, page = _page(browser, live_server, "worker", viewport)
    page.goto(f"{url}/methods/mine/")
    page.locator("[data-my-methods] a", has_text="王洪军汽车钣金操作法").click()
    page.check("[data-consent] input[name=consent]")
    page.click("[data-consent] button[type=submit]")
    page.wait_for_selector("[data-public]")
    context.close()

    # Anyone: the public registry lists it, with no personal data.
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.goto(f"{url}/named-methods/")
    page.locator("[data-public-methods] a", has_text="王洪军汽车钣金操作法").click()
    shown = page.locator("main").inner_text()
    assert "王洪军" in shown and "示范汽车有限公司" in shown and "分段拉拔整形" in shown
    worker = methods_city["worker"]
    for hidden in (worker.reveal_mobile(), worker.reveal_id_number(), "李振华", "89.00", "同意推荐"):
        assert hidden not in page.content()
    page.screenshot(path=str(SCREENSHOTS / f"methods-public-{viewport}.png"), full_page=True)
    context.close()
