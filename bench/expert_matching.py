"""Expert matching (zhichuang.experts.matching.match) at city scale: 20,000 experts.

    DATABASE_URL=sqlite:////tmp/expertbench.sqlite3 python bench/expert_matching.py [--experts 20000] [--matches 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhichuang_expertbench python bench/expert_matching.py

Migrates the database, writes N experts with core.bulk.insert_dicts (each a talent profile with 1–3
technical fields of the city's 20, one or two industries, an expertise text, a yearly limit of 10–30, this
year's done reviews, 0–12; 3 % suspended), settles the tables, then times one match of a synthetic
proposal (bench/similarity_corpus.py: its industry and text, which names two technical fields) and prints
p50/p95/p99 with the number of suggestions and exclusions.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.similarity_corpus import INDUSTRIES, proposal_text  # noqa: E402
from zhichuang.accounts.models import User  # noqa: E402
from zhichuang.core.bulk import insert_dicts, settle  # noqa: E402
from zhichuang.experts.matching import ReviewItem, match  # noqa: E402
from zhichuang.experts.models import (  # noqa: E402
    Expert,
    ExpertTag,
    ReviewAssignment,
    TechnicalField,
    field_tag,
    industry_tag,
)
from zhichuang.orgs import services as org_services  # noqa: E402
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization  # noqa: E402
from zhichuang.talent.models import TalentProfile  # noqa: E402

CHUNK = 5000
WORDS = (
    "数控机床",
    "液压系统",
    "焊接变形",
    "变频调速",
    "轴承磨损",
    "余热回收",
    "PLC 程序",
    "密封泄漏",
    "除尘",
    "空压机",
)


def full_row(model, **values) -> dict:
    """Every concrete column of a row (insert_dicts takes the first row's columns for all)."""
    row = {f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key}
    row.update(values)
    return row


def percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    at = lambda q: timings[min(len(timings) - 1, int(len(timings) * q))] * 1000  # noqa: E731
    return f"p50 {at(0.5):.1f} ms · p95 {at(0.95):.1f} ms · p99 {at(0.99):.1f} ms · max {timings[-1] * 1000:.1f} ms"


def build(count: int, rng: random.Random) -> None:
    city = Organization.objects.filter(kind=OrgKind.CITY, depth=1).first() or org_services.organization_create(
        actor=None, kind=OrgKind.CITY, parent=None, name="基准市总工会"
    )
    districts = list(Organization.objects.filter(kind=OrgKind.DISTRICT))
    while len(districts) < 10:
        districts.append(
            org_services.organization_create(
                actor=None, kind=OrgKind.DISTRICT, parent=city, name=f"基准区{len(districts) + 1}总工会"
            )
        )
    fields = list(TechnicalField.objects.all())
    inviter = User.objects.filter(username="bench-experts").first() or User.objects.create(
        username="bench-experts", display_name="基准"
    )
    divisions = sorted({DIVISION.get(name, "34") for name in INDUSTRIES})
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    first = TalentProfile.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for offset in range(0, count, CHUNK):
        size = min(CHUNK, count - offset)
        with transaction.atomic():
            insert_dicts(
                TalentProfile,
                [
                    full_row(
                        TalentProfile,
                        name=f"专家{offset + i}",
                        org_path=city.path,
                        expertise=rng.choice(WORDS),
                        created_at=now,
                        updated_at=now,
                    )
                    for i in range(size)
                ],
            )
            profiles = list(
                TalentProfile.objects.filter(id__gt=first)
                .order_by("id")
                .values_list("id", flat=True)[offset : offset + size]
            )
            rows, chosen = [], {}
            for profile_id in profiles:
                district = rng.choice(districts)
                mine = rng.sample(fields, rng.randint(1, 3))
                industries = rng.sample(divisions, rng.randint(1, 2))
                chosen[profile_id] = (mine, industries)
                text = " ".join([*(f.name for f in mine), rng.choice(WORDS), rng.choice(WORDS)])
                rows.append(
                    full_row(
                        Expert,
                        profile_id=profile_id,
                        industries=json.dumps(industries),  # the raw inserter writes JSON as text
                        expertise=rng.choice(WORDS),
                        match_text=text,
                        district_id=district.pk,
                        org_path=district.path,
                        term_start=today - datetime.timedelta(days=100),
                        term_end=today + datetime.timedelta(days=900),
                        state="suspended" if rng.random() < 0.03 else "active",
                        yearly_limit=rng.choice((10, 20, 20, 30)),
                        state_changed_at=now,
                        created_at=now,
                    )
                )
            insert_dicts(Expert, rows)
            experts = dict(Expert.objects.filter(profile_id__in=profiles).values_list("profile_id", "id"))
            tags, done = [], []
            for profile_id, (mine, industries) in chosen.items():
                expert_id = experts[profile_id]
                tags += [{"expert_id": expert_id, "tag": field_tag(f.pk)} for f in mine]
                tags += [{"expert_id": expert_id, "tag": industry_tag(code)} for code in industries]
                done.extend(
                    full_row(
                        ReviewAssignment,
                        expert_id=expert_id,
                        kind="proposal",
                        item_id=10_000_000 + expert_id * 20 + n,
                        title="基准评审",
                        url="/",
                        org_path=city.path,
                        year=today.year,
                        state="done",
                        state_changed_at=now,
                        invited_by_id=inviter.pk,
                        created_at=now,
                    )
                    for n in range(rng.randint(0, 12))
                )
            insert_dicts(ExpertTag, tags)
            insert_dicts(ReviewAssignment, done)
        print(f"  {offset + size:>6} experts", flush=True)
    settle(TalentProfile, Expert, ExpertTag, ReviewAssignment)
    print(f"built {count} experts in {time.perf_counter() - started:.1f} s", flush=True)


# The corpus's industries as GB/T 4754 divisions.
DIVISION = {
    "机械": "34",
    "钢铁": "31",
    "纺织": "17",
    "化工": "26",
    "电力": "44",
    "建筑": "47",
    "食品": "14",
    "电子": "39",
    "交通": "54",
    "采矿": "06",
    "医药": "27",
    "汽车": "36",
}


def items(n: int, rng: random.Random):
    names = [f.name for f in TechnicalField.objects.all()]
    for i in range(n):
        industry, text = proposal_text(i)
        named = "、".join(rng.sample(names, 2))  # a proposal names the fields it belongs to in its text
        yield ReviewItem(
            kind="proposal",
            title=text.splitlines()[0],
            text=f"{text} 涉及{named}。",
            industry=DIVISION.get(industry, "34"),
            credit_codes=("91320100MA1BENCH00",),
            org_paths=("000001000099",),
            worker_ids=(),
            item_id=20_000_000 + i,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=20_000)
    parser.add_argument("--matches", type=int, default=200)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    rng = random.Random(2026)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    if not args.skip_build:
        build(args.experts, rng)
    print(f"experts in the pool: {Expert.objects.count()}, tags: {ExpertTag.objects.count()}", flush=True)
    timings, suggested, excluded = [], 0, 0
    for item in items(args.matches, rng):
        started = time.perf_counter()
        found = match(item)
        timings.append(time.perf_counter() - started)
        suggested += len(found.suggestions)
        excluded += len(found.excluded)
    print(f"match ({args.matches} items): {percentiles(timings)}")
    print(f"  {suggested / args.matches:.1f} suggestions and {excluded / args.matches:.1f} exclusions an item")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
