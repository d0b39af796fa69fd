"""The README's deployment steps, followed in order on loopback, as a union's IT staff would.

The release is built and installed offline into a fresh prefix; the environment file is written from
deploy/zhichuang.env.example; two gunicorn application servers (the command line of the systemd unit),
one RQ task worker on a Redis database of its own and nginx (a site made from deploy/nginx/zhichuang.conf,
HTTPS with a self-signed certificate) serve an empty PostgreSQL database that `bootstrap` starts. Day one
then happens through nginx: the system administrator imports organisations and workers, the security
administrator grants a role, an imported worker submits a proposal, the audit administrator finds it all.
Then: either application server serves any session, killing one loses no GET and no data, the task
worker picks up queued work after a restart, a backup restores into a second empty installation, and the
previous commit's release upgrades to this one with its data in place.

Runs in the PostgreSQL pass of `./run test` when nginx and Redis are installed (the SQLite pass runs
tests/test_release.py instead, so each pass builds the release once).
"""

import html
import http.client
import http.cookiejar
import io
import os
import random
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from tests import factories
from tests.imports.conftest import ORG_HEADERS, WORKER_HEADERS, xlsx_bytes
from tests.stack import (
    NGINX,
    REDIS,
    Processes,
    direct_get,
    free_port,
    gunicorn_command,
    nginx_site,
    redis_reachable,
    run,
    self_signed_certificate,
    unit_command,
    wait_for,
)
from zhichuang.audit.labels import action_label
from zhichuang.core.keys import fresh_key_lines
from zhichuang.core.validators import generate_credit_code

ROOT = Path(__file__).resolve().parent.parent
CITY = "某某市总工会"
NEW_PASSWORD = {"sysadmin": "Sys-deploy-2026!", "secadmin": "Sec-deploy-2026!", "auditor": "Aud-deploy-2026!"}
IMPORT_PASSWORD = "Import-pass-2026"
WORKER_PASSWORD = "Wkr-deploy-2026!"
DISTRICT, ENTERPRISE = "东区总工会", "东区机械有限公司"
PROPOSAL_TITLE = "冷却水循环再利用"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="the release is for Linux servers")]


def loud_skip(what: str) -> None:
    pytest.skip(f"!!!!!!!! THE DEPLOYMENT TEST IS SKIPPED: {what} !!!!!!!!")


@pytest.fixture
def stack_available():
    if connection.vendor != "postgresql":
        pytest.skip("the deployment test runs in the PostgreSQL pass (tests/test_release.py runs in this one)")
    missing = [
        *([] if NGINX.exists() else [f"nginx ({NGINX}; Debian: apt-get install nginx)"]),
        *([] if redis_reachable() else [f"Redis on {REDIS[0]}:{REDIS[1]}"]),
        *(f"{tool} (on PATH)" for tool in ("openssl", "pg_dump", "pg_restore") if not shutil.which(tool)),
        *([] if previous_commit() else ["the previous commit (a git checkout with history), to upgrade from"]),
    ]
    if missing:
        loud_skip(", ".join(missing) + " not available")


def previous_commit() -> bool:
    result = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", "HEAD~1"], capture_output=True)  # noqa: S603, S607
    return result.returncode == 0


@pytest.fixture
def redis_database():
    """The number of an empty Redis database for this run, flushed afterwards."""
    import redis

    candidates = list(range(1, 16))
    random.shuffle(candidates)
    for number in candidates:
        client = redis.Redis(host=REDIS[0], port=REDIS[1], db=number)
        if client.dbsize() == 0:
            client.set("zhichuang-deployment-test", "1")  # claimed: a parallel run picks another
            break
    else:
        loud_skip("no empty Redis database among 1-15")
    yield number
    client.flushdb()


# ---- requests straight to a server and through nginx ----------------------------------------------


def form_errors(page: str) -> list[str]:
    """The messages a page shows on its fields and at its top."""
    found = re.findall(r'class="(?:invalid-feedback|alert[^"]*)"[^>]*>(.*?)</', page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in found] or [page[-2000:]]


class Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects, counting them: a form that was accepted redirects."""

    count = 0

    def redirect_request(self, *args, **kwargs):
        self.count += 1
        return super().redirect_request(*args, **kwargs)


class Browser:
    """A user's session through nginx over HTTPS: cookies, CSRF tokens, redirects followed."""

    def __init__(self, base: str, cafile: Path):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=str(cafile))
        self.redirects = Redirects()
        self.press_again, self.bad_gateways = False, 0
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), urllib.request.HTTPSHandler(context=context), self.redirects
        )

    def request(self, path: str, data: bytes | None = None, headers=None) -> tuple[int, str, str, dict]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode(errors="replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode(errors="replace"), error.headers

    def get(self, path: str, expect=200) -> tuple[str, str]:
        status, url, body, _headers = self.request(path)
        assert status == expect, f"GET {path}: {status}\n{body[:3000]}"
        return url, body

    def post(
        self, path: str, fields: list[tuple[str, str]], files=None, form_page=None, redirect=True, again=False
    ) -> tuple[str, str]:
        """Fill in the form of form_page (path by default) and submit it; expect it accepted (a redirect, but
        for the htmx forms that answer in place).

        With press_again set, a 502 is answered as a user would: the form again, once. nginx must not repeat a
        POST that an application server received and died on (it may have been written), so that one fails.
        """
        _url, page = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {form_page or path}"
        fields = [("csrfmiddlewaretoken", token.group(1)), *fields]
        headers = {"Origin": self.base, "Referer": self.base + (form_page or path)}
        if files:
            boundary = secrets.token_hex(16)
            body = io.BytesIO()
            for name, value in fields:
                body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
            for name, (filename, content) in files.items():
                body.write(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n".encode()
                )
                body.write(content + b"\r\n")
            body.write(f"--{boundary}--\r\n".encode())
            data = body.getvalue()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            data = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        before = self.redirects.count
        status, url, body, _headers = self.request(path, data=data, headers=headers)
        if status == 502 and self.press_again and not again:
            self.bad_gateways += 1
            return self.post(path, fields[1:], files, form_page, redirect, again=True)
        assert status == 200 and (self.redirects.count > before or not redirect), (
            f"POST {path}: {status} at {url}: {form_errors(body)}"
        )
        return url, body

    def log_in(self, username: str, password: str) -> str:
        url, _page = self.post("/accounts/login/", [("username", username), ("password", password)])
        return url

    def log_in_and_change_password(self, username: str, initial: str, new: str) -> None:
        url = self.log_in(username, initial)
        assert url.endswith("/accounts/password/change/"), f"{username} was not asked to change the password: {url}"
        url, _page = self.post(
            "/accounts/password/change/",
            [("old_password", initial), ("new_password", new), ("new_password_again", new)],
        )
        assert not url.endswith("/accounts/password/change/"), url
        self.get("/")  # no longer sent to the password form

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


# ---- the installation -----------------------------------------------------------------------------


def build_release(checkout: Path, env: dict) -> Path:
    run(str(checkout / "run"), "release", env=env, cwd=checkout)
    releases = sorted((checkout / "dist").glob("zhichuang-*/RELEASE"), key=lambda path: path.stat().st_mtime)
    return releases[-1].parent


def install(release: Path, prefix: Path, env: dict) -> Path:
    """install.sh with no package index and no pip configuration that could name one."""
    install_env = env | {"PYTHON": sys.executable, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    run(str(release / "install.sh"), str(prefix), env=install_env)
    return (prefix / "current").resolve()


def environment_file(example: Path, target: Path, values: dict[str, str]) -> dict[str, str]:
    """The example with these values filled in, loaded the README's way (`set -a; . FILE; set +a`)."""
    lines = example.read_text().splitlines()
    for name, value in values.items():
        found = [i for i, line in enumerate(lines) if line.startswith(f"{name}=")]
        assert found, f"{example.name} has no {name}= line"
        lines[found[0]] = f"{name}={value}"
    target.write_text("\n".join(lines) + "\n")
    target.chmod(0o640)
    dump = run("sh", "-c", 'set -a; . "$1"; set +a; env -0', "sh", str(target), env={"PATH": os.environ["PATH"]})
    return dict(item.split("=", 1) for item in dump.split("\0") if "=" in item)


# ---- the files day one imports --------------------------------------------------------------------


def org_file(credit_code: str) -> bytes:
    def row(kind, name, parent="", code="", **extra):
        values = {"组织类型": kind, "名称": name, "上级组织": parent, "统一社会信用代码": code} | extra
        return [values.get(header, "") for header in ORG_HEADERS]

    rows = [
        row("区县总工会", DISTRICT),
        row("企业", ENTERPRISE, DISTRICT, credit_code, 行业代码="34", 所有制="私营", 规模="中型", 职工人数=320),
        row("部门", "装配车间", credit_code),
    ]
    return xlsx_bytes(ORG_HEADERS, rows)


def worker_file(credit_code: str, people: list[tuple[str, str]]) -> bytes:
    def row(name, mobile):
        values = {
            "姓名": name,
            "身份证号": factories.new_id_number(),
            "手机号": mobile,
            "单位统一社会信用代码": credit_code,
            "部门": "装配车间",
            "工种": "钳工",
            "技能等级": "三级/高级工",
            "职称": "中级",
            "学历": "大专",
            "是否工会会员": "是",
            "入职日期": "2020-03-01",
        }
        return [values[header] for header in WORKER_HEADERS]

    return xlsx_bytes(WORKER_HEADERS, [row(name, mobile) for name, mobile in people])


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload_import(browser: Browser, kind: str, name: str, content: bytes) -> int:
    fields = [("kind", kind)] + ([("initial_password", IMPORT_PASSWORD)] if kind == "workers" else [])
    url, _page = browser.post("/imports/new/", fields, files={"file": (name, content)})
    match = re.search(r"/imports/(\d+)/$", url)
    assert match, f"the import did not go to its job page: {url}"
    return int(match.group(1))


def import_finished(browser: Browser, job: int, timeout=90) -> str:
    """Poll the job's progress block, as its page does, until the worker has finished it."""

    def finished():
        _url, fragment = browser.get(f"/imports/{job}/progress/")
        return fragment if 'hx-trigger="every 1s"' not in fragment else ""

    fragment = wait_for(finished, f"import job {job}", timeout=timeout)
    assert "alert-success" in fragment, f"import job {job} did not succeed:\n{fragment}"
    return fragment


def table_counts(database_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            )
        ]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}  # noqa: S608


