"""Load run: gunicorn on 127.0.0.1, wrk with a mixed workload, beside two bare Django references.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhichuang_propbench \\
        python bench/load_run.py [--duration 30] [--connections 16] [--workers 4]

Starts one gunicorn (bench.settings_reference: the product plus the two references of
bench/reference_urls.py, DEBUG off) on a loopback port, then runs wrk once per scenario,
each bounded to --duration seconds, and stops the server. Scenarios: reference 1 (one
indexed row as JSON), reference 2 (a 50-row table from one query, Django template), the
same row requested with the logged-in user's session cookie (what being logged in costs
before a page does anything), the API list and detail, the HTML list and detail, search alone, and the mixed workload:
70 % reads (HTML list, HTML detail, API list, API detail, a quarter each), 20 % full-text
search (the API's search filter), 10 % writes (draft saves through the API with a worker's
bearer token). The list page's own search box is run last, on its own (page_search): at
1M proposals it is far slower than the API's (docs/benchmarks.md says why).
Pages are requested as a logged-in district admin (session cookie). A response of 300 or
above counts as an error, as do socket errors. Needs wrk (`apt-get install -y wrk`).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.people_at_scale import bench_user  # noqa: E402 (sets up Django)
from zhichuang.accounts.models import Worker  # noqa: E402
from zhichuang.accounts.roles import Role  # noqa: E402
from zhichuang.accounts.services import api_token_create  # noqa: E402
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization  # noqa: E402
from zhichuang.proposals.enums import ProposalState  # noqa: E402
from zhichuang.proposals.models import Proposal  # noqa: E402

SEARCH_WORDS = ("能耗", "工装夹具", "废品率", "安全防护", "工艺参数", "润滑", "换型时间", "回收")
SCENARIOS = (
    ("ref_row", "reference 1: one indexed row as JSON"),
    ("ref_table", "reference 2: 50-row table, one query, Django template"),
    ("ref_row_session", "reference 1 as the logged-in user (session cookie)"),
    ("api_list", "API /proposals (first page)"),
    ("api_detail", "API /proposals/{id}"),
    ("html_list", "HTML list (first page)"),
    ("html_detail", "HTML detail"),
    ("api_search", "API full-text search"),
    ("mixed", "mixed: 70% reads, 20% search (API), 10% writes"),
    ("page_search", "HTML full-text search (list page with q)"),
)

LUA = r"""
local mode = "%(mode)s"
local cookie = "%(cookie)s"
local token = "Bearer %(token)s"
local ids = {%(ids)s}
local words = {%(words)s}
local draft = '%(draft)s'
local counter = 0
local threads = {}
bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads)
end

local function page(path)
  return wrk.format("GET", path, {["Cookie"] = cookie})
end

local function api(method, path, body)
  local headers = {["Authorization"] = token}
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

