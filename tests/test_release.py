"""`./run release` builds a release that installs offline into a fresh virtualenv and serves.

The installed copy runs with production settings (DEBUG off, generated keys) on its own SQLite
database. The PostgreSQL pass runs tests/test_deployment.py instead, which builds and installs the
release the same way and deploys it behind nginx: each pass builds the release once.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="the release is for Linux servers")]


@pytest.fixture(autouse=True)
def only_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL pass builds and installs the release in tests/test_deployment.py")


def run(*args, env=None, cwd=None, timeout=600):
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=True)  # noqa: S603


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_release_installs_offline_and_serves(tmp_path, scratch_database):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    }
    run(str(ROOT / "run"), "release", env=env)
    releases = sorted((ROOT / "dist").glob("zhichuang-*/RELEASE"), key=lambda path: path.stat().st_mtime)
    release = releases[-1].parent
    assert (release.parent / f"{release.name}.tar.gz").exists()
    wheels = {path.name.split("-")[0].lower() for path in (release / "wheelhouse").glob("*.whl")}
    assert {"zhichuang", "django", "psycopg", "gunicorn"} <= wheels
    assert not {"pytest", "playwright", "ruff"} & wheels  # no development tools on a server

    # Install from the release alone: no index, and no pip configuration that could name one.
    prefix = tmp_path / "opt"
    install_env = env | {"PYTHON": sys.executable, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    run(str(release / "install.sh"), str(prefix), env=install_env)
    current = prefix / "current"
    assert current.resolve().parent == prefix / "releases"
    venv = current / "venv" / "bin"

    server_env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PII_ENCRYPTION_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": scratch_database(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(current / "static"),
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    run(str(venv / "zhichuang"), "migrate", "-v", "0", env=server_env, cwd=tmp_path)
    check = run(str(venv / "zhichuang"), "check", "--deploy", "--fail-level", "WARNING", env=server_env, cwd=tmp_path)
    assert "no issues" in check.stdout

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(venv / "gunicorn"), "zhichuang.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=server_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = fetch(f"http://127.0.0.1:{port}/accounts/login/")
        assert "职创" in page or "zhichuang" in page
        stylesheet = page.split('href="/static/vendor/bootstrap/dist/css/bootstrap.min.', 1)[1].split('"', 1)[0]
        css = fetch(f"http://127.0.0.1:{port}/static/vendor/bootstrap/dist/css/bootstrap.min.{stylesheet}")
        assert "Bootstrap" in css[:200]  # the front-end packages are in the release: no Node.js on the server
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(prefix)


def fetch(url: str) -> str:
    # What nginx adds: the request came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server on loopback
                assert response.status == 200
                return response.read().decode()
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