def query(database_url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(sql).fetchall()


def media_files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


# ---- the test -------------------------------------------------------------------------------------


def test_the_readme_deployment_on_loopback(tmp_path, stack_available, scratch_database, redis_database):
    processes = Processes(tmp_path / "logs")
    build_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    try:
        release = deploy_and_run_day_one(tmp_path, processes, build_env, scratch_database, redis_database)
        processes.stop_all()
        upgrade = Processes(tmp_path / "logs-upgrade")
        try:
            upgrade_from_the_previous_commit(
                tmp_path / "upgrade", upgrade, build_env, scratch_database, redis_database, release
            )
        finally:
            upgrade.stop_all()
    except BaseException:
        processes.stop_all()
        for folder in (tmp_path / "logs", tmp_path / "logs-upgrade", tmp_path / "nginx"):
            if folder.exists():
                print(Processes(folder).logs(), file=sys.stderr)  # noqa: T201 - shown by pytest on failure
        raise
    finally:
        processes.stop_all()
        for installed in (tmp_path / "opt", tmp_path / "upgrade"):  # hundreds of MB each
            shutil.rmtree(installed, ignore_errors=True)


def deploy_and_run_day_one(tmp_path, processes, build_env, scratch_database, redis_database):
    # 2. Release: built here, installed offline into a fresh prefix.
    release = build_release(ROOT, build_env)
    prefix = tmp_path / "opt"
    current = install(release, prefix, build_env)
    bin_ = prefix / "current" / "venv" / "bin"

    # 3. Environment: the example file, filled in; the keys from generate_keys.
    keys = dict(
        line.split("=", 1)
        for line in run(str(bin_ / "zhichuang"), "generate_keys", env={"PATH": os.environ["PATH"]}).split()
    )
    assert set(keys) == {"SECRET_KEY", "PII_ENCRYPTION_KEY"}
    ports = {name: free_port() for name in ("web1", "web2", "http", "https")}
    base = f"https://127.0.0.1:{ports['https']}"
    database_url = scratch_database()
    var = tmp_path / "var"
    var.mkdir()
    env = environment_file(
        current / "deploy" / "zhichuang.env.example",
        tmp_path / "zhichuang.env",
        keys
        | {
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": base,
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_database}",
            "MEDIA_ROOT": str(var / "media"),
            "STATIC_ROOT": str(prefix / "current" / "static"),
        },
    )
    assert env["TASKS_BACKEND"] == "redis" and env["TRUSTED_PROXIES"] == "127.0.0.1" and env["DEBUG"] == "0"
    zhichuang = [str(bin_ / "zhichuang")]

    # 4. Prepare.
    run(*zhichuang, "migrate", "-v", "0", env=env, cwd=var)
    check = run(*zhichuang, "check", "--deploy", "--fail-level", "WARNING", env=env, cwd=var)
    assert "no issues" in check

    # 5.-7. Two application servers, the task worker, nginx.
    for name in ("web1", "web2"):
        processes.start(name, gunicorn_command(current, prefix, ports[name]), env, var)
    worker_command = unit_command(current / "deploy" / "systemd" / "zhichuang-worker.service", prefix)
    assert worker_command[1:] == ["rqworker", "default"]
    processes.start("worker", worker_command, env, var)
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    cert, key = self_signed_certificate(nginx_dir)
    conf = nginx_site(current, prefix, nginx_dir, ports, cert, key)
    nginx = [str(NGINX), "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"), "-c", str(conf)]
    run(*nginx, "-t")
    processes.start("nginx", [*nginx, "-g", "daemon off;"], env, nginx_dir)
    for name in ("web1", "web2"):
        wait_for(lambda name=name: direct_get(ports[name], "/accounts/login/")[0] == 200, f"{name} to serve")

    # 8. Day one: bootstrap prints the one-time passwords.
    printed = run(*zhichuang, "bootstrap", "--city", CITY, "--no-input", env=env, cwd=var)
    initial = {line.split("\t")[1]: line.split("\t")[2] for line in printed.splitlines() if line.startswith("  ")}
    assert set(initial) == {"sysadmin", "secadmin", "auditor"}

    sysadmin = Browser(base, cert)
    _url, login_page = wait_for(lambda: sysadmin.get("/accounts/login/"), "nginx to serve over HTTPS")
    # Static files come from nginx (its 30-day expiry), the front-end packages included.
    stylesheet = re.search(r'href="(/static/vendor/bootstrap/dist/css/bootstrap\.min\.[^"]+)"', login_page).group(1)
    status, _url, css, headers = sysadmin.request(stylesheet)
    assert status == 200 and "Bootstrap" in css[:200]
    assert "max-age=2592000" in ", ".join(headers.get_all("Cache-Control", []))
    # Plain HTTP is sent to HTTPS; uploaded files are never served from MEDIA_ROOT.
    plain = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    plain.request("GET", "/accounts/login/")
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.getheader("Location") == "https://127.0.0.1/accounts/login/"
    plain.close()
    assert sysadmin.request("/media/imports/anything.xlsx")[0] == 404

    sysadmin.log_in_and_change_password("sysadmin", initial["sysadmin"], NEW_PASSWORD["sysadmin"])
    credit_code = generate_credit_code(random.Random(11))
    job = upload_import(sysadmin, "organizations", "组织.xlsx", org_file(credit_code))
    import_finished(sysadmin, job)
    people = [("张建国", "13912340001"), ("李秀英", "13912340002")]
    job = upload_import(sysadmin, "workers", "职工.xlsx", worker_file(credit_code, people))
    assert "2" in import_finished(sysadmin, job)

    # The security administrator grants the second worker the enterprise union's administration.
    secadmin = Browser(base, cert)
    secadmin.log_in_and_change_password("secadmin", initial["secadmin"], NEW_PASSWORD["secadmin"])
    _url, roles = secadmin.get("/accounts/roles/")
    usernames = {}
    for name, _mobile in people:
        match = re.search(rf"<strong>{name}</strong>\s*<span[^>]*>([^<]+)</span>", roles)
        assert match, f"{name} is not on the roles page"
        usernames[name] = html.unescape(match.group(1)).strip()
    officer = usernames["李秀英"]
    _url, roles = secadmin.post(
        "/accounts/roles/", [("username", officer), ("role", "enterprise_admin"), ("organization", ENTERPRISE)]
    )
    assert roles.count(ENTERPRISE) >= 3  # two worker roles and the new grant

    # An imported worker logs in by mobile number, chooses a password and submits a proposal.
    worker = Browser(base, cert)
    worker.log_in_and_change_password(people[0][1], IMPORT_PASSWORD, WORKER_PASSWORD)
    _url, form = worker.get("/proposals/new/")
    token = re.search(r'name="client_token" value="([^"]+)"', form).group(1)
    _url, draft = worker.post(  # a photo first (an uploaded file, for the backup below), as the page saves drafts
        "/proposals/draft/",
        [("client_token", token), ("title", PROPOSAL_TITLE)],
        files={"files": ("photo.jpg", jpeg_bytes())},
        form_page="/proposals/new/",
        redirect=False,
    )
    draft_fields = [
        (name, re.search(rf'name="{name}" value="(\d+)"', draft).group(1)) for name in ("proposal", "expected_version")
    ]
    url, page = worker.post(
        "/proposals/submit/",
        [
            *draft_fields,
            ("client_token", token),
            ("title", PROPOSAL_TITLE),
            ("kind", "rational"),
            ("problem", "冷却水直排，浪费大。"),
            ("change", "加装回收水箱和过滤器。"),
            ("benefit_types", "economic"),
        ],
        form_page="/proposals/new/",
    )
    assert re.search(r"/proposals/\d+/$", url) and PROPOSAL_TITLE in page and "photo.jpg" in page

    # The audit administrator finds all of it, with the client's address that nginx passed on.
    auditor = Browser(base, cert)
    auditor.log_in_and_change_password("auditor", initial["auditor"], NEW_PASSWORD["auditor"])
    expected = {
        "sysadmin": {"auth.login", "auth.password_change", "import.organizations", "import.workers"},
        "secadmin": {"auth.login", "auth.password_change", "role.grant"},
        usernames["张建国"]: {"auth.login", "auth.password_change", "proposals.submit"},
    }
    for actor, actions in expected.items():
        _url, log = auditor.get(f"/audit/?actor={actor}")
        with translation.override("zh-hans"):  # the log reads in words (audit.labels), in the auditor's language
            labels = {str(action_label(action)) for action in actions}
        shown = set(re.findall(r'<td data-label="[^"]*">([^<]+)</td>', log))
        assert labels <= shown, (actor, labels - shown)
        assert "127.0.0.1" in log

    # Either application server serves any session: they share it through Redis and PostgreSQL.
    for port in (ports["web1"], ports["web2"]):
        status, body = direct_get(port, "/proposals/mine/", worker.cookie_header())
        assert status == 200 and PROPOSAL_TITLE in body
        status, body = direct_get(port, "/audit/?actor=secadmin", auditor.cookie_header())
        assert status == 200 and "role.grant" in body

    # Killing one application server mid-run: nginx retries every GET on the other; nothing is lost.
    answers, stop = [], threading.Event()

    def keep_asking():
        while not stop.is_set():
            status, _url, body, _headers = worker.request("/proposals/mine/")
            answers.append(status if PROPOSAL_TITLE in body else f"{status} without the proposal")

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        wait_for(lambda: len(answers) > 20, "requests before the kill", timeout=30)
        processes.stop("web1", signal.SIGKILL)
        before = len(answers)
        officer_browser = Browser(base, cert)  # logs in and writes while one server is down
        officer_browser.press_again = True
        officer_browser.log_in_and_change_password(people[1][1], IMPORT_PASSWORD, WORKER_PASSWORD)
        _url, home = officer_browser.get("/proposals/")
        assert PROPOSAL_TITLE in home  # the granted role shows the enterprise's proposals
        wait_for(lambda: len(answers) > before + 20, "requests after the kill", timeout=30)
    finally:
        stop.set()
        asker.join(timeout=60)
    assert set(answers) == {200}, [answer for answer in answers if answer != 200][:5]
    processes.start("web1", gunicorn_command(current, prefix, ports["web1"]), env, var)
    wait_for(lambda: direct_get(ports["web1"], "/proposals/mine/", worker.cookie_header())[0] == 200, "web1 again")
    assert query(database_url, "SELECT title, state FROM proposals_proposal") == [(PROPOSAL_TITLE, "submitted")]

    # The task worker picks up work queued while it was down.
    processes.stop("worker")
    job = upload_import(sysadmin, "workers", "补充职工.xlsx", worker_file(credit_code, [("王志强", "13912340003")]))
    time.sleep(2)
    _url, fragment = sysadmin.get(f"/imports/{job}/progress/")
    assert 'hx-trigger="every 1s"' in fragment  # waiting in the queue
    processes.start("worker", worker_command, env, var)
    import_finished(sysadmin, job)
    assert query(database_url, "SELECT count(*) FROM accounts_worker") == [(3,)]

    # 10. Backups: back up, restore into a second empty database and media folder, find the same records.
    saved = table_counts(database_url)
    run(*zhichuang, "backup", str(tmp_path / "backups"), env=env, cwd=var)
    (folder,) = (tmp_path / "backups").iterdir()
    run(*zhichuang, "restore", "--check", str(folder), env=env, cwd=var)
    restored_url = scratch_database()
    restored_env = env | {"DATABASE_URL": restored_url, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    run(*zhichuang, "restore", str(folder), env=restored_env, cwd=var)
    run(*zhichuang, "migrate", "-v", "0", env=restored_env, cwd=var)
    assert table_counts(restored_url) == saved
    for sql in (
        "SELECT title, state, number FROM proposals_proposal",
        "SELECT name, kind, credit_code FROM orgs_organization ORDER BY path",
        "SELECT username, password FROM accounts_user ORDER BY username",
        "SELECT action, actor_username FROM audit_auditentry ORDER BY id",
    ):
        assert query(restored_url, sql) == query(database_url, sql), sql
    assert media_files(tmp_path / "restored-media") == media_files(var / "media") != {}
    return release


def upgrade_from_the_previous_commit(folder, processes, build_env, scratch_database, redis_database, release):
    """README step 2, Upgrade: the previous commit's release with its data, then this one installed beside it,
    `migrate`, the servers restarted; the data is still there and the old release stays for a rollback."""
    folder.mkdir()
    previous = previous_release(folder, build_env)
    prefix = folder / "opt"
    old = install(previous, prefix, build_env)
    bin_ = prefix / "current" / "venv" / "bin"
    var = folder / "var"
    var.mkdir()
    database_url = scratch_database()
    env = environment_file(
        old / "deploy" / "zhichuang.env.example",
        folder / "zhichuang.env",
        dict(line.split("=", 1) for line in fresh_key_lines())
        | {
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_database}",
            "MEDIA_ROOT": str(var / "media"),
            "STATIC_ROOT": str(prefix / "current" / "static"),
        },
    )
    zhichuang = str(bin_ / "zhichuang")
    run(zhichuang, "migrate", "-v", "0", env=env, cwd=var)
    run(zhichuang, "bootstrap", "--city", CITY, "--no-input", env=env, cwd=var)
    credit_code = generate_credit_code(random.Random(13))
    (folder / "orgs.xlsx").write_bytes(org_file(credit_code))
    (folder / "workers.xlsx").write_bytes(worker_file(credit_code, [("赵立新", "13912340009")]))
    run(zhichuang, "import_orgs", "--as", "sysadmin", str(folder / "orgs.xlsx"), env=env, cwd=var)
    workers = ["import_workers", "--as", "sysadmin", "--password", IMPORT_PASSWORD, str(folder / "workers.xlsx")]
    run(zhichuang, *workers, env=env, cwd=var)
    port = free_port()
    processes.start("old-web", gunicorn_command(old, prefix, port), env, var)
    wait_for(lambda: direct_login(port, "13912340009", IMPORT_PASSWORD), "the previous release to serve")
    before = table_counts(database_url)

    new = install(release, prefix, build_env)
    assert new != old and old.exists() and (prefix / "current").resolve() == new
    run(zhichuang, "migrate", "-v", "0", env=env, cwd=var)
    check = run(zhichuang, "check", "--deploy", "--fail-level", "WARNING", env=env, cwd=var)
    assert "no issues" in check
    processes.stop("old-web")
    processes.start("new-web", gunicorn_command(new, prefix, port), env, var)
    assert wait_for(lambda: direct_login(port, "13912340009", IMPORT_PASSWORD), "this release to serve")
    after = table_counts(database_url)
    grown = {name for name in after if after[name] != before.get(name)}
    new_tables = after.keys() - before.keys()
    # New models get their content types and permissions from Django's post_migrate, nothing else grows.
    registered = {"django_content_type", "auth_permission"} if new_tables else set()
    assert grown <= {"django_migrations", "django_session", "audit_auditentry", "accounts_loginattempt"} | (
        new_tables | registered
    ), grown
    assert query(database_url, "SELECT count(*) FROM accounts_worker") == [(1,)]
    processes.stop_all()


