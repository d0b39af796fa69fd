"""Duplicate hints a worker sees on the phone (issue 12, 3): typing a proposal that another enterprise
already handed in shows a notice right under the title, marked as a likely duplicate, expandable in place;
another unit's proposal opens as a card of its title, enterprise, state and year; a new topic shows no
weak matches. Screenshots: test-artifacts/screenshots/similar-*.png."""

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from tests.proposals.test_similar_panel import BACKGROUND, PUMP
from zhichuang.accounts.models import User
from zhichuang.proposals.search import proposal_reindex

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def plant(transactional_db):
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    other = factories.make_enterprise(district, "鼓楼机械厂")
    worker = factories.make_worker(enterprise, name="王建国")
    User.objects.filter(pk=worker.user_id).update(username="worker")
    elsewhere = factories.make_worker(other, name="赵刚", mobile="13811112222")
    planted = factories.make_proposal(elsewhere, state="submitted", **PUMP)
    proposals = [planted]
    for title, problem, change in BACKGROUND:
        proposals.append(
            factories.make_proposal(elsewhere, state="submitted", title=title, problem=problem, change=change)
        )
    for proposal in proposals:
        proposal_reindex(proposal_id=proposal.pk)
    return {"planted": planted}


def test_phone_notice_under_the_title_marks_a_planted_duplicate(live_server, plant, browser):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "worker")
    page.goto(live_server.url + reverse("proposals:new"))
    page.fill("#id_title", PUMP["title"])
    page.fill("#id_problem", PUMP["problem"] + PUMP["change"])
    notice = page.locator("#zc-similar-notice > details")
    notice.wait_for()
    summary = notice.locator("summary").first.inner_text()
    assert "可能与" in summary and "个已有项目相似" in summary and "可能重复" in summary
    # Right under the title field, in the first screen, not 1,550 px down under the submit bar.
    title_box = page.locator("#id_title").bounding_box()
    notice_box = notice.bounding_box()
    assert 0 <= notice_box["y"] - (title_box["y"] + title_box["height"]) < 60
    assert notice_box["y"] + notice_box["height"] < VIEWPORTS["phone"]["height"]
    page.screenshot(path=str(SCREENSHOTS / "similar-1-notice-phone.png"))
    # Expanded in place: the planted proposal first, marked as a likely duplicate.
    notice.locator("summary").first.click()
    planted = plant["planted"]
    item = notice.locator(f"[data-similar='{planted.pk}']")
    assert item.get_attribute("data-match") == "duplicate"
    assert item.locator(".badge.text-bg-danger").inner_text().strip() == "可能重复"
    # Another enterprise's proposal: a card of what may be shown, no link, nobody's name.
    item.locator("details summary").click()
    card = item.locator(f"[data-similar-card='{planted.pk}']")
    card.wait_for()
    text = card.inner_text()
    assert (
        PUMP["title"] in text and "鼓楼机械厂" in text and "已提交" in text and str(planted.submitted_at.year) in text
    )
    assert item.locator("a").count() == 0
    whole = page.content()
    for secret in ("赵刚", "13811112222", PUMP["problem"][:20], PUMP["change"][:20]):
        assert secret not in whole.replace(page.locator("#id_problem").input_value(), "")
    page.screenshot(path=str(SCREENSHOTS / "similar-2-expanded-phone.png"))

    # A new topic: nothing weak is shown, and the notice goes away.
    page.fill("#id_title", "职工书屋图书借阅登记改为扫码")
    page.fill("#id_problem", "书屋借书靠手写登记本，还书日期没人记，书常常找不回来。")
    page.wait_for_selector("#zc-similar >> text=暂未发现相似项目")
    assert page.locator("#zc-similar [data-similar]").count() == 0
    assert page.locator("#zc-similar-notice > details").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "similar-3-new-topic-phone.png"))
    context.close()
