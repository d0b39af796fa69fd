"""Load run through the deployed stack: nginx in front of two gunicorn application servers, sessions on Redis.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhichuang_propbench REDIS_URL=redis://127.0.0.1:6379/3 \\
    STATIC_ROOT=/tmp/zc_static SECRET_KEY=… PII_ENCRYPTION_KEY=… \\
        python bench/load_run.py [--duration 30] [--rounds 1] [--connections 16] [--workers 2]

Starts the stack as the README deploys it and as tests/test_deployment.py does (tests/stack.py: the
systemd unit's gunicorn command line twice, on two loopback ports, and deploy/nginx/zhichuang.conf with a
self-signed certificate in front of them), serving bench.settings_reference (the product plus the
references of bench/reference_urls.py, DEBUG off) from this checkout; then runs wrk against nginx over
HTTPS once per scenario, each bounded to --duration seconds, and stops the stack. Scenarios: reference 1
(one indexed row as JSON) and reference 2 (a 50-row table from one query, Django template), anonymous and
logged in (the view reads the session and its user, as every page must: the targets are measured against
these), the API list and detail, the HTML list and detail, search alone, and the mixed workload:
70 % reads (HTML list, HTML detail, API list, API detail, a quarter each), 20 % full-text
search (the API's search filter), 10 % writes (draft saves through the API with a worker's
bearer token). The list page's own search box is run last, on its own (page_search): at
1M proposals it is far slower than the API's (docs/benchmarks.md says why).
Pages are requested as a logged-in district admin (session cookie). A response of 300 or
above counts as an error, as do socket errors. With --rounds N every scenario runs N times in turn and
its rounds are added up, so that on a shared machine a page and its reference meet the same load. Prints
each line, then the table and the targets as ratios of this one run (and of each round). Needs wrk
(`apt-get install -y wrk`), nginx, Redis, and static files collected into STATIC_ROOT
(`zhichuang collectstatic`; DEBUG off serves the manifest's names).
"""

import argparse
import json
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.people_at_scale import bench_user, bench_worker  # noqa: E402 (sets up Django)
from tests.stack import (  # noqa: E402 (no Django in it)
    NGINX,
    Processes,
    direct_get,
    free_port,
    gunicorn_command,
    nginx_site,
    redis_reachable,
    run,
    self_signed_certificate,
    wait_for,
)
from zhichuang.accounts.roles import Role  # noqa: E402
from zhichuang.accounts.services import api_token_create  # noqa: E402
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization  # noqa: E402
from zhichuang.proposals.enums import ProposalState  # noqa: E402
from zhichuang.proposals.models import Proposal  # noqa: E402

STATIC_ROOT = Path(settings.STATIC_ROOT)

