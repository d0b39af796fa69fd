"""Page census: every GET page and API read of the installation, as every demo role, at city scale.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zhichuang_propbench REDIS_URL=redis://127.0.0.1:6379/3 \\
    DEBUG=0 SECURE_SSL_REDIRECT=0 STATIC_ROOT=/tmp/zc_static SECRET_KEY=… PII_ENCRYPTION_KEY=… \\
        python bench/page_census.py [--requests 20] [--roles city-admin worker …] [--only /proposals/ …]

The URLs are not listed here: they come from the URL configuration and the API's OpenAPI document through
tests/site_urls.py, the enumeration the personal-data sweep uses, so a new page or endpoint is counted
without being added. Each demo role (zhichuang.demo.loader.DEMO_ACCOUNTS: a bench-census-* account with
that role at the demo's place, the city, the first district or that district's busiest enterprise; the
worker is a co-proposer of that enterprise without an account, given a bench one: bench_worker) requests
every URL in process with Django's test Client and a real session, path parameters filled with ids in the
role's scope. A URL answering 200 is requested 2 times to warm up and then --requests times; one slower
than 2 s both times (an export of up to 100,000 rows) is not repeated: the second time is its figure. The
first request's time is printed too (cold caches: the home page counts its cards once a minute).
Others (403, 404, 405 for a POST-only view, a redirect) are listed with their status.

Prints p50 / p95 server time and the queries per request, and flags every URL over 100 ms at p95 and
every URL whose queries grow with its rows: one statement repeated 5 times or more in a request (a query
per row), or an API list with 5 queries or more at ?limit=50 than at ?limit=2. See docs/benchmarks.md.
"""

import argparse
import collections
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.people_at_scale import bench_worker, check
from bench.proposals_at_scale import pick_places
from tests import site_urls
from zhichuang.accounts.models import RoleAssignment, User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import forget_grants
from zhichuang.accounts.selectors import worker_list
from zhichuang.accounts.services import role_grant
from zhichuang.api.api import api
from zhichuang.demo.loader import DEMO_ACCOUNTS
from zhichuang.imports.models import ImportJob
from zhichuang.orgs.selectors import organization_list
from zhichuang.payouts.selectors import payout_list
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Campaign, Proposal
from zhichuang.proposals.selectors import proposal_list

SLOW_MS = 100
SLOW_FIRST_MS = 2000  # a URL slower than this the first time is not repeated
REPEATED = 5  # the same statement this often in one request: a query per row
URLS_PER_ROUTE = 2  # two ids a route: the second shows whether the queries depend on the record
SQL_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|%s")


def census_user(account, places) -> User:
    """The bench account of one demo role, granted like the demo's (personal-data permission included)."""
    if account.role == Role.WORKER:
        return bench_worker(f"bench-census-{account.username}", places["enterprise"])
    user, _ = User.objects.get_or_create(
        username=f"bench-census-{account.username}", defaults={"display_name": account.display_name}
    )
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
    if not RoleAssignment.objects.filter(user=user, role=account.role).exists():
        role_grant(
            actor=None,
            user=user,
            role=account.role,
            organization=places[account.place],
            can_view_pii=account.can_view_pii,
        )
    forget_grants(user)
    return user


