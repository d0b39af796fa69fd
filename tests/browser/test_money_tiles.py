"""The money tiles of a benefit claim fit their figures on phones, two tiles to a row (Chromium)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.browser.test_pages import CHROMIUM, SCREENSHOTS, browser, login  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.proposals.models import BenefitClaim

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def claim(transactional_db):
    city = factories.make_city("示范市总工会")
    enterprise = factories.make_enterprise(factories.make_district(city, "鼓楼区总工会"), "示范电机有限公司")
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, enterprise)
    finance = factories.make_admin(Role.FINANCE, enterprise, username="finance")
    proposal = factories.make_proposal(factories.make_worker(enterprise), state="implemented")
    claim = factories.make_verified_claim(proposal, verifier=finance, creator=admin, net="365000.00")
    BenefitClaim.objects.filter(pk=claim.pk).update(annual_gross="1369637.82", implementation_cost="1004637.82")
    return claim


@pytest.mark.parametrize("width", [320, 360, 390])
def test_claim_money_tiles_fit_their_figures_on_a_phone(live_server, claim, browser, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "finance")
    page.goto(live_server.url + reverse("proposals:claim_detail", args=[claim.proposal_id, claim.pk]))
    figures = page.locator(".zc-money .zc-stat-value").evaluate_all(
        "els => els.map(e => [e.innerText, e.scrollWidth <= e.clientWidth, e.getBoundingClientRect().height])"
    )
    assert [text for text, _, _ in figures] == ["¥365,000.00", "¥1,369,637.82", "¥1,004,637.82", "¥365,000.00"]
    assert all(fits for _, fits, _ in figures), figures
    assert len({round(height) for _, _, height in figures}) == 1  # one line each, none wrapped
    page.screenshot(path=str(SCREENSHOTS / f"claim-tiles-{width}.png"))
    context.close()
