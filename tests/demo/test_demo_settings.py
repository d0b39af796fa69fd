"""The demo as ./run demo configures it (ZHICHUANG_DEMO=1, DEBUG not set), in a process of its own: the
settings are read from the environment once, so the test settings cannot stand in for them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

VISIT = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "zhichuang.settings"
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from tests import factories

call_command("migrate", verbosity=0)
city = factories.make_city()
district = factories.make_district(city, "北区总工会")
steel = factories.make_enterprise(district, "北钢集团")
port = factories.make_enterprise(factories.make_district(city, "南区总工会"), "南港公司")
worker = factories.make_worker(steel, name="张伟")
theirs = factories.make_proposal(factories.make_worker(port, name="王强"), state="submitted")
client = Client(raise_request_exception=False)
client.force_login(worker.user)
outside = client.get(f"/proposals/{theirs.pk}/")
unknown = Client().get("/no-such-page/")
css = Client().get("/static/zhichuang/app.css")
vendor = Client().get("/static/vendor/bootstrap/dist/css/bootstrap.min.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "demo": settings.DEMO_MODE,
    "outside": [outside.status_code, outside.content.decode()],
    "unknown": [unknown.status_code, unknown.content.decode()],
    "static": [css.status_code, vendor.status_code],
}))
"""


@pytest.mark.slow
def test_the_demo_shows_the_products_own_error_pages_in_chinese_and_serves_its_static_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST", "DEBUG"}}
    env |= {
        "ZHICHUANG_TESTING": "0",
        "ZHICHUANG_DEMO": "1",
        "ZHICHUANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", VISIT], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180, check=True
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["debug"], seen["demo"]) == (False, True)
    for status, html in (seen["outside"], seen["unknown"]):
        assert status == 404
        assert "该页面不存在，或您无权访问。" in html and "返回我的工作" in html  # the product's page, in Chinese
        assert 'lang="zh-hans"' in html
        for technical in ("Page not found", "Using the URLconf", "DEBUG = True", "Django tried these URL patterns"):
            assert technical not in html
    assert seen["static"] == [200, 200]  # WhiteNoise serves them from the finders; runserver does not with DEBUG off
