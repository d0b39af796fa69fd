"""Finding 9 (headers): a Content-Security-Policy that allows only the platform's own files, and OWASP's secure headers.

The browser half (no CSP violation on the main pages, every role) is at the end; it needs Chromium.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "zhichuang"
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
OWASP = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {name: value for name, _space, value in (part.strip().partition(" ") for part in header.split(";"))}


def _assert_secure(response):
    policy = _policy(response)
    for directive, value in POLICY.items():
        assert policy[directive] == value, directive
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    for header, value in OWASP.items():
        assert response.headers[header] == value, header
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


def test_login_page_has_the_policy_and_the_secure_headers(client):
    _assert_secure(client.get(reverse("accounts:login")))


def test_signed_in_pages_are_not_cached(client, city_tree):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    client.force_login(admin)
    for url in (reverse("core:home"), reverse("accounts:worker_list"), reverse("statistics:page")):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_secure(response)
        assert "no-store" in response.headers["Cache-Control"], url


def test_api_answers_carry_the_headers_and_are_not_cached(client, city_tree):
    worker = city_tree["steel_worker"]
    client.force_login(worker.user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    _assert_secure(response)
    assert "no-store" in response.headers["Cache-Control"]


def test_anonymous_public_page_keeps_its_own_caching(client, city_tree):
    response = client.get(reverse("showcase:list"))
    _assert_secure(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_admin_and_api_docs_under_the_same_policy(client, city_tree):
    client.force_login(factories.make_admin(Role.SYSADMIN, city_tree["city"]))
    for url in ("/admin/", "/api/v1/docs"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_secure(response)


# What the policy refuses must not be in the templates: the browser would block it silently.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HTMX_EVAL = re.compile(r"hx-on|hx-vals\s*=\s*['\"]js:|hx-trigger=\"[^\"]*\[", re.IGNORECASE)


def _templates():
    return [path for path in SRC.rglob("*.html") if "node_modules" not in path.parts]


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script>"),
        (EVENT_HANDLER, "on…= event handler attribute"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (HTMX_EVAL, "htmx attribute that needs eval"),
    ],
)
def test_templates_hold_nothing_the_policy_blocks(pattern, what):
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == [], f"{what} in {found}"


def test_htmx_is_told_not_to_inject_styles_or_eval(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert '"includeIndicatorStyles": false' in content
    assert '"allowEval": false' in content


# --- in Chromium: the main pages of every kind of role work under the policy, with nothing blocked ---

from tests.browser.conftest import serial_live_server  # noqa: E402, F401 (fixture: one request at a time)
from tests.browser.test_pages import CHROMIUM, VIEWPORTS, browser, demo, login  # noqa: E402, F401 (fixtures)

MAIN_PAGES = {
    "worker": ["core:home", "proposals:new", "showcase:list"],
    "city-admin": [
        "core:home",
        "orgs:tree",
        "accounts:worker_list",
        "proposals:list",
        "statistics:page",
        "imports:list",
    ],
    "sysadmin": ["core:home", "/admin/", "/api/v1/docs"],
    "auditor": ["core:home", "audit:list"],
}


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium")
@pytest.mark.parametrize("username", MAIN_PAGES)
def test_main_pages_run_without_csp_violations(live_server, demo, browser, username):  # noqa: F811
    """The `browser` fixture fails the test on any CSP violation reported in the console."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, username)
    for name in MAIN_PAGES[username]:
        url = name if name.startswith("/") else reverse(name)
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        if name == "statistics:page":
            chart = page.locator(".zc-chart canvas").first
            chart.wait_for()
            assert page.locator(".zc-chart").first.bounding_box()["height"] == 280
            chart.hover()
        if name == "/api/v1/docs":
            page.locator(".swagger-ui .opblock").first.wait_for()
    assert errors == []
    context.close()