def previous_release(folder: Path, build_env: dict) -> Path:
    """`./run release` of the previous commit, in a temporary worktree.

    Built with this checkout's virtualenv and front-end packages (the tools; the code, the lock file and the
    static files are the previous commit's): a fresh setup would fetch everything again.
    """
    checkout = folder / "previous"
    run("git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(checkout), "HEAD~1")
    try:
        (checkout / ".venv").symlink_to(ROOT / ".venv")
        (checkout / "node_modules").symlink_to((ROOT / "node_modules").resolve())
        # ./run's setup reinstalls when these are newer than the tools: they are not, the tools are shared.
        for name, marker in (("pyproject.toml", ".venv/.installed"), ("package-lock.json", "node_modules/.installed")):
            os.utime(checkout / name, ns=((ROOT / marker).stat().st_atime_ns, (ROOT / marker).stat().st_mtime_ns))
        release = build_release(checkout, build_env | {"PYTHONPATH": str(checkout / "src")})
        return Path(shutil.move(release, folder / release.name))
    finally:
        run("git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout))


def direct_login(port: int, username: str, password: str) -> str:
    """Log in on one application server as nginx would pass it on; where the login sends the user."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}
    try:
        conn.request("GET", "/accounts/login/", headers=headers)
        response = conn.getresponse()
        page = response.read().decode()
        cookies = "; ".join(
            value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"
        )
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers=headers
            | {"Cookie": cookies, "Origin": "https://127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        assert response.status == 302, f"login on port {port}: {response.status}"
        return response.getheader("Location")
    finally:
        conn.close()
