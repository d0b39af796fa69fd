"""Each demo role logs in through the login form in Chromium and lands on its home page.

Run at a desktop and at a phone viewport; screenshots go to test-artifacts/screenshots/.
"""

import re
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse

from tests import factories
from zhichuang.accounts.models import User
from zhichuang.accounts.roles import Role

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ZHICHUANG_RED = "rgb(183, 28, 28)"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def demo(transactional_db):
    """A small city with one account per demo role; returns {role: (username, text its home must show)}."""
    city = factories.make_city("示范市总工会")
    district = factories.make_district(city, "鼓楼区总工会")
    enterprise = factories.make_enterprise(district, "示范电机有限公司", headcount=860, union_chair="刘洋")
    workshop = factories.make_department(enterprise, "装配车间")
    factories.make_department(enterprise, "质检部")
    other = factories.make_enterprise(district, "鼓楼纺织厂")
    worker = factories.make_worker(enterprise, name="王建国", department=workshop, trade="钳工", skill_level=2)
    User.objects.filter(pk=worker.user_id).update(username="worker")
    for n in range(8):
        factories.make_worker(other if n % 2 else enterprise, name=f"李{'明华强伟芳静丽军'[n]}")
    accounts = {
        "city-admin": (Role.CITY_ADMIN, city, "周海燕", "示范市总工会"),
        "district-admin": (Role.DISTRICT_ADMIN, district, "孙立军", "鼓楼区总工会"),
        "enterprise-admin": (Role.ENTERPRISE_ADMIN, enterprise, "吴晓梅", "示范电机有限公司"),
        "evaluator": (Role.EVALUATOR, enterprise, "郑国平", "示范电机有限公司"),
        "finance": (Role.FINANCE, enterprise, "冯丽", "示范电机有限公司"),
        "expert": (Role.EXPERT, city, "陈教授", "示范市总工会"),
        "sysadmin": (Role.SYSADMIN, city, "系统管理员", ""),
        "secadmin": (Role.SECADMIN, city, "安全管理员", ""),
        "auditor": (Role.AUDITOR, city, "审计管理员", ""),
    }
    expected = {"worker": (Role.WORKER, "王建国")}
    for username, (role, org, display_name, text) in accounts.items():
        factories.make_admin(role, org, username=username, display_name=display_name)
        expected[username] = (role, text)
    return expected


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        violations = _watch_for_csp_violations(chromium, monkeypatch)
        yield chromium
        assert violations == [], "the Content-Security-Policy blocked something on a page"
        # While Playwright's loop is set, Django keeps this thread's connections apart from the
        # ones it has outside it (asgiref's Local follows the running loop): a connection the test
        # opened in here is closed in here, or it outlives the test database and PostgreSQL refuses
        # to drop it at the end of the run ("is being accessed by other users").
        connections.close_all()
        chromium.close()


CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked} in ${event.sourceFile}`);
});
"""


def _watch_for_csp_violations(chromium, monkeypatch) -> list[str]:
    """Every page of every browser test reports what the Content-Security-Policy blocked; the test fails on any."""
    violations: list[str] = []

    def watch(target):
        target.add_init_script(CSP_WATCH)
        target.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text or "CSP violation" in message.text
                else None
            ),
        )
        return target

    new_page, new_context = chromium.new_page, chromium.new_context
    monkeypatch.setattr(chromium, "new_page", lambda *args, **kwargs: watch(new_page(*args, **kwargs)))
    monkeypatch.setattr(chromium, "new_context", lambda *args, **kwargs: watch(new_context(*args, **kwargs)))
    return violations


def login(page, live_server, username):
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("core:home"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_demo_role_logs_in_and_sees_its_home(live_server, demo, browser, viewport):
    for username, (role, text) in demo.items():
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
        page = context.new_page()
        login(page, live_server, username)
        section = page.locator(f"section[data-role='{role}']")
        assert section.is_visible(), username
        if text:
            assert text in section.inner_text(), username
        # The stylesheet really loaded (served from node_modules through the static files handler).
        top_bar = page.locator("header.zc-topbar")
        assert top_bar.evaluate("el => getComputedStyle(el).backgroundColor") == ZHICHUANG_RED
        page.screenshot(path=str(SCREENSHOTS / f"home-{username}-{viewport}.png"), full_page=True)
        context.close()


def test_role_specific_home_content(live_server, demo, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    login(page, live_server, "sysadmin")
    assert page.locator(f"section[data-role='sysadmin'] a[href='{reverse('admin:index')}']").is_visible()
    context.close()
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    login(page, live_server, "auditor")
    assert page.locator(f"section[data-role='auditor'] a[href='{reverse('audit:list')}']").is_visible()
    # The auditor's menu offers the audit log and nothing about people or roles.
    menu = page.locator("#zc-nav").inner_text()
    page.goto(live_server.url + reverse("audit:list"))
    page.screenshot(path=str(SCREENSHOTS / "audit-log-desktop.png"), full_page=True)
    context.close()
    assert reverse("accounts:worker_list") not in menu


AUDIT_VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", AUDIT_VIEWPORTS)
def test_audit_log_reads_in_words(live_server, demo, browser, viewport):
    """The auditor reads logins, an edit and a grant as words: labels, "<type> <name>", "field: old → new"."""
    from zhichuang.accounts import services as account_services
    from zhichuang.orgs import services as org_services
    from zhichuang.orgs.models import Organization

    city_admin = User.objects.get(username="city-admin")
    mill = Organization.objects.get(name="鼓楼纺织厂")
    org_services.organization_update(actor=city_admin, organization=mill, name="鼓楼纺织二厂")
    secadmin = User.objects.get(username="secadmin")
    evaluator = User.objects.get(username="expert")
    account_services.role_grant(actor=secadmin, user=evaluator, role=Role.EXPERT, organization=mill)
    mobile = factories.new_mobile()
    context = browser.new_context(viewport=AUDIT_VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", mobile)
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    login(page, live_server, "auditor")
    page.goto(live_server.url + reverse("audit:list"))
    rows = page.locator("table tbody tr")
    edit = rows.filter(has_text="修改组织")
    assert edit.locator("td[data-label='对象']").inner_text() == "组织 鼓楼纺织二厂"
    assert edit.locator("td[data-label='变更内容'] li").inner_text() == "名称: 鼓楼纺织厂 → 鼓楼纺织二厂"
    grant = rows.filter(has_text="授予角色")
    assert grant.locator("td[data-label='对象']").inner_text() == "账号 陈教授"
    assert "角色: 专家" in grant.locator("td[data-label='变更内容']").inner_text()
    failed = rows.filter(has_text="登录失败")
    assert failed.locator("td[data-label='对象']").inner_text() == f"账号 {mobile[:3]}****{mobile[-4:]}"
    logins = rows.filter(has=page.locator("td[data-label='操作']:text-is('登录')"))
    assert logins.filter(has=page.locator("td[data-label='对象']:text-is('账号 审计管理员')")).count() == 1
    table = page.locator("table").inner_text()
    for hidden in ("auth.login", "org.update", "role.grant", "accounts.user", "orgs.organization", mobile):
        assert hidden not in table, hidden
    page.screenshot(path=str(SCREENSHOTS / f"audit-log-words-{viewport}.png"), full_page=True)
    # The action filter is a list of the labels: choosing one narrows the log to it.
    page.select_option("#id_action", label="修改组织")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**action=org.update**")
    assert page.locator("table tbody tr").count() == 1
    assert page.locator("table tbody tr").inner_text().count("鼓楼纺织二厂") >= 1
    context.close()


def test_phone_menu_tree_people_and_profile(live_server, demo, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.screenshot(path=str(SCREENSHOTS / "login-phone.png"), full_page=True)
    login(page, live_server, "district-admin")
    # The menu sits behind the hamburger button on a phone.
    assert not page.locator("#zc-nav").is_visible()
    page.click("button[aria-controls=zc-nav]")
    page.locator("#zc-nav").wait_for(state="visible")
    menu = page.locator("#zc-nav")
    for entry in ("orgs:tree", "accounts:worker_list"):
        assert menu.locator(f"a[href='{reverse(entry)}']").is_visible(), entry
    assert menu.locator(f"a[href='{reverse('admin:index')}']").count() == 0  # not a system administrator
    page.screenshot(path=str(SCREENSHOTS / "menu-phone.png"))
    page.click(f"#zc-nav a[href='{reverse('orgs:tree')}']")
    # Expand the district, then the enterprise: htmx loads each level.
    page.click("button[data-zc-toggle]")
    page.get_by_text("示范电机有限公司").wait_for()
    assert page.get_by_text("鼓楼纺织厂").is_visible()
    page.locator(".zc-node:has(a:text-is('示范电机有限公司')) button[data-zc-toggle]").click()
    page.get_by_text("装配车间").wait_for()
    assert page.get_by_text("质检部").is_visible()
    assert "示范市总工会" not in page.locator("main").inner_text()  # the city above the district is not its own
    page.screenshot(path=str(SCREENSHOTS / "tree-phone.png"), full_page=True)

    page.goto(live_server.url + reverse("accounts:worker_list"))
    rows = page.locator("table tbody tr")
    # Everyone of the district: 王建国 and the eight 李 at both enterprises, each with a masked mobile number.
    assert rows.count() == 9
    listed = rows.all_inner_texts()
    assert any("王建国" in row and "示范电机有限公司" in row and "装配车间" in row for row in listed)
    assert any("李华" in row and "鼓楼纺织厂" in row for row in listed)
    mobiles = page.locator("td.font-monospace").all_inner_texts()
    assert len(mobiles) == 9 and all(re.fullmatch(r"\d{3}\*{4}\d{4}", mobile) for mobile in mobiles), mobiles
    page.screenshot(path=str(SCREENSHOTS / "people-phone.png"), full_page=True)

    page.click("text=王建国")
    page.get_by_text("装配车间").first.wait_for()
    assert page.locator("h1").inner_text() == "王建国"
    profile = page.locator("main").inner_text()
    for shown in ("示范电机有限公司", "装配车间", "钳工"):
        assert shown in profile, shown
    masked = page.locator("#zc-pii dd").all_inner_texts()
    assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", masked[0]) and re.fullmatch(r"\d{3}\*{4}\d{4}", masked[1]), masked
    # Without the personal-data permission there is nothing to reveal.
    assert page.locator("#zc-pii button[type=submit]").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "profile-phone.png"), full_page=True)
    context.close()


def test_desktop_people_and_pii_reveal(live_server, demo, browser):
    User.objects.get(username="enterprise-admin").role_assignments.update(can_view_pii=True)
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "enterprise-admin")
    page.goto(live_server.url + reverse("accounts:worker_list"))
    page.screenshot(path=str(SCREENSHOTS / "people-desktop.png"), full_page=True)
    page.click("text=王建国")
    masked = page.locator("#zc-pii dd").first.inner_text()
    assert "*" in masked
    page.click("#zc-pii button[type=submit]")
    page.locator("#zc-pii .alert").wait_for()
    revealed = page.locator("#zc-pii dd").first.inner_text()
    assert "*" not in revealed and len(revealed) == 18
    page.screenshot(path=str(SCREENSHOTS / "profile-revealed-desktop.png"), full_page=True)
    context.close()


def test_desktop_roles_page_and_language_switch(live_server, demo, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    page = context.new_page()
    login(page, live_server, "secadmin")
    page.goto(live_server.url + reverse("accounts:role_list"))
    assert page.locator("h1").inner_text() == "角色授权"
    rows = page.locator("table tbody tr").all_inner_texts()
    # The security administrator sees every grant of the city, each with its role and organisation.
    for name, role, org in (
        ("吴晓梅", "企业工会管理员", "示范电机有限公司"),
        ("孙立军", "县(市、区)总工会管理员", "鼓楼区总工会"),
        ("审计管理员", "审计管理员", "示范市总工会"),
    ):
        assert any(name in row and role in row and org in row for row in rows), (name, role, org)
    # It grants roles but sees no one's personal data: no people list in its menu.
    menu = page.locator("#zc-nav")
    assert menu.locator(f"a[href='{reverse('accounts:worker_list')}']").count() == 0
    assert page.locator("form select[name=role]").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "roles-desktop.png"), full_page=True)
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Roles"
    page.goto(live_server.url + reverse("orgs:tree"))
    assert page.locator("h1").inner_text() == "Organisations"
    assert "组织机构" not in menu.inner_text()  # the whole menu changed language, not only the page
    assert page.get_by_text("示范市总工会").first.is_visible()  # names stay as they are
    page.screenshot(path=str(SCREENSHOTS / "tree-desktop-en.png"), full_page=True)
    context.close()


def test_a_forgotten_password_reset_on_a_phone(live_server, demo, browser):
    """The enterprise admin resets the worker's password; the worker logs in with it and must choose a new one."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    assert "忘记密码" in page.locator("[data-forgot-password]").inner_text()
    login(page, live_server, "enterprise-admin")
    worker = User.objects.get(username="worker").worker
    page.goto(live_server.url + reverse("accounts:worker_detail", args=[worker.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置密码").click()
    password = page.locator("[data-one-time-password]").inner_text().strip()
    assert len(password) == 16
    page.screenshot(path=str(SCREENSHOTS / "password-reset-phone.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", "worker")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("accounts:password_change") + "**")
    context.close()
