"""Server time of the talent pool's search and pages at the scale of DESIGN.md (50,000 talent profiles).

Runs in-process with Django's test Client against the database in DATABASE_URL (not a test database). If
it holds fewer than --profiles talent profiles, the talent pool's demo step adds them first (the scale
generator's workers; timed). Benchmark accounts (bench-stats-city, bench-stats-district) are reused from
bench/statistics_at_scale.py or created. Prints p50/p95/max in milliseconds and the queries per request.

    DATABASE_URL=postgresql://…/zhichuang_propbench python bench/talent_at_scale.py --profiles 50000 --requests 20
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.db.models import Count
from django.test import Client
from django.utils import timezone

from bench.people_at_scale import bench_user, get_ok, measure
from zhichuang.accounts.roles import Role
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.talent.demo import TalentGenerator
from zhichuang.talent.models import HonourType, ProfileCategory, TalentProfile
from zhichuang.talent.services import profile_refresh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    have = TalentProfile.objects.count()
    if have < args.profiles:
        started = time.perf_counter()
        as_of = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
        generator = TalentGenerator(city=city, seed=11, as_of=as_of, actor_id=None)
        generator.actor_id = bench_user("bench-stats-city", Role.CITY_ADMIN, city).pk
        made = generator.run(profiles=args.profiles - have, story_worker=None)
        print(f"talent pool built: {made} in {time.perf_counter() - started:,.1f} s")
    if not ProfileCategory.objects.exists():  # a build that stopped before the categories followed
        started = time.perf_counter()
        for profile in TalentProfile.objects.select_related("worker").iterator(chunk_size=2000):
            profile_refresh(profile)
        print(f"categories derived in {time.perf_counter() - started:,.1f} s")
    print(f"{TalentProfile.objects.count():,} talent profiles")
    busiest = (
        TalentProfile.objects.exclude(district=None).values("district").annotate(n=Count("id")).order_by("-n").first()
    )
    district = Organization.objects.get(pk=busiest["district"])
    craftsman = HonourType.objects.get(name="市工匠")
    one = TalentProfile.objects.filter(org_path__startswith=district.path).order_by("-id").first()
    rows: list[tuple] = []
    for label, user in {
        "city": bench_user("bench-stats-city", Role.CITY_ADMIN, city),
        "district": bench_user("bench-stats-district", Role.DISTRICT_ADMIN, district),
    }.items():
        client = Client()
        client.force_login(user)
        for name, params in (
            ("list", {}),
            ("search 数控", {"q": "数控"}),
            ("search 腐蚀 (rare)", {"q": "腐蚀"}),
            ("craftsmen, city level", {"category": "craftsman", "level": "city"}),
            ("holders of 市工匠", {"honour_type": craftsman.pk}),
            ("skill level 技师", {"skill_level": 2}),
            ("list, page 40", {"page": 40}),
        ):
            measure(f"talent {name} · {label}", get_ok(client, "/talent/", params), args.requests, rows)
        measure(f"talent profile page · {label}", get_ok(client, f"/talent/{one.pk}/"), args.requests, rows)
        measure(f"API talent profiles · {label}", get_ok(client, "/api/v1/talent/profiles"), args.requests, rows)
    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {queries:.0f} |")


if __name__ == "__main__":
    main()
