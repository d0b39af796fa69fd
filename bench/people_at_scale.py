"""Server time of the people list, a profile page and a scope check at city scale.

Runs in-process with Django's test Client, logged in with a real session, against
the database in DATABASE_URL (not a test database): first build it with

    zhichuang generate_scale --enterprises 50000 --workers 3000000 --districts 20

then run `python bench/people_at_scale.py [--requests 200]`. Benchmark accounts
(bench-city-admin, bench-district-admin, bench-enterprise-admin) are created on
first run. Prints p50/p95/max in milliseconds and the queries per request.
See docs/benchmarks.md for the figures and the machine.
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
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from zhichuang.accounts.models import RoleAssignment, User, Worker  # noqa: E402
from zhichuang.accounts.roles import Perm, Role  # noqa: E402
from zhichuang.accounts.scoping import forget_grants, has_perm  # noqa: E402
from zhichuang.accounts.selectors import worker_get, worker_list  # noqa: E402
from zhichuang.core.errors import NotFound  # noqa: E402
from zhichuang.orgs.enums import OrgKind  # noqa: E402
from zhichuang.orgs.models import Organization  # noqa: E402


def bench_user(username: str, role: Role, org: Organization) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": username})
    RoleAssignment.objects.get_or_create(user=user, role=role, organization=org)
    forget_grants(user)
    return user


def bench_worker(username: str, enterprise: Organization) -> User:
    """A bench account for a worker of the enterprise who is a proposer (as the demo loader makes its worker: an
    existing worker without an account, given one), with the worker role and no password to change.

    The generator's accounts must change their password before anything else (the API refuses them); its
    leads all have one, so the bench worker is a co-proposer of some proposals."""
    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": username})
    if not Worker.objects.filter(user=user).exists():
        worker = (
            Worker.objects.filter(employer=enterprise, user__isnull=True, department__isnull=False)
            .filter(proposal_memberships__isnull=False)
            .order_by("id")
            .first()
        )
        check(worker is not None, f"a worker of {enterprise.name} who is a proposer, without an account")
        Worker.objects.filter(pk=worker.pk).update(user=user)
    RoleAssignment.objects.get_or_create(user=user, role=Role.WORKER, organization=enterprise)
    forget_grants(user)
    return user


def pick_places():
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    district = (
        Organization.objects.filter(kind=OrgKind.DISTRICT).annotate(n=Count("children")).order_by("-n", "id").first()
    )
    # A large enterprise of that district: the heaviest list an enterprise admin sees.
    enterprise = (
        Organization.objects.filter(parent=district, kind=OrgKind.ENTERPRISE).order_by("-headcount", "id").first()
    )
    other = Organization.objects.filter(kind=OrgKind.DISTRICT).exclude(pk=district.pk).order_by("id").first()
    return city, district, enterprise, other


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
        (
            label,
            statistics.median(timings),
            timings[int(len(timings) * 0.95) - 1],
            timings[-1],
            len(queries) / requests,
        )
    )
    print(f"  {label:<58} p50 {rows[-1][1]:7.1f}  p95 {rows[-1][2]:7.1f}", flush=True)


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"unexpected result: {what}")


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
    n = args.requests
    db = settings.DATABASES["default"]
    print(f"{Worker.objects.count():,} workers, {Organization.objects.count():,} organisations on {db['ENGINE']}")

    city, district, enterprise, other_district = pick_places()
    users = {
        "city admin": bench_user("bench-city-admin", Role.CITY_ADMIN, city),
        "district admin": bench_user("bench-district-admin", Role.DISTRICT_ADMIN, district),
        "enterprise admin": bench_user("bench-enterprise-admin", Role.ENTERPRISE_ADMIN, enterprise),
    }
    print(f"district: {district.name}; enterprise: {enterprise.name} ({enterprise.employees.count():,} workers)")
    clients = {}
    for label, user in users.items():
        clients[label] = Client()
        clients[label].force_login(user)

    rng = random.Random(1)
    rows: list[tuple] = []
    for label, client in clients.items():
        measure(f"people list, first page · {label}", get_ok(client, "/accounts/people/"), n, rows)
        measure(
            f"people list, 王 + level 3 · {label}",
            get_ok(client, "/accounts/people/", {"q": "王", "skill_level": 3}),
            n,
            rows,
        )
        measure(f"API /workers, first page · {label}", get_ok(client, "/api/v1/workers"), n, rows)

    district_admin = users["district admin"]
    in_scope_ids = list(
        Worker.objects.filter(employer__parent=district).order_by("?").values_list("id", flat=True)[:500]
    )
    out_of_scope_ids = list(
        Worker.objects.filter(employer__parent=other_district).order_by("?").values_list("id", flat=True)[:500]
    )
    client = clients["district admin"]

    def profile():
        response = client.get(f"/accounts/people/{rng.choice(in_scope_ids)}/")
        check(response.status_code == 200, "profile page")

    measure("profile page · district admin", profile, n, rows)

    def api_profile():
        check(client.get(f"/api/v1/workers/{rng.choice(in_scope_ids)}").status_code == 200, "API profile")

    measure("API /workers/{id} · district admin", api_profile, n, rows)

    def scope_in():
        forget_grants(district_admin)  # a fresh request loads the grants again
        worker_get(user=district_admin, pk=rng.choice(in_scope_ids))

    def scope_out():
        forget_grants(district_admin)
        try:
            worker_get(user=district_admin, pk=rng.choice(out_of_scope_ids))
        except NotFound:
            return
        raise AssertionError("out-of-scope worker was found")

    measure("scope check worker_get, in scope", scope_in, n, rows)
    measure("scope check worker_get, out of scope → 404", scope_out, n, rows)
    in_org, out_org = enterprise, Organization.objects.filter(parent=other_district).first()

    def perm_check():
        forget_grants(district_admin)
        check(has_perm(district_admin, Perm.VIEW_WORKERS, in_org), "in-scope has_perm")
        check(not has_perm(district_admin, Perm.VIEW_WORKERS, out_org), "out-of-scope has_perm")

    measure("scope check has_perm, in + out of scope", perm_check, n, rows)
    reset_queries()

    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {queries:.0f} |")
    print(f"\nsanity: {worker_list(user=users['enterprise admin']).count():,} workers visible to the enterprise admin")


if __name__ == "__main__":
    main()