def pools(user) -> dict[str, list]:
    """A few ids in the user's scope for each kind of path parameter (tests/site_urls.ROUTE_POOLS)."""
    visible = proposal_list(user=user).exclude(state=ProposalState.DRAFT)
    newest = list(visible.values_list("pk", flat=True)[:1])
    # A rewarded proposal with benefit claims and payout shares, for the sub-pages that take their ids.
    rewarded = list(
        visible.filter(state=ProposalState.REWARDED, benefit_claims__isnull=False)
        .values_list("pk", flat=True)
        .distinct()[:1]
    )
    return {
        "proposal": list(dict.fromkeys(newest + rewarded)),
        "worker": list(worker_list(user=user).values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "org": list(organization_list(user=user).values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "campaign": list(Campaign.objects.order_by("-id").values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "job": list(ImportJob.objects.order_by("-id").values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "role": list(RoleAssignment.objects.order_by("id").values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "user": list(User.objects.order_by("id").values_list("pk", flat=True)[:URLS_PER_ROUTE]),
        "payout": list(payout_list(user=user).values_list("pk", flat=True)[:URLS_PER_ROUTE]),
    }


def urls_for(user, label: str) -> list[tuple[str, str]]:
    """(route, URL) for every page and API read, at most URLS_PER_ROUTE URLs a route."""
    ids = pools(user)
    found = []
    for route, _name in site_urls.page_routes():
        found += [(route, url) for url in site_urls.fill(route, ids)[:URLS_PER_ROUTE]]
    paths = api.get_openapi_schema()["paths"]
    for path, _paginated in site_urls.api_get_paths(paths):
        filled = site_urls.api_urls({path: paths[path]}, ids, limit=None)
        found += [(path, url) for url in filled[:URLS_PER_ROUTE]]
    if label == "sysadmin":
        found += [(url, url) for url in site_urls.admin_urls(per_model=1)]
    return found


def shape(sql: str) -> str:
    return SQL_LITERALS.sub("?", sql)


def request(client: Client, url: str):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # an export: the time to produce all of it
    return response


def measure(client: Client, url: str, requests: int) -> dict:
    started = time.perf_counter()
    first = request(client, url)
    first_ms = (time.perf_counter() - started) * 1000
    if first.status_code != 200:
        return {"status": first.status_code}
    started = time.perf_counter()
    request(client, url)  # the second warm-up: caches filled by the first (the home page's cards) now serve
    second_ms = (time.perf_counter() - started) * 1000
    if first_ms > SLOW_FIRST_MS and second_ms > SLOW_FIRST_MS:  # an export of 100,000 rows: not repeated
        return {
            "status": 200,
            "p50": second_ms,
            "p95": second_ms,
            "first": first_ms,
            "queries": 0,
            "repeated": 0,
            "requests": 1,
        }
    timings, queries, repeated = [], [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(client, url)
            timings.append((time.perf_counter() - started) * 1000)
        check(response.status_code == 200, f"{url} answered {response.status_code} after 200")
        queries.append(len(captured))
        shapes = collections.Counter(shape(query["sql"]) for query in captured.captured_queries)
        repeated = max(repeated, max(shapes.values(), default=0))
    timings.sort()
    return {
        "status": 200,
        "p50": statistics.median(timings),
        "p95": timings[max(0, round(len(timings) * 0.95) - 1)],
        "first": first_ms,
        "queries": max(queries),
        "repeated": repeated,
        "requests": len(timings),
    }


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request(client, url)
    return len(captured) if response.status_code == 200 else -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--roles", nargs="*", help="Only these demo roles (usernames: city-admin, worker, …).")
    parser.add_argument("--only", nargs="*", help="Only URLs containing one of these strings.")
    parser.add_argument("--exact", action="store_true", help="--only names whole URLs.")
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    print(
        f"{Proposal.objects.count():,} proposals, {Worker.objects.count():,} workers on {db['ENGINE']}; "
        f"sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}; {args.requests} requests a URL"
    )
    city, district, enterprise = pick_places()
    places = {"city": city, "district": district, "enterprise": enterprise}
    print(f"city: {city.name}; district: {district.name}; enterprise: {enterprise.name}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 120000")  # nothing hangs the census
    paths = api.get_openapi_schema()["paths"]
    paginated = {path for path, is_paginated in site_urls.api_get_paths(paths) if is_paginated}
    rows, others = [], collections.defaultdict(list)
    started = time.monotonic()
    for account in DEMO_ACCOUNTS:
        if args.roles and account.username not in args.roles:
            continue
        user = census_user(account, places)
        client = Client()
        client.force_login(user)
        # A test Client loads the middleware on its first request (WhiteNoise then indexes the 9,000 static
        # files: 3 s), which a gunicorn worker does once when it starts: not a page's cost.
        request(client, "/api/v1/me")
        for route, url in urls_for(user, account.username):
            if args.only and not any(word == url if args.exact else word in url for word in args.only):
                continue
            result = measure(client, url, args.requests)
            if result["status"] != 200:
                others[account.username].append(f"{url} {result['status']}")
                continue
            flags = []
            if result["p95"] > SLOW_MS:
                flags.append(f"over {SLOW_MS} ms")
            if result["repeated"] >= REPEATED:
                flags.append(f"one statement {result['repeated']}× a request")
            if route in paginated:
                # The capped count is one query more on a page that is not the last: 5 more is a query per row.
                few, many = query_count(client, f"{url}?limit=2"), query_count(client, f"{url}?limit=50")
                if many - few >= REPEATED:
                    flags.append(f"queries {few} at limit=2, {many} at limit=50")
            rows.append((account.username, url, result, flags))
            print(
                f"  {account.username:<16} {url[:60]:<60} p50 {result['p50']:7.1f}  p95 {result['p95']:7.1f}  "
                f"first {result['first']:7.1f}  q {result['queries']:3d}  {'; '.join(flags)}",
                flush=True,
            )
    print(f"\n{len(rows)} URLs measured in {time.monotonic() - started:.0f} s\n")
    print("| role | URL | p50 ms | p95 ms | first ms | queries | flag |\n|---|---|---:|---:|---:|---:|---|")
    for role, url, result, flags in rows:
        note = "; ".join(flags) + (f" ({result['requests']} request)" if result["requests"] < args.requests else "")
        print(
            f"| {role} | `{url}` | {result['p50']:.1f} | {result['p95']:.1f} | {result['first']:.1f} | "
            f"{result['queries']} | {note} |"
        )
    print("\nNot 200 (not measured):")
    for role, answers in others.items():
        print(f"- {role}: " + ", ".join(answers))
    flagged = [(role, url, flags) for role, url, _result, flags in rows if flags]
    print(f"\n{len(flagged)} of {len(rows)} flagged:")
    for role, url, flags in flagged:
        print(f"- {role} {url}: {'; '.join(flags)}")


if __name__ == "__main__":
    main()
