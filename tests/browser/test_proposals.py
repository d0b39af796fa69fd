"""A proposal from a worker's phone to a paid reward, in Chromium, with screenshots.

The worker uses a 390x844 phone viewport; the enterprise admin and finance use a desktop.
Screenshots go to test-artifacts/screenshots/proposal-*.png.
"""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, VIEWPORTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal, RewardShare
from zhichuang.proposals.search import proposal_reindex
from zhichuang.statistics.services import workforce_refresh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]

TITLE = "焊接夹具增加定位销，一次装夹到位"


@pytest.fixture
def plant(transactional_db):
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司")
    workshop = factories.make_department(enterprise, "装配车间")
    other = factories.make_enterprise(district, "鼓楼机械厂")
    worker = factories.make_worker(enterprise, name="王建国", department=workshop)
    User.objects.filter(pk=worker.user_id).update(username="worker")
    factories.make_worker(enterprise, name="王小红", department=workshop)
    factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise, username="enterprise-admin", display_name="吴晓梅")
    factories.make_admin(Role.FINANCE, enterprise, username="finance", display_name="冯丽")
    factories.make_reward_rule(enterprise, percent="5")
    # The same idea, already handed in at another enterprise: the similar panel should find it.
    elsewhere = factories.make_worker(other, name="赵刚")
    earlier = factories.make_proposal(
        elsewhere,
        state="submitted",
        title="焊接夹具加装定位销减少返工",
        problem="焊接夹具靠人工目测定位，装夹不准，返工多。",
        change="在夹具上增加定位销和限位块。",
    )
    proposal_reindex(proposal_id=earlier.pk)
    workforce_refresh()  # the hourly worker count (docs/statistics.md), as it stands when the story starts
    return {"worker": worker, "earlier": earlier}


def photo(tmp_path):
    path = tmp_path / "现场照片.jpg"
    image = Image.new("RGB", (640, 480), (90, 120, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def new_page(browser, live_server, username, viewport):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"proposal-{name}.png"), full_page=True)


def take(page, to_state, **fields):
    form = page.locator(f"form[data-action='{to_state}']")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-state='{to_state}']")