SEARCH_WORDS = ("能耗", "工装夹具", "废品率", "安全防护", "工艺参数", "润滑", "换型时间", "回收")
SCENARIOS = (
    ("ref_row", "reference 1: one indexed row as JSON"),
    ("ref_table", "reference 2: 50-row table, one query, Django template"),
    ("ref_row_login", "logged-in reference 1 (reads the session and user)"),
    ("ref_table_login", "logged-in reference 2 (reads the session and user)"),
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
  elseif mode == "ref_row_login" then return page("/bench/reference/logged-in/row/" .. any_id())
  elseif mode == "ref_table_login" then return page("/bench/reference/logged-in/table")
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
    # A worker account that may write (an imported one must change its password first: the API refuses it).
    enterprise = Organization.objects.filter(parent=district, kind=OrgKind.ENTERPRISE).order_by("-headcount", "id")
    writer = bench_worker("bench-load-worker", enterprise.first())
    _, key = api_token_create(user=writer, name="load run")
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


class Stack:
    """nginx and two application servers on loopback, laid out as an installation (tests/stack.py).

    The release layout that the unit and the site name (/opt/zhichuang/current/{venv,deploy,static}) is made
    of links to this checkout's virtualenv, its deploy/ folder and STATIC_ROOT, so that the unit's command
    line and the site run unchanged but for ports and paths, as in the deployment test.
    """

    def __init__(self, folder: Path, workers: int):
        self.folder, self.workers = folder, workers
        self.prefix = folder / "opt"
        self.current = self.prefix / "current"
        self.current.mkdir(parents=True)
        for name, target in (("venv", Path(sys.prefix)), ("deploy", ROOT / "deploy"), ("static", STATIC_ROOT)):
            (self.current / name).symlink_to(target)
        self.ports = {name: free_port() for name in ("web1", "web2", "http", "https")}
        self.base = f"https://127.0.0.1:{self.ports['https']}"
        self.processes = Processes(folder / "logs")
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "bench.settings_reference",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXIES": "127.0.0.1",
        }
        self.env.pop("SECURE_SSL_REDIRECT", None)  # on, as deployed: nginx says the request came over HTTPS

    def start(self) -> None:
        var = self.folder / "var"
        var.mkdir()
        for name in ("web1", "web2"):
            command = gunicorn_command(self.current, self.prefix, self.ports[name], workers=self.workers)
            self.processes.start(name, [*command, "--backlog=2048"], self.env, var)
        nginx_dir = self.folder / "nginx"
        nginx_dir.mkdir()
        self.cert, key = self_signed_certificate(nginx_dir)
        conf = nginx_site(self.current, self.prefix, nginx_dir, self.ports, self.cert, key)
        nginx = [str(NGINX), "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"), "-c", str(conf)]
        run(*nginx, "-t")
        self.processes.start("nginx", [*nginx, "-g", "daemon off;"], self.env, nginx_dir)
        try:
            for name in ("web1", "web2"):
                wait_for(lambda name=name: direct_get(self.ports[name], "/bench/reference/table")[0] == 200, name)
            wait_for(lambda: self.get("/bench/reference/table")[0] == 200, "nginx over HTTPS")
        except AssertionError:
            self.stop()
            raise SystemExit(f"the stack did not start; see {self.folder}") from None

    def get(self, path: str, headers=None, data: bytes | None = None) -> tuple[int, str]:
        context = ssl.create_default_context(cafile=str(self.cert))
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})  # noqa: S310
        with opener.open(request, timeout=30) as answer:
            return answer.status, answer.read().decode(errors="replace")

    def stop(self) -> None:
        self.processes.stop_all()


def check_urls(stack: Stack, prepared: dict) -> None:
    """Every URL of the workload answers 200 through nginx (not a redirect to the login page) before wrk runs,
    and either application server serves the session (it is on Redis, not in one server's memory)."""
    pk = prepared["ids"][0]
    pages = ["/proposals/", f"/proposals/{pk}/", "/api/v1/proposals", f"/api/v1/proposals/{pk}"]
    pages += [f"/bench/reference/logged-in/row/{pk}", "/bench/reference/logged-in/table"]
    pages.append("/api/v1/proposals?search=" + urllib.parse.quote(SEARCH_WORDS[0]))
    for path in pages:
        status, _body = stack.get(path, headers={"Cookie": prepared["cookie"]})
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    for name in ("web1", "web2"):
        status, _body = direct_get(stack.ports[name], "/proposals/", prepared["cookie"])
        if status != 200:
            raise SystemExit(f"{name} answered {status} to the district admin's session")
    status, _body = stack.get(
        "/api/v1/proposals",
        headers={"Authorization": f"Bearer {prepared['token']}", "Content-Type": "application/json"},
        data=prepared["draft"].encode(),
    )
    if status >= 300:
        raise SystemExit(f"draft save answered {status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise SystemExit(f"{req.full_url} redirected to {newurl}: not logged in?")


def run_wrk(base: str, mode: str, prepared: dict, args, folder: Path) -> dict:
    script = folder / f"{mode}.lua"
    script.write_text(lua_script(mode, prepared), encoding="utf-8")
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        f"--script={script}",
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60, check=True).stdout  # noqa: S603
    found = re.search(r"^RESULT (\{.*\})$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk gave no result:\n{output}")
    result = json.loads(found.group(1))
    result["per_second"] = result["requests"] / result["seconds"]
    return result


# (scenario, its reference, the least ratio): issue 11's targets, all from one run.
TARGETS = (
    ("api_list", "ref_row_login", 0.5),
    ("api_detail", "ref_row_login", 0.5),
    ("html_list", "ref_table_login", 0.5),
    ("html_detail", "ref_table_login", 0.5),
)


