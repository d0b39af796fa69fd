"""The worker's form and submitted page on a 390x844 phone, in Chromium: errors that go once a field is
filled, targets of at least 44 px, and the withdraw box kept closed until asked for.

Screenshots go to test-artifacts/screenshots/worker-*.png.
"""

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.models import User
from zhichuang.proposals.models import Proposal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

TITLE = "冷却泵密封圈改用耐高温材料"
MIN_TARGET = 44

# The size of each visible target: a control, a button, a checkbox with its words (the label is the target).
TARGETS = """root => Array.from(root.querySelectorAll(
    "input:not([type=hidden]):not([type=checkbox]):not(.visually-hidden), select, textarea, .btn, label.zc-check, "
    + "summary"
  )).filter(e => e.offsetParent !== null).map(e => {
    const box = e.getBoundingClientRect();
    return {what: e.name || e.id || e.textContent.trim().slice(0, 12), width: box.width, height: box.height};
  })"""


@pytest.fixture
def worker(transactional_db):
    city = factories.make_city("示范市总工会")
    enterprise = factories.make_enterprise(factories.make_district(city, "鼓楼区总工会"), "示范电机有限公司")
    worker = factories.make_worker(enterprise, name="王建国")
    User.objects.filter(pk=worker.user_id).update(username="worker")
    return worker


def invalid(page) -> list[str]:
    return page.locator("#zc-proposal-form .is-invalid").evaluate_all("els => els.map(e => e.name)")


def messages_shown(page) -> int:
    return page.locator("#zc-proposal-form .invalid-feedback:visible").count()


def small_targets(page, root) -> list[dict]:
    sizes = page.locator(root).evaluate(TARGETS)
    assert sizes, root
    return [s for s in sizes if s["height"] < MIN_TARGET or s["width"] < MIN_TARGET]


def test_worker_form_errors_go_once_filled_targets_are_44px_and_withdraw_waits(live_server, worker, browser):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "worker")
    page.goto(live_server.url + reverse("proposals:new"))
    page.click("button[data-zc-once]")
    page.wait_for_selector("#id_title.is-invalid")
    assert invalid(page) == ["title", "kind", "problem", "change"] and messages_shown(page) == 4
    page.screenshot(path=str(SCREENSHOTS / "worker-1-required-phone.png"), full_page=True)

    # Filling a field takes its error away at once; emptying it brings the error back.
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "innovation")
    assert invalid(page) == ["problem", "change"] and messages_shown(page) == 2
    page.fill("#id_title", "")
    assert invalid(page) == ["title", "problem", "change"] and messages_shown(page) == 3
    page.fill("#id_title", TITLE)
    page.fill("#id_problem", "冷却泵密封圈三个月就老化漏水，每次停机检修半天。")
    page.fill("#id_change", "改用氟橡胶密封圈，并在泵体加装温度报警。")
    assert invalid(page) == [] and messages_shown(page) == 0

    # Every target of the form is at least 44 px each way; a tick box is its whole labelled tile.
    assert small_targets(page, "#zc-proposal-form") == []
    tiles = page.locator("label.zc-check:has(input[name=benefit_types])")
    assert tiles.count() == 5
    for tile in tiles.all():
        box = tile.bounding_box()
        assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET
    box = page.locator("input[name=benefit_types][value=economic]").bounding_box()
    assert box["width"] >= 20 and box["height"] >= 20  # the box itself is visible at a glance (it was 13 px)
    economic = tiles.filter(has=page.locator("input[value=economic]"))
    # Clear of the sticky submit bar (instant: Bootstrap scrolls smoothly).
    economic.evaluate("tile => tile.scrollIntoView({block: 'center', behavior: 'instant'})")
    tile = economic.bounding_box()
    x, y = tile["x"] + tile["width"] - 4, tile["y"] + tile["height"] - 4
    page.mouse.click(x, y)  # the tile's far corner
    assert page.locator("input[name=benefit_types][value=economic]").is_checked()
    page.screenshot(path=str(SCREENSHOTS / "worker-2-filled-phone.png"), full_page=True)
    page.wait_for_selector("#zc-draft-status [data-level=success]")
    page.click("button[data-zc-once]")
    page.wait_for_selector("[data-state='submitted']")
    assert Proposal.objects.get(title=TITLE).benefit_types == ["economic"]

    # The submitted page opens with a button to withdraw, not the box and its reason field.
    page.screenshot(path=str(SCREENSHOTS / "worker-3-submitted-phone.png"), full_page=True)
    withdraw = page.locator("details[data-collapsed-action='withdrawn']")
    assert withdraw.locator("summary").is_visible() and withdraw.locator("summary").inner_text().strip() == "撤回"
    assert not withdraw.locator("textarea[name=reason]").is_visible()
    assert small_targets(page, "#zc-actions") == []
    withdraw.locator("summary").click()
    assert withdraw.locator("textarea[name=reason]").is_visible()
    assert withdraw.locator("button[type=submit]").inner_text().strip() == "确认撤回"
    page.screenshot(path=str(SCREENSHOTS / "worker-4-withdraw-opened-phone.png"), full_page=True)
    assert small_targets(page, ".zc-main") == []
    context.close()