local function any_id()
  return ids[math.random(#ids)]
end

local function page_search()
  return page("/proposals/?q=" .. words[math.random(#words)])
end

local function search()
  return page("/api/v1/proposals?search=" .. words[math.random(#words)])
end

local reads = {
  function() return page("/proposals/") end,
  function() return page("/proposals/" .. any_id() .. "/") end,
  function() return page("/api/v1/proposals") end,
  function() return page("/api/v1/proposals/" .. any_id()) end,
}

request = function()
  counter = counter + 1
  if mode == "ref_row" then return wrk.format("GET", "/bench/reference/row/" .. any_id())
  elseif mode == "ref_table" then return wrk.format("GET", "/bench/reference/table")
  elseif mode == "ref_row_session" then return page("/bench/reference/row/" .. any_id())
  elseif mode == "api_list" then return reads[3]()
  elseif mode == "api_detail" then return reads[4]()
  elseif mode == "html_list" then return reads[1]()
  elseif mode == "html_detail" then return reads[2]()
  elseif mode == "api_search" then return search()
  elseif mode == "page_search" then return page_search()
  end
  local roll = math.random(100)
  if roll <= 70 then return reads[math.random(4)]()
  elseif roll <= 90 then return search()
  end
  return api("POST", "/api/v1/proposals", draft)
end

function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\": %%d, \"seconds\": %%.3f, \"p50_ms\": %%.2f, \"p99_ms\": %%.2f, \"bad_status\": %%d, " ..
    "\"socket_errors\": %%d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    failed, e.connect + e.read + e.write + e.timeout))
end
"""


def prepare() -> dict:
    """Bench accounts, a session cookie for pages, a worker's API token for drafts, ids to read."""
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    district = Organization.objects.filter(kind=OrgKind.DISTRICT, parent=city).order_by("id").first()
    admin = bench_user("bench-district-admin", Role.DISTRICT_ADMIN, district)
    client = Client()
    client.force_login(admin)
    ids = list(
        Proposal.objects.filter(district=district)
        .exclude(state=ProposalState.DRAFT)
        .order_by("?")
        .values_list("id", flat=True)[:500]
    )
    writer = Worker.objects.filter(employer__parent=district, user__isnull=False).order_by("id").first()
    _, key = api_token_create(user=writer.user, name="load run")
    draft = {
        "submit": False,
        "title": "改进空压机组排气管路，减少压力损失",
        "kind": "innovation",
        "problem": "排气管路弯头多，末端压力不足，空压机长期加载运行。",
        "change": "重新布置主管路为环形，减少弯头，末端增设储气罐。",
    }
    return {
        "cookie": f"{client.cookies['sessionid'].key}={client.cookies['sessionid'].value}",
        "token": key,
        "ids": ids,
        "draft": json.dumps(draft, ensure_ascii=False),
    }


def lua_script(mode: str, prepared: dict) -> str:
    return LUA % {
        "mode": mode,
        "cookie": prepared["cookie"],
        "token": prepared["token"],
        "ids": ", ".join(str(pk) for pk in prepared["ids"]),
        "words": ", ".join(f'"{urllib.parse.quote(word)}"' for word in SEARCH_WORDS),
        "draft": prepared["draft"].replace("'", "\\'"),
    }


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"127.0.0.1:{port} is already in use: is an earlier run still serving?")
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings_reference",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "zhichuang.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--backlog=2048",
    ]
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/reference/table", timeout=10) as answer:
                if answer.status == 200:
                    return server
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.5)
    server.terminate()
    server.wait(timeout=30)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def check_urls(port: int, prepared: dict) -> None:
    """Every URL of the workload answers 200 (not a redirect to the login page) before wrk runs."""
    base = f"http://127.0.0.1:{port}"
    pk = prepared["ids"][0]
    pages = ["/proposals/", f"/proposals/{pk}/", "/api/v1/proposals", f"/api/v1/proposals/{pk}"]
    pages.append("/api/v1/proposals?search=" + urllib.parse.quote(SEARCH_WORDS[0]))
    opener = urllib.request.build_opener(NoRedirect)
    for path in pages:
        request = urllib.request.Request(base + path, headers={"Cookie": prepared["cookie"]})  # noqa: S310 - loopback
        with opener.open(request, timeout=30) as answer:
            if answer.status != 200:
                raise SystemExit(f"{path} answered {answer.status}")
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + "/api/v1/proposals",
        data=prepared["draft"].encode(),
        headers={"Authorization": f"Bearer {prepared['token']}", "Content-Type": "application/json"},
    )
    with opener.open(request, timeout=30) as answer:
        if answer.status >= 300:
            raise SystemExit(f"draft save answered {answer.status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise SystemExit(f"{req.full_url} redirected to {newurl}: not logged in?")


def run_wrk(port: int, mode: str, prepared: dict, args, folder: Path) -> dict:
    script = folder / f"{mode}.lua"
    script.write_text(lua_script(mode, prepared), encoding="utf-8")
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        f"--script={script}",
        f"http://127.0.0.1:{port}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60, check=True).stdout  # noqa: S603
    found = re.search(r"^RESULT (\{.*\})$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk gave no result:\n{output}")
    result = json.loads(found.group(1))
    result["per_second"] = result["requests"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="Seconds per scenario (default 30).")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn sync workers.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", nargs="*", help="Run only these scenarios.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    prepared = prepare()
    print(
        f"{Proposal.objects.count():,} proposals; {len(prepared['ids'])} ids to read; gunicorn {args.workers} workers; "
        f"sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}"
        + ("" if os.environ.get("REDIS_URL") else " (set REDIS_URL, as in production, to read sessions from Redis)")
    )
    folder = Path(tempfile.mkdtemp(prefix="zhichuang-load-"))
    server = start_server(args.port, args.workers, folder / "gunicorn.log")
    rows = []
    try:
        check_urls(args.port, prepared)
        for mode, label in SCENARIOS:
            if args.only and mode not in args.only:
                continue
            load = os.getloadavg()[0]
            result = run_wrk(args.port, mode, prepared, args, folder)
            result |= {"label": label, "load": load}
            rows.append(result)
            if result["requests"] == 0:
                result["socket_errors"] += args.connections  # every connection stuck: count them, never "0 errors"
            print(
                f"  {label:<55} {result['per_second']:8.1f} req/s  p99 {result['p99_ms']:7.1f} ms  "
                f"errors {result['bad_status'] + result['socket_errors']}  (load {load:.1f})",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print()
    print("| scenario | req/s | p50 ms | p99 ms | errors | requests | load avg |\n|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        errors = row["bad_status"] + row["socket_errors"]
        print(
            f"| {row['label']} | {row['per_second']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {errors} | "
            f"{row['requests']:,} | {row['load']:.1f} |"
        )


if __name__ == "__main__":
    main()