def test_worker_phone_to_paid_reward(live_server, plant, browser, tmp_path):  # noqa: F811
    # The worker, on a phone.
    context, page = new_page(browser, live_server, "worker", "phone")
    page.goto(live_server.url + reverse("proposals:new"))
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "innovation")
    page.fill("#id_problem", "焊接夹具靠人工目测定位，每班返工十多件。")
    page.fill("#id_change", "在夹具上加定位销和限位块，工件一次装夹到位。")
    page.fill("#id_expected_benefit", "每年少报废钢板约12吨，少返工400工时。")
    page.check("input[name=benefit_types][value=economic]")
    page.wait_for_selector("#zc-draft-status [data-level=success]")
    page.set_input_files("#zc-files", str(photo(tmp_path)))
    page.wait_for_selector("#zc-attachments img")
    if page.locator("#zc-similar").count():
        page.wait_for_selector("#zc-similar [data-similar]")
    shot(page, "1-worker-form-phone")
    page.click("button[data-zc-once]")
    page.wait_for_selector("[data-state='submitted']")
    proposal = Proposal.objects.get(title=TITLE)
    assert proposal.attachments.count() == 1 and proposal.number
    shot(page, "2-worker-submitted-phone")
    context.close()

    # The enterprise admin: similar proposals, scores, adoption, implementation, benefit claim.
    context, page = new_page(browser, live_server, "enterprise-admin", "desktop")
    page.goto(live_server.url + reverse("core:home"))
    assert TITLE in page.locator("[data-waiting]").first.inner_text()
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))
    take(page, "evaluating")
    if page.locator("#zc-similar").count():
        page.wait_for_selector(f"#zc-similar [data-similar='{plant['earlier'].pk}']")
    for field in page.locator("#zc-evaluation input[type=number]").all():
        field.fill("92")
    page.click("#zc-evaluation button[type=submit]")
    page.wait_for_selector("[data-aggregate]")
    shot(page, "3-admin-evaluating-desktop")
    take(page, "adopted")
    take(page, "implementing")
    take(page, "implemented", evidence="定位销和限位块已装到3台夹具上，试用一个月无返工。")
    page.click("#zc-benefit a")
    page.fill("#id_period_start", "2025-01-01")
    page.fill("#id_period_end", "2025-12-31")
    page.fill("#id_implementation_cost", "2000")
    page.select_option("#id_lines-0-category", "material")
    page.fill("#id_lines-0-description", "少报废钢板")
    page.fill("#id_lines-0-quantity", "12")
    page.fill("#id_lines-0-unit", "吨")
    page.fill("#id_lines-0-unit_price", "4500")
    shot(page, "4-admin-claim-desktop")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-claim-status='submitted']")
    context.close()

    # Finance verifies the savings.
    context, page = new_page(browser, live_server, "finance", "desktop")
    # Its 待办 card opens the claim itself, with the verify and return buttons: one tap.
    page.goto(live_server.url + reverse("core:home"))
    page.locator("[data-queue='proposals.claim_submitted'] a", has_text=TITLE).click()
    page.click("#zc-verify button.btn-success")
    page.wait_for_selector("[data-claim-status='verified']")
    shot(page, "5-finance-verified-desktop")
    context.close()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.VERIFIED and str(proposal.net_annual_benefit) == "52000.00"

    # The admin decides the reward; finance records the payout.
    context, page = new_page(browser, live_server, "enterprise-admin", "desktop")
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))
    page.click("#zc-reward button[type=submit]")
    page.wait_for_selector("[data-state='rewarded']")
    context.close()
    context, page = new_page(browser, live_server, "finance", "desktop")
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))
    page.fill("#zc-reward input[name=voucher_no]", "记-2026-0815")
    page.click("#zc-reward form button[type=submit]")
    page.wait_for_selector("#zc-reward .badge.text-bg-success")
    shot(page, "6-finance-paid-desktop")
    context.close()
    share = RewardShare.objects.get(reward__proposal=proposal)
    # 5,000 for the first grade + 5% of 52,000.
    assert (share.payout.status, str(share.amount)) == (PayoutStatus.PAID, "7600.00")

    # The worker sees it.
    context, page = new_page(browser, live_server, "worker", "phone")
    page.goto(live_server.url + reverse("payouts:mine"))
    assert page.locator("[data-paid]").inner_text() == "¥7,600.00"
    shot(page, "7-worker-rewards-phone")
    page.goto(live_server.url + reverse("proposals:detail", args=[proposal.pk]))
    shot(page, "8-worker-detail-phone")
    context.close()

    # The enterprise's statistics count it, and the figure leads to the list it comes from.
    context, page = new_page(browser, live_server, "enterprise-admin", "desktop")
    page.goto(live_server.url + reverse("statistics:page"))
    figures = {
        name: page.locator(f"[data-figure='{name}'] .zc-stat-value").first.inner_text()
        for name in ("submitted", "participation", "adopted", "implemented", "savings", "rewards-paid")
    }
    assert figures == {
        "submitted": "1",
        "participation": "50.0%",  # one of the enterprise's two workers
        "adopted": "1",
        "implemented": "1",
        "savings": "¥52,000",
        "rewards-paid": "¥7,600",
    }
    shot(page, "9-admin-statistics-desktop")
    page.click("[data-figure='submitted']")
    page.wait_for_selector(f"[data-proposal='{proposal.pk}']")
    assert page.locator("[data-proposal]").count() == 1
    context.close()


def test_autosave_shows_a_form_error_answered_400(live_server, plant, browser):  # noqa: F811
    """The autosave answers a form error with 400 (tests/security/test_input_boundary.py); htmx must still
    swap it in (core/static/zhichuang/app.js), or the worker would see nothing while nothing is saved."""
    context, page = new_page(browser, live_server, "worker", "phone")
    page.goto(live_server.url + reverse("proposals:new"))
    page.fill("#id_title", TITLE)
    page.wait_for_selector("#zc-draft-status [data-level=success]")
    page.fill("input[name=share]", "NaN")
    warning = page.wait_for_selector("#zc-draft-status [data-level=warning]")
    assert "份额" in warning.inner_text()
    assert Proposal.objects.get(title=TITLE).members.get().share == 100
    context.close()
