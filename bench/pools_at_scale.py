"""Server time of the expert pool's, training's, 师带徒's and the named methods' pages at the scale of DESIGN.md.

Runs in-process with Django's test Client against the database in DATABASE_URL (not a test database), one
built with `zhichuang generate_scale --enterprises 50000 --workers 3000000 --districts 20` whose talent pool
bench/talent_at_scale.py filled (50,000 profiles). Whatever is missing is written first with
core.bulk.insert_dicts (COPY on PostgreSQL), each part timed:

- experts (--experts, 20,000): talent profiles taken into the pool, 86 % in it, the rest applied, invited,
  suspended or declined; 1–3 of the city's technical fields and one or two industries each (the tags
  matching reads), a three-year term, 0–12 reviews this year and 0–20 in earlier ones.
- trainings (--trainings, 20,000 over five years): 70 % organised by an enterprise, 25 % by a district,
  5 % by the city; 1–5 sessions, 20–60 places, about 30 enrolments each from the organiser's workers (some
  waiting, some cancelled), attendance of the held sessions and completions with certificates.
- 师带徒 pairs (--pairs, 30,000): a talent profile's worker as master and a colleague as apprentice, in every
  state, three milestones each.
- named methods (--methods, 10,000): 1–3 inventors of the enterprise, 1–3 effects, a recognition history up
  the levels (one application a level, an open one for some), a fifth practised elsewhere, about a third of
  the recognised ones in the public registry.

A bench worker (bench-pool-worker) is given an account: enrolled on a dozen trainings, an apprentice, an
inventor. Prints p50/p95/max in milliseconds and the queries per request.

    python bench/pools_at_scale.py [--requests 50] [--only experts,training,pairs,methods,public,worker]
"""

import argparse
import datetime
import json
import os
import random
import secrets
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.people_at_scale import bench_user, get_ok  # noqa: E402
from bench.people_at_scale import measure as measure_line  # noqa: E402
from zhichuang.accounts.models import RoleAssignment, User, Worker  # noqa: E402
from zhichuang.accounts.roles import Role  # noqa: E402
from zhichuang.accounts.scoping import forget_grants  # noqa: E402
from zhichuang.core.bulk import insert_dicts, next_id, reset_sequences, settle  # noqa: E402
from zhichuang.experts.models import Expert, ExpertTag, ReviewAssignment, TechnicalField  # noqa: E402
from zhichuang.methods.models import (  # noqa: E402
    MethodAdoption,
    MethodApplication,
    MethodEffect,
    MethodInventor,
    NamedMethod,
)
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization, ancestor_at  # noqa: E402
from zhichuang.talent.enums import TalentCategory  # noqa: E402
from zhichuang.talent.models import ProfileCategory, TalentProfile  # noqa: E402
from zhichuang.training.models import (  # noqa: E402
    Apprenticeship,
    Attendance,
    CompletionCount,
    Enrolment,
    Milestone,
    Session,
    Training,
)
from zhichuang.training.rollup import completions_rebuild  # noqa: E402

CHUNK = 50_000
DIVISIONS = ("34", "31", "17", "26", "44", "47", "14", "39", "54", "06", "27", "36")
SUBJECTS = (
    ("数控加工", "数控车工"),
    ("焊接工艺", "焊工"),
    ("电气自动化", "电工"),
    ("设备维修", "机修钳工"),
    ("安全生产", "安全员"),
    ("质量管理", "质检员"),
    ("化工工艺", "化工操作工"),
    ("精密测量", "计量工"),
    ("机器人运维", "工业机器人运维员"),
    ("电力运维", "变电运维工"),
    ("汽车装配", "汽车装调工"),
    ("锅炉运行", "锅炉操作工"),
)
KINDS = ("培训班", "技能提升班", "专题讲座", "实操训练营", "技能比武集训")
METHOD_WORDS = ("快速换型", "精准对中", "零缺陷", "三步", "五点", "一看二听三摸", "预防性", "巡检", "调试", "装配")
CITY_DEPTH, DISTRICT_DEPTH = 1, 2


