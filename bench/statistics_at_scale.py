"""Server time of the statistics page (its API, the enterprise ranking) for the city and one district at scale.

Runs in-process with Django's test Client, logged in with a real session, against the
database in DATABASE_URL (not a test database), e.g. the 1,000,000-proposal set:

    DATABASE_URL=postgres:///zhichuang_propbench python bench/statistics_at_scale.py [--requests 200]

If the rollup is empty it is built first (`zhichuang rebuild_statistics`) and the build is
timed. Benchmark accounts (bench-stats-city, bench-stats-district) are created on first run.
Prints p50/p95/max in milliseconds and the queries per request, then the time of one
incremental refresh (what every proposal change costs after its commit). `--only ranking` (repeatable:
statistics, ranking, refresh) measures only those lines.
See docs/statistics.md and docs/benchmarks.md.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from bench.people_at_scale import bench_user, get_ok, measure
from zhichuang.accounts.roles import Role
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.ranking import ORDERS
from zhichuang.proposals.rollup.models import StatCell
from zhichuang.proposals.rollup.services import rollup_refresh
from zhichuang.statistics.services import statistics_rebuild

PARTS = ("statistics", "ranking", "refresh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", choices=PARTS, action="append", help="measure these parts only (repeatable)")
    args = parser.parse_args()
    parts = set(args.only or PARTS)
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
        .annotate(n=Count("id"))
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
        if "statistics" in parts:
            measure(f"statistics page · {label}", get_ok(client, "/statistics/", {"year": year}), args.requests, rows)
            measure(
                f"statistics page, one kind · {label}",
                get_ok(client, "/statistics/", {"year": year, "kind": "innovation"}),
                args.requests,
                rows,
            )
            measure(
                f"API /statistics · {label}", get_ok(client, "/api/v1/statistics", {"year": year}), args.requests, rows
            )
        if "ranking" in parts:
            for order in ORDERS:
                page = get_ok(client, "/proposals/ranking/", {"year": year, "by": order})
                measure(f"enterprise ranking by {order} · {label}", page, args.requests, rows)
            page = get_ok(client, "/proposals/ranking/", {"year": year, "kind": "innovation", "by": "adoption"})
            measure(f"enterprise ranking by adoption, one kind · {label}", page, args.requests, rows)

    if "refresh" not in parts:
        _print(rows)
        return
    rng = random.Random(1)
    paths = list(
        Proposal.objects.filter(district=district, submitted_at__year=year).values_list("org_path", flat=True)[:2000]
    )

    def refresh():
        rollup_refresh(org_path=rng.choice(paths), year=year)

    measure("incremental refresh of one enterprise-year", refresh, min(args.requests, 100), rows)
    _print(rows)


def _print(rows: list[tuple]) -> None:
    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {queries:.0f} |")


if __name__ == "__main__":
    main()
