"""Server time of the statistics page (and its API) for the city and for one district at scale.

Runs in-process with Django's test Client, logged in with a real session, against the
database in DATABASE_URL (not a test database), e.g. the 1,000,000-proposal set:

    DATABASE_URL=postgres:///zhichuang_propbench python bench/statistics_at_scale.py [--requests 200]

If the rollup is empty it is built first (`zhichuang rebuild_statistics`) and the build is
timed. Benchmark accounts (bench-stats-city, bench-stats-district) are created on first run.
Prints p50/p95/max in milliseconds and the queries per request, then the time of one
incremental refresh (what every proposal change costs after its commit).
See docs/statistics.md and docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhichuang.accounts.models import RoleAssignment, User  # noqa: E402
from zhichuang.accounts.roles import Role  # noqa: E402
from zhichuang.accounts.scoping import forget_grants  # noqa: E402
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization  # noqa: E402
from zhichuang.proposals.models import Proposal  # noqa: E402
from zhichuang.statistics.models import StatCell  # noqa: E402
from zhichuang.statistics.services import rollup_refresh, statistics_rebuild  # noqa: E402


def bench_user(username: str, role: Role, org: Organization) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": username})
    RoleAssignment.objects.get_or_create(user=user, role=role, organization=org)
    forget_grants(user)
    return user


def measure(label: str, call, requests: int, rows: list) -> None:
    for _ in range(10):  # warm the connection, caches and PostgreSQL's buffers
        call()
    timings = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(requests):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    rows.append(
        (label, statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1], len(queries) / requests)
    )
    print(f"  {label:<50} p50 {rows[-1][1]:7.1f}  p95 {rows[-1][2]:7.1f}", flush=True)


def get_ok(client: Client, url: str, params=None):
    def call():
        response = client.get(url, params or {})
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    print(f"{Proposal.objects.count():,} proposals on {db['ENGINE']} {db.get('NAME')}")
    if not StatCell.objects.exists():
        started = time.perf_counter()
        counted = statistics_rebuild()
        print(f"rollup built: {counted:,} proposals in {time.perf_counter() - started:,.1f} s")
    print(f"{StatCell.objects.count():,} rollup cells")

    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    busiest = (
        Proposal.objects.filter(submitted_at__isnull=False)
        .values("district_id")
        .order_by()
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")
        .first()
    )
    district = Organization.objects.get(pk=busiest["district_id"])
    year = timezone.localtime(
        Proposal.objects.filter(submitted_at__isnull=False).latest("submitted_at").submitted_at
    ).year
    clients = {}
    for label, user in {
        "city": bench_user("bench-stats-city", Role.CITY_ADMIN, city),
        "district": bench_user("bench-stats-district", Role.DISTRICT_ADMIN, district),
    }.items():
        clients[label] = Client()
        clients[label].force_login(user)
    print(f"district: {district.name} ({busiest['n']:,} proposals); year {year}")

    rows: list[tuple] = []
    for label, client in clients.items():
        measure(f"statistics page · {label}", get_ok(client, "/statistics/", {"year": year}), args.requests, rows)
        measure(
            f"statistics page, one kind · {label}",
            get_ok(client, "/statistics/", {"year": year, "kind": "innovation"}),
            args.requests,
            rows,
        )
        measure(f"API /statistics · {label}", get_ok(client, "/api/v1/statistics", {"year": year}), args.requests, rows)

    rng = random.Random(1)
    paths = list(
        Proposal.objects.filter(district=district, submitted_at__year=year).values_list("org_path", flat=True)[:2000]
    )

    def refresh():
        rollup_refresh(org_path=rng.choice(paths), year=year)

    measure("incremental refresh of one enterprise-year", refresh, min(args.requests, 100), rows)

    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {queries:.0f} |")


if __name__ == "__main__":
    main()