def timed(label):
    def wrap(build):
        def run(*args, **kwargs):
            started = time.perf_counter()
            with transaction.atomic():
                made = build(*args, **kwargs)
            print(f"  {label}: {made} in {time.perf_counter() - started:,.1f} s", flush=True)

        return run

    return wrap


class World:
    """What the builders draw on: the city, districts, enterprises and their workers (ids only), the profiles."""

    def __init__(self, rng: random.Random):
        started = time.perf_counter()
        self.rng = rng
        self.city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
        self.districts = list(Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path"))
        self.district_of_path = {d.path: d for d in self.districts}
        self.enterprises = {
            pk: path for pk, path in Organization.objects.filter(kind=OrgKind.ENTERPRISE).values_list("pk", "path")
        }
        self.workers: dict[int, list[int]] = {}
        rows = Worker.objects.filter(user__isnull=True).order_by("id").values_list("employer_id", "id")
        for employer_id, pk in rows.iterator(chunk_size=100_000):
            self.workers.setdefault(employer_id, []).append(pk)
        self.by_district: dict[str, list[int]] = {}
        for pk, path in self.enterprises.items():
            if len(self.workers.get(pk, ())) >= 5:
                self.by_district.setdefault(ancestor_at(path, DISTRICT_DEPTH), []).append(pk)
        self.staffed = [pk for pks in self.by_district.values() for pk in pks]
        self.big = [pk for pk in self.staffed if len(self.workers[pk]) >= 40]
        self.actor = bench_user("bench-stats-city", Role.CITY_ADMIN, self.city)
        print(
            f"  world: {len(self.enterprises):,} enterprises, {sum(map(len, self.workers.values())):,} workers "
            f"without an account, read in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

    def district_id(self, path: str) -> int | None:
        district = self.district_of_path.get(ancestor_at(path, DISTRICT_DEPTH))
        return district.pk if district else None


def day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def aware(on: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(hour)))


# ---- experts --------------------------------------------------------------------------------------------


@timed("experts")
def build_experts(world: World, count: int) -> str:
    rng, today = world.rng, timezone.localdate()
    fields = list(TechnicalField.objects.values_list("pk", "name"))
    profiles = list(
        TalentProfile.objects.filter(expert__isnull=True)
        .order_by("id")
        .values_list("id", "district_id", "expertise", "organization__credit_code")
    )
    chosen = sorted(rng.sample(profiles, min(count, len(profiles))))
    expert_id, now = next_id(Expert), timezone.now()
    experts, tags, chosen_fields, reviews, categories = [], [], [], [], []
    review_id = next_id(ReviewAssignment)
    states = (("active", 86), ("applied", 5), ("invited", 3), ("suspended", 3), ("declined", 3))
    for n, (profile_id, district_id, expertise, credit_code) in enumerate(chosen):
        pk = expert_id + n
        district = next((d for d in world.districts if d.pk == district_id), None)
        mine = rng.sample(fields, rng.randint(1, 3))
        industries = rng.sample(DIVISIONS, rng.randint(1, 2))
        state = rng.choices(*zip(*states, strict=True))[0]
        start = day(rng, today - datetime.timedelta(days=3 * 365), today)
        experts.append(
            {
                "id": pk,
                "profile_id": profile_id,
                "title": rng.choice(("", "intermediate", "associate_senior", "senior")),
                "industries": json.dumps(industries),
                "expertise": expertise or "",
                "match_text": " ".join([*(name for _pk, name in mine), expertise or ""]),
                "employer_credit_code": credit_code or "",
                "district_id": district.pk if district else None,
                "org_path": district.path if district else world.city.path,
                "term_start": start,
                "term_end": start + datetime.timedelta(days=3 * 365),
                "busy_until": today + datetime.timedelta(days=rng.randint(1, 60)) if rng.random() < 0.05 else None,
                "yearly_limit": rng.choice((10, 20, 20, 30)),
                "state": state,
                "version": 1,
                "state_changed_at": aware(start),
                "created_by_id": world.actor.pk,
                "created_at": aware(start),
            }
        )
        tags += [{"expert_id": pk, "tag": f"f:{field_pk}"} for field_pk, _name in mine]
        tags += [{"expert_id": pk, "tag": f"i:{code}"} for code in industries]
        chosen_fields += [{"expert_id": pk, "technicalfield_id": field_pk} for field_pk, _name in mine]
        if state == "active":
            categories.append({"profile_id": profile_id, "category": TalentCategory.EXPERT, "level": ""})
            for year, done in ((today.year, rng.randint(0, 12)), (today.year - 1, rng.randint(0, 20))):
                for k in range(done):
                    review_id += 1
                    open_now = year == today.year and k == 0 and rng.random() < 0.3
                    reviews.append(
                        {
                            "id": review_id,
                            "expert_id": pk,
                            "kind": "proposal",
                            "item_id": 30_000_000 + review_id,
                            "title": f"合理化建议评审 {review_id}",
                            "url": "/proposals/",
                            "org_path": district.path if district else world.city.path,
                            "year": year,
                            "state": "invited" if open_now else "done",
                            "version": 1,
                            "state_changed_at": now,
                            "invited_by_id": world.actor.pk,
                            "created_at": now,
                            "done_at": None if open_now else now,
                        }
                    )
    insert_dicts(Expert, experts)
    insert_dicts(ExpertTag, tags)
    insert_dicts(Expert.fields.through, chosen_fields)
    insert_dicts(ReviewAssignment, reviews)
    insert_dicts(ProfileCategory, categories)
    reset_sequences(Expert, ReviewAssignment)
    return f"{len(experts):,} experts, {len(tags):,} tags, {len(reviews):,} reviews"


# ---- trainings ------------------------------------------------------------------------------------------


@timed("trainings")
def build_trainings(world: World, count: int) -> str:
    rng, today = world.rng, timezone.localdate()
    teachers = list(TalentProfile.objects.values_list("id", flat=True))
    training_id, session_id, enrolment_id = next_id(Training), next_id(Session), next_id(Enrolment)
    trainings, sessions, enrolments, attendances = [], [], [], []
    codes = set()
    first_day = today - datetime.timedelta(days=5 * 365)
    for n in range(count):
        pk = training_id + n
        roll = rng.random()
        if roll < 0.70:
            organizer = rng.choice(world.big)
            organizer_path, pool = world.enterprises[organizer], [organizer]
        elif roll < 0.95:
            district = rng.choice(world.districts)
            organizer, organizer_path, pool = district.pk, district.path, world.by_district.get(district.path, [])
        else:
            organizer, organizer_path, pool = world.city.pk, world.city.path, world.staffed
        subject, trade = rng.choice(SUBJECTS)
        starts = day(rng, first_day, today + datetime.timedelta(days=60))
        held = starts < today - datetime.timedelta(days=20)
        state = (
            ("finished" if rng.random() < 0.93 else "closed")
            if held
            else rng.choices(("open", "closed", "draft"), (60, 20, 20))[0]
        )
        count_sessions = rng.randint(1, 5)
        dates = [starts + datetime.timedelta(days=7 * k) for k in range(count_sessions)]
        hours = Decimal(3 * count_sessions)
        capacity = rng.choice((20, 30, 30, 40, 50, 60))
        trainings.append(
            {
                "id": pk,
                "organizer_id": organizer,
                "org_path": organizer_path,
                "title": f"{starts.year}年{subject}{rng.choice(KINDS)}（第{n % 9 + 1}期）",
                "subject": subject,
                "trade": trade,
                "description": f"面向{trade}的{subject}培训，理论与实操结合。",
                "teacher_id": rng.choice(teachers) if rng.random() < 0.5 else None,
                "capacity": capacity,
                "hours": hours,
                "attendance_share": 80,
                "state": state,
                "version": 1,
                "state_changed_at": aware(starts),
                "finished_on": dates[-1] if state == "finished" else None,
                "created_by_id": world.actor.pk,
                "created_at": aware(starts - datetime.timedelta(days=30)),
            }
        )
        session_ids = []
        for k, on in enumerate(dates):
            session_ids.append(session_id)
            sessions.append(
                {
                    "id": session_id,
                    "training_id": pk,
                    "date": on,
                    "starts_at": "09:00:00" if k % 2 == 0 else "14:00:00",  # text: SQLite's driver takes no time
                    "ends_at": "12:00:00" if k % 2 == 0 else "17:00:00",
                    "place": "职工培训中心",
                    "hours": Decimal(3),
                }
            )
            session_id += 1
        if state == "draft" or not pool:
            continue
        wanted = int(capacity * rng.uniform(0.5, 1.15))
        taken = set()
        for k in range(wanted):
            employer = rng.choice(pool)
            worker = rng.choice(world.workers[employer])
            if worker in taken:
                continue
            taken.add(worker)
            status = "enrolled" if k < capacity else "waiting"
            if rng.random() < 0.05:
                status = "cancelled"
            attended = [s for s in session_ids if rng.random() < 0.9] if status == "enrolled" and held else []
            complete = state == "finished" and len(attended) * 100 >= 80 * len(session_ids)
            code = None
            if complete:
                code = secrets.token_hex(8)
                while code in codes:
                    code = secrets.token_hex(8)
                codes.add(code)
            enrolments.append(
                {
                    "id": enrolment_id,
                    "training_id": pk,
                    "worker_id": worker,
                    "org_path": world.enterprises[employer],
                    "state": status,
                    "enrolled_by_id": world.actor.pk,
                    "created_at": aware(starts - datetime.timedelta(days=20), 8) + datetime.timedelta(seconds=k),
                    "cancelled_at": aware(starts - datetime.timedelta(days=10)) if status == "cancelled" else None,
                    "completed_on": dates[-1] if complete else None,
                    "hours_credited": hours if complete else None,
                    "certificate_code": code,
                }
            )
            attendances += [
                {
                    "session_id": s,
                    "enrolment_id": enrolment_id,
                    "method": "qr" if rng.random() < 0.8 else "roll_call",
                    "at": aware(dates[session_ids.index(s)]),
                    "recorded_by_id": world.actor.pk,
                }
                for s in attended
            ]
            enrolment_id += 1
    insert_dicts(Training, trainings)
    insert_dicts(Session, sessions)
    for offset in range(0, len(enrolments), CHUNK):
        insert_dicts(Enrolment, enrolments[offset : offset + CHUNK])
    for offset in range(0, len(attendances), CHUNK):
        insert_dicts(Attendance, attendances[offset : offset + CHUNK])
    reset_sequences(Training, Session, Enrolment, Attendance)
    completed = sum(1 for e in enrolments if e["completed_on"])
    return (
        f"{len(trainings):,} trainings, {len(sessions):,} sessions, {len(enrolments):,} enrolments "
        f"({completed:,} completed), {len(attendances):,} attendances"
    )


# ---- 师带徒 ---------------------------------------------------------------------------------------------


@timed("pairs")
def build_pairs(world: World, count: int) -> str:
    rng, today = world.rng, timezone.localdate()
    masters = [
        (pk, employer)
        for pk, employer in TalentProfile.objects.filter(worker__isnull=False).values_list("id", "worker__employer_id")
        if len(world.workers.get(employer, ())) >= 5
    ]
    pair_id = next_id(Apprenticeship)
    pairs, milestones = [], []
    states = (("active", 40), ("completed", 33), ("failed", 5), ("ended", 10), ("proposed", 12))
    for n in range(count):
        pk = pair_id + n
        master, employer = rng.choice(masters)
        apprentice = rng.choice(world.workers[employer])
        state = rng.choices(*zip(*states, strict=True))[0]
        years = rng.randint(1, 3)
        if state in ("completed", "failed", "ended"):
            starts = day(rng, today - datetime.timedelta(days=6 * 365), today - datetime.timedelta(days=365 * years))
        else:
            starts = day(rng, today - datetime.timedelta(days=365 * years - 30), today)
        ends = starts + datetime.timedelta(days=365 * years)
        assessed = state in ("completed", "failed")
        subject, trade = rng.choice(SUBJECTS)
        pairs.append(
            {
                "id": pk,
                "master_id": master,
                "apprentice_id": apprentice,
                "organization_id": employer,
                "org_path": world.enterprises[employer],
                "trade": trade,
                "goals": f"掌握{subject}的关键操作，{years}年内独立上岗。",
                "know_how": f"{subject}的操作要领与故障判断",
                "starts_on": starts,
                "ends_on": ends,
                "state": state,
                "version": 1,
                "state_changed_at": aware(ends if assessed else starts),
                "assessed_on": ends if assessed else None,
                "assessor_id": world.actor.pk if assessed else None,
                "assessment_note": "考核合格" if state == "completed" else ("未达到目标" if state == "failed" else ""),
                "proposed_by_id": world.actor.pk,
                "created_at": aware(starts - datetime.timedelta(days=7)),
            }
        )
        for k, title in enumerate(("熟悉设备与规程", "独立完成常规操作", "处理常见故障")):
            due = starts + datetime.timedelta(days=(k + 1) * 365 * years // 3)
            milestones.append(
                {
                    "apprenticeship_id": pk,
                    "title": title,
                    "due_on": due,
                    "done_on": due if due < today and state != "ended" else None,
                    "note": "",
                }
            )
    insert_dicts(Apprenticeship, pairs)
    insert_dicts(Milestone, milestones)
    reset_sequences(Apprenticeship, Milestone)
    return f"{len(pairs):,} pairs, {len(milestones):,} milestones"


# ---- named methods --------------------------------------------------------------------------------------

LEVELS = ("enterprise", "district", "city", "provincial")


@timed("methods")
def build_methods(world: World, count: int) -> str:
    rng, today = world.rng, timezone.localdate()
    fields = list(TechnicalField.objects.values_list("pk", flat=True))
    method_id, application_id = next_id(NamedMethod), next_id(MethodApplication)
    methods, inventors, effects, adoptions, applications = [], [], [], [], []
    picked: dict[int, list[int]] = {}
    for n in range(count):
        pk = method_id + n
        enterprise = rng.choice(world.big)
        path = world.enterprises[enterprise]
        people = rng.sample(world.workers[enterprise], rng.choice((1, 1, 2, 2, 3)))
        picked[pk] = people
        reached = rng.choices(range(5), (40, 35, 15, 8, 2))[0]  # 0: not recognised yet
        started = day(rng, today - datetime.timedelta(days=6 * 365), today - datetime.timedelta(days=30))
        year = started.year
        for k in range(reached):
            at = aware(min(today, started + datetime.timedelta(days=120 * (k + 1))))
            applications.append(
                {
                    "id": application_id,
                    "method_id": pk,
                    "level": LEVELS[k],
                    "state": "recognised",
                    "version": 5,
                    "state_changed_at": at,
                    "enterprise_id": enterprise,
                    "district_id": world.district_id(path),
                    "org_path": path,
                    "score": Decimal(rng.randint(700, 980)) / 10 if k >= 1 else None,
                    "applied_by_id": world.actor.pk,
                    "decided_at": at,
                    "created_at": at - datetime.timedelta(days=60),
                }
            )
            application_id += 1
            year = at.year
        state = "recognised" if reached else "entered"
        if reached < 4 and rng.random() < (0.15 if reached else 0.55):
            state = rng.choices(
                ("applied", "endorsed", "reviewing", "returned", "rejected", "not_recognised"), (30, 20, 25, 10, 8, 7)
            )[0]
            at = aware(today - datetime.timedelta(days=rng.randint(1, 90)))
            applications.append(
                {
                    "id": application_id,
                    "method_id": pk,
                    "level": LEVELS[reached],
                    "state": state,
                    "version": 2,
                    "state_changed_at": at,
                    "enterprise_id": enterprise,
                    "district_id": world.district_id(path),
                    "org_path": path,
                    "score": None,
                    "applied_by_id": world.actor.pk,
                    "decided_at": at if state in ("rejected", "not_recognised") else None,
                    "created_at": at - datetime.timedelta(days=10),
                }
            )
            application_id += 1
        consented = reached > 0 and rng.random() < 0.35
        shares = [Decimal(100)] if len(people) == 1 else ([Decimal(60), Decimal(40)] if len(people) == 2 else [])
        if len(people) == 3:
            shares = [Decimal(50), Decimal(30), Decimal(20)]
        for order, (worker, share) in enumerate(zip(people, shares, strict=True), start=1):
            inventors.append(
                {
                    "method_id": pk,
                    "worker_id": worker,
                    "share": share,
                    "order": order,
                    "consented_at": aware(today) if consented else None,
                }
            )
        subject, trade = rng.choice(SUBJECTS)
        methods.append(
            {
                "id": pk,
                "name": f"{rng.choice(METHOD_WORDS)}{subject}操作法",  # the inventor's name is put in front below
                "enterprise_id": enterprise,
                "org_path": path,
                "district_id": world.district_id(path),
                "trade": trade,
                "field_id": rng.choice(fields),
                "description": f"针对{subject}中的常见问题总结的操作方法，步骤清楚，便于推广。",
                "steps": json.dumps(["准备", "检查", "操作", "复核"], ensure_ascii=False),
                "inventor_names": "",
                "level": LEVELS[reached - 1] if reached else "",
                "recognised_year": year if reached else None,
                "state": state,
                "public": consented,
                "created_by_id": world.actor.pk,
                "created_at": aware(started),
                "updated_at": aware(started),
            }
        )
        for _k in range(rng.randint(1, 3)):
            kind = rng.choice(("efficiency", "quality", "safety", "savings"))
            value, unit = (rng.randint(5, 200), "万元") if kind == "savings" else (rng.randint(5, 60), "%")
            effects.append(
                {"method_id": pk, "kind": kind, "value": Decimal(value), "unit": unit, "description": "实测"}
            )
        if reached and rng.random() < 0.2:
            adoptions.extend(
                {
                    "method_id": pk,
                    "enterprise_id": other,
                    "since": day(rng, started, today),
                    "benefit": Decimal(rng.randint(1, 50)),
                    "benefit_unit": "万元",
                    "description": "推广应用",
                    "created_by_id": world.actor.pk,
                }
                for other in sorted(set(rng.sample(world.big, rng.randint(1, 3))) - {enterprise})
            )
    names = dict(Worker.objects.filter(pk__in={w for ws in picked.values() for w in ws}).values_list("pk", "name"))
    for method in methods:
        people = [names[w] for w in picked[method["id"]]]
        method["inventor_names"] = "、".join(people)
        method["name"] = f"{people[0]}{method['name']}"[:60]
    insert_dicts(NamedMethod, methods)
    insert_dicts(MethodInventor, inventors)
    insert_dicts(MethodEffect, effects)
    insert_dicts(MethodAdoption, adoptions)
    insert_dicts(MethodApplication, applications)
    reset_sequences(NamedMethod, MethodApplication)
    return (
        f"{len(methods):,} methods ({sum(m['public'] for m in methods):,} public), {len(inventors):,} inventors, "
        f"{len(effects):,} effects, {len(adoptions):,} adoptions, {len(applications):,} applications"
    )


# ---- the bench worker -----------------------------------------------------------------------------------


def bench_pool_worker() -> User:
    """An account for a worker who is enrolled on trainings, an apprentice and an inventor (the worker with the
    most enrolments among the inventors who are apprentices), made once."""
    user, _ = User.objects.get_or_create(username="bench-pool-worker", defaults={"display_name": "bench-pool-worker"})
    worker = Worker.objects.filter(user=user).first()
    if worker is None:
        worker = (
            Worker.objects.filter(user__isnull=True, method_inventions__isnull=False, apprenticeships__isnull=False)
            .annotate(n=Count("training_enrolments", distinct=True))
            .order_by("-n", "id")
            .first()
        )
        Worker.objects.filter(pk=worker.pk).update(user=user)
        worker.user = user
    RoleAssignment.objects.get_or_create(user=user, role=Role.WORKER, organization=worker.employer)
    forget_grants(user)
    return user


# ---- measuring ------------------------------------------------------------------------------------------


def busiest_district():
    row = (
        Training.objects.filter(org_path__regex=r"^.{12}$")
        .values("org_path")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return Organization.objects.get(path=row["org_path"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=20_000)
    parser.add_argument("--trainings", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=30_000)
    parser.add_argument("--methods", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--only", default="experts,training,pairs,methods,public,worker")
    parser.add_argument("--build-only", action="store_true", help="write what is missing, measure nothing")
    parser.add_argument("--skip", default="", help="comma-separated parts of the labels of lines not to measure")
    args = parser.parse_args()
    only = set(args.only.split(","))
    print(f"database: {connection.vendor}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    built = []
    world = None
    for model, wanted, build in (
        (Expert, args.experts, build_experts),
        (Training, args.trainings, build_trainings),
        (Apprenticeship, args.pairs, build_pairs),
        (NamedMethod, args.methods, build_methods),
    ):
        have = model.objects.count()
        if have < wanted:
            world = world or World(random.Random(2026))
            build(world, wanted - have)
            built.append(model)
    if Training in built or not CompletionCount.objects.exists():
        started = time.perf_counter()
        counted = completions_rebuild()
        print(f"  completions' rollup: {counted:,} completions in {time.perf_counter() - started:.1f} s", flush=True)
        built.append(CompletionCount)
    if built:
        started = time.perf_counter()
        settle()
        print(f"  settled (VACUUM ANALYZE) in {time.perf_counter() - started:.1f} s", flush=True)
    print(
        f"{Expert.objects.count():,} experts, {Training.objects.count():,} trainings, "
        f"{Enrolment.objects.count():,} enrolments, {Apprenticeship.objects.count():,} pairs, "
        f"{NamedMethod.objects.count():,} methods",
        flush=True,
    )
    if args.build_only:
        return
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    district = busiest_district()
    with_pairs = Apprenticeship.objects.filter(org_path__startswith=district.path).values("org_path")
    enterprise = Organization.objects.get(  # the district's enterprise with the most trainings, of those with a pair
        pk=Training.objects.filter(
            org_path__startswith=district.path, organizer__kind=OrgKind.ENTERPRISE, org_path__in=with_pairs
        )
        .values("organizer")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["organizer"]
    )
    print(f"district {district.name}; enterprise {enterprise.name}", flush=True)
    admins = {
        "city": bench_user("bench-pool-city", Role.CITY_ADMIN, city),
        "district": bench_user("bench-pool-district", Role.DISTRICT_ADMIN, district),
        "enterprise": bench_user("bench-pool-enterprise", Role.ENTERPRISE_ADMIN, enterprise),
    }
    rows: list[tuple] = []
    n = args.requests
    skipped = [part for part in args.skip.split(",") if part]

    def measure(label, call, requests, rows):
        if not any(part in label for part in skipped):
            measure_line(label, call, requests, rows)

    year = timezone.localdate().year
    expert = (
        Expert.objects.filter(org_path__startswith=district.path, state="active")
        .annotate(r=Count("assignments"))
        .order_by("-r")
        .first()
    )
    training = Training.objects.filter(org_path=enterprise.path, state="finished").order_by("-id").first()
    pair = Apprenticeship.objects.filter(org_path__startswith=enterprise.path).order_by("-id").first()
    method = NamedMethod.objects.filter(org_path__startswith=district.path, level="city").order_by("-id").first()
    public = NamedMethod.objects.filter(public=True).order_by("-id").first()
    field = TechnicalField.objects.order_by("id").first()
    for label, user in admins.items():
        client = Client()
        client.force_login(user)
        if "experts" in only and label != "enterprise":
            for name, params in (
                ("list", {}),
                ("search 数控", {"q": "数控"}),
                (f"field {field.name}", {"field": field.pk}),
                ("industry 34", {"industry": "34"}),
                ("available now", {"availability": "available"}),
                ("suspended", {"state": "suspended"}),
                ("list, page 40", {"page": 40}),
            ):
                measure(f"experts {name} · {label}", get_ok(client, "/experts/", params), n, rows)
            measure(f"expert page · {label}", get_ok(client, f"/experts/{expert.pk}/"), n, rows)
            measure(f"API experts · {label}", get_ok(client, "/api/v1/experts"), n, rows)
            measure(f"API expert · {label}", get_ok(client, f"/api/v1/experts/{expert.pk}"), n, rows)
        if "training" in only:
            for name, params in (
                ("list", {}),
                ("search 焊接", {"q": "焊接"}),
                ("open", {"state": "open"}),
                ("list, page 40", {"page": 40}),
            ):
                measure(f"trainings {name} · {label}", get_ok(client, "/training/", params), n, rows)
            measure(f"training page · {label}", get_ok(client, f"/training/{training.pk}/"), n, rows)
            measure(f"training hours · {label}", get_ok(client, "/training/hours/"), n, rows)
            measure(f"training hours {year} · {label}", get_ok(client, "/training/hours/", {"year": year}), n, rows)
            measure(f"API trainings · {label}", get_ok(client, "/api/v1/trainings"), n, rows)
        if "pairs" in only:
            for name, params in (
                ("list", {}),
                ("active", {"state": "active"}),
                (f"started {year - 1}", {"started": year - 1}),
                (f"passed, assessed {year - 1}", {"state": "completed", "assessed": year - 1}),
            ):
                measure(f"师带徒 {name} · {label}", get_ok(client, "/training/pairs/", params), n, rows)
            measure(f"师带徒 pair page · {label}", get_ok(client, f"/training/pairs/{pair.pk}/"), n, rows)
        if "methods" in only:
            for name, params in (
                ("list", {}),
                ("search 数控", {"q": "数控"}),
                ("city level", {"level": "city"}),
                ("recognised, any level", {"level": "any"}),
                ("under expert review", {"state": "reviewing"}),
                (f"field {field.name}", {"field": field.pk}),
                ("list, page 40", {"page": 40}),
            ):
                measure(f"methods {name} · {label}", get_ok(client, "/methods/", params), n, rows)
            if label != "enterprise":
                measure(f"method page · {label}", get_ok(client, f"/methods/{method.pk}/"), n, rows)
            measure(f"API methods · {label}", get_ok(client, "/api/v1/methods"), n, rows)
    if "public" in only:
        client = Client()
        for name, params in (
            ("list", {}),
            ("search 数控", {"q": "数控"}),
            ("city level", {"level": "city"}),
            ("page 20", {"page": 20}),
        ):
            measure(f"public registry {name}", get_ok(client, "/named-methods/", params), n, rows)
        measure("public registry method page", get_ok(client, f"/named-methods/{public.pk}/"), n, rows)
    if "worker" in only:
        client = Client()
        client.force_login(bench_pool_worker())
        for name, url in (
            ("my trainings", "/training/mine/"),
            ("my 师带徒 pairs", "/training/pairs/"),
            ("my named methods", "/methods/mine/"),
            ("API my trainings", "/api/v1/trainings"),
        ):
            measure(f"{name} · worker", get_ok(client, url), n, rows)
    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        flag = " **over**" if p95 > 100 else ""
        print(f"| {label} | {p50:.1f} | {p95:.1f}{flag} | {worst:.1f} | {queries:.0f} |")
    print(f"\nload average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