def combined(results: list[dict]) -> dict:
    """One scenario's rounds as one line: requests over seconds, the median p50, the worst p99, the mean load."""
    requests, seconds = sum(r["requests"] for r in results), sum(r["seconds"] for r in results)
    return {
        "label": results[0]["label"],
        "requests": requests,
        "seconds": seconds,
        "per_second": requests / seconds,
        "p50_ms": statistics.median(r["p50_ms"] for r in results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "bad_status": sum(r["bad_status"] for r in results),
        "socket_errors": sum(r["socket_errors"] for r in results),
        "load": statistics.mean(r["load"] for r in results),
    }


def targets(rows: dict) -> list[str]:
    lines = []
    for mode, reference, least in TARGETS:
        if mode in rows and reference in rows:
            ratio = rows[mode]["per_second"] / rows[reference]["per_second"]
            verdict = "met" if ratio >= least else "missed"
            lines.append(f"{mode} / {reference}: {ratio:.2f} (target ≥ {least}: {verdict})")
    if "mixed" in rows:
        errors = rows["mixed"]["bad_status"] + rows["mixed"]["socket_errors"]
        lines.append(f"mixed errors: {errors} (target 0: {'met' if errors == 0 else 'missed'})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="Seconds per scenario (default 30).")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="gunicorn sync workers per application server (two servers; default nproc, 2 × nproc in all).",
    )
    parser.add_argument("--only", nargs="*", help="Run only these scenarios.")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="Run the scenarios this many times in turn, --duration each time, and add them up: on a shared "
        "machine a reference and the page it is compared with then meet the same load (default 1).",
    )
    args = parser.parse_args()
    missing = [
        *([] if shutil.which("wrk") else ["wrk (apt-get install -y wrk)"]),
        *([] if NGINX.exists() else [f"nginx ({NGINX})"]),
        *([] if os.environ.get("REDIS_URL") and redis_reachable() else ["REDIS_URL, a reachable Redis (sessions)"]),
        *([] if (STATIC_ROOT / "staticfiles.json").exists() else [f"collected static files in {STATIC_ROOT}"]),
    ]
    if missing:
        raise SystemExit("missing: " + "; ".join(missing))
    prepared = prepare()
    folder = Path(tempfile.mkdtemp(prefix="zhichuang-load-"))
    stack = Stack(folder, args.workers)
    print(
        f"{Proposal.objects.count():,} proposals; {len(prepared['ids'])} ids to read; nginx (HTTPS) in front of two "
        f"gunicorn servers × {args.workers} sync workers; sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]} on "
        f"{settings.REDIS_URL}; wrk {args.threads} threads, {args.connections} connections, {args.duration} s a line"
    )
    stack.start()
    rounds: dict[str, list[dict]] = {}
    try:
        check_urls(stack, prepared)
        for round_ in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"round {round_} of {args.rounds}", flush=True)
            for mode, label in SCENARIOS:
                if args.only and mode not in args.only:
                    continue
                load = os.getloadavg()[0]
                result = run_wrk(stack.base, mode, prepared, args, folder)
                if result["requests"] == 0:
                    result["socket_errors"] += args.connections  # every connection stuck: count them, never "0 errors"
                rounds.setdefault(mode, []).append(result | {"label": label, "load": load})
                print(
                    f"  {label:<55} {result['per_second']:8.1f} req/s  p99 {result['p99_ms']:7.1f} ms  "
                    f"errors {result['bad_status'] + result['socket_errors']}  (load {load:.1f})",
                    flush=True,
                )
    finally:
        stack.stop()
    rows = {mode: combined(results) for mode, results in rounds.items()}
    print()
    print("| scenario | req/s | p50 ms | p99 ms | errors | requests | load avg |\n|---|---:|---:|---:|---:|---:|---:|")
    for row in rows.values():
        errors = row["bad_status"] + row["socket_errors"]
        print(
            f"| {row['label']} | {row['per_second']:,.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {errors} | "
            f"{row['requests']:,} | {row['load']:.1f} |"
        )
    print()
    for line in targets(rows):
        print(line)
    if args.rounds > 1:
        each = [targets({mode: results[i] for mode, results in rounds.items()}) for i in range(args.rounds)]
        for i, lines in enumerate(each, 1):
            print(f"round {i}: " + "; ".join(line.split(" (")[0] for line in lines))


if __name__ == "__main__":
    main()
