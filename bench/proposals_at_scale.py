"""Server time of the proposal pages, search, similar lookup and submission at city scale.

Runs in-process with Django's test Client, logged in with a real session, against the
database in DATABASE_URL (not a test database): first build it with

    zhichuang generate_scale --enterprises 50000 --workers 300000 --districts 20 --proposals 1000000
    zhichuang build_similarity_index          # for the similar-proposal lines

then run `python bench/proposals_at_scale.py [--requests 200]`. Benchmark accounts
(bench-city-admin, bench-district-admin, bench-enterprise-admin) are created on first
run; submissions are real and stay in the database. Prints p50/p95/max in milliseconds
and the queries per request. See docs/benchmarks.md for the figures and the machine.
"""

import argparse
import random
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Count
from django.test import Client

from bench import people_at_scale
from bench.people_at_scale import bench_user, check, get_ok
from zhichuang.accounts.models import User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import forget_grants
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.selectors import proposal_results
from zhichuang.proposals.services import proposal_submit


def pick_places():
    city = Organization.objects.get(kind=OrgKind.CITY, depth=1)
    district = Organization.objects.filter(kind=OrgKind.DISTRICT, parent=city).order_by("id").first()
    # The district's busiest enterprise: the heaviest list an enterprise admin sees (drafts not counted: the
    # load run saves drafts, which must not change the enterprise the next bench picks).
    enterprise_id = (
        Proposal.objects.filter(district=district)
        .exclude(state=ProposalState.DRAFT)
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("enterprise_id", flat=True)
        .first()
    )
    return city, district, Organization.objects.get(pk=enterprise_id)


def similarity_ready() -> bool:
    try:
        from zhichuang.similarity.models import IndexState
    except ImportError:
        return False
    return IndexState.objects.filter(documents__gt=0).exists()


def answers_within(call, seconds: int) -> bool:
    """One call under a PostgreSQL statement timeout: False when a query was cancelled (too slow to measure)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(seconds) * 1000}")
    try:
        call()
    except OperationalError:
        print(f"  (a query ran longer than {seconds} s and was cancelled)")
        return False
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--only", nargs="*", help="Measure only the lines whose label contains one of these words.")
    parser.add_argument("--give-up", type=int, default=10, help="Seconds after which a search is not measured.")
    args = parser.parse_args()
    n = args.requests

    def measure(label, call, requests, rows):
        if not args.only or any(word in label for word in args.only):
            people_at_scale.measure(label, call, requests, rows)

    db = settings.DATABASES["default"]
    print(f"{Proposal.objects.count():,} proposals, {Worker.objects.count():,} workers on {db['ENGINE']}")

    city, district, enterprise = pick_places()
    users = {
        "city admin": bench_user("bench-city-admin", Role.CITY_ADMIN, city),
        "district admin": bench_user("bench-district-admin", Role.DISTRICT_ADMIN, district),
        "enterprise admin": bench_user("bench-enterprise-admin", Role.ENTERPRISE_ADMIN, enterprise),
    }
    in_district = Proposal.objects.filter(district=district).exclude(state=ProposalState.DRAFT)
    in_enterprise = Proposal.objects.filter(enterprise=enterprise).exclude(state=ProposalState.DRAFT)
    print(
        f"district: {district.name} ({in_district.count():,} proposals); "
        f"enterprise: {enterprise.name} ({in_enterprise.count():,} proposals)"
    )
    clients = {}
    for label, user in users.items():
        clients[label] = Client()
        clients[label].force_login(user)

    rng = random.Random(1)
    rows: list[tuple] = []
    filtered = {
        "city admin": {"state": "adopted", "kind": "innovation"},
        "district admin": {"state": "rewarded", "date_from": "2025-01-01", "date_to": "2025-12-31"},
        "enterprise admin": {"state": "evaluating"},
    }
    for label, client in clients.items():
        measure(f"list, first page · {label}", get_ok(client, "/proposals/"), n, rows)
        measure(
            f"list, filtered ({', '.join(filtered[label])}) · {label}",
            get_ok(client, "/proposals/", filtered[label]),
            n,
            rows,
        )
        measure(f"API /proposals, first page · {label}", get_ok(client, "/api/v1/proposals"), n, rows)

    # The enterprise name filter (scopes too large to list their enterprises): the district's
    # busiest enterprise by its full name, and a word many enterprises share (answered "type more").
    city_client = clients["city admin"]
    measure(
        "list, enterprise name filter · city admin",
        get_ok(city_client, "/proposals/", {"enterprise_name": enterprise.name}),
        n,
        rows,
    )

    def too_many():
        response = city_client.get("/proposals/", {"enterprise_name": "有限公司"})
        check(response.status_code == 400, "a name shared by many enterprises asks for more of it")

    measure("list, enterprise name matching too many · city admin", too_many, n, rows)

    for label, client in clients.items():
        measure(f"payout ledger · {label}", get_ok(client, "/payouts/"), n, rows)
        measure(f"payout ledger, owed · {label}", get_ok(client, "/payouts/", {"status": "pending"}), n, rows)
        measure(f"home page (what waits for you) · {label}", get_ok(client, "/"), n, rows)
    measure("public showcase (no login)", get_ok(Client(), "/showcase/"), n, rows)

    client = clients["district admin"]
    detail_ids = list(in_district.order_by("?").values_list("id", flat=True)[:500])

    def detail():
        response = client.get(f"/proposals/{rng.choice(detail_ids)}/")
        check(response.status_code == 200, "detail page")

    def api_detail():
        check(client.get(f"/api/v1/proposals/{rng.choice(detail_ids)}").status_code == 200, "API detail")

    measure("detail page · district admin", detail, n, rows)
    measure("API /proposals/{id} · district admin", api_detail, n, rows)

    searches = (
        ("city admin", "能耗"),
        ("city admin", "回收"),
        ("district admin", "能耗"),
        ("district admin", "工装夹具"),
        ("district admin", "回收"),
        ("enterprise admin", "废品率"),
    )
    for label, words in searches:
        line = f"full-text search “{words}” · {label}"
        call = get_ok(clients[label], "/proposals/", {"q": words})
        if args.only and not any(word in line for word in args.only):
            continue
        if answers_within(call, args.give_up):
            measure(line, call, n, rows)
        else:
            rows.append((f"{line} (one request cancelled after {args.give_up} s)", *[args.give_up * 1000.0] * 3, 0))

    for label, words in (("city admin", "能耗"), ("district admin", "工装夹具")):
        user = users[label]

        def selector_search(user=user, words=words):
            forget_grants(user)
            results = proposal_results(user=user, search=words)
            results.page_rows(0, 21)
            results.capped_count(1000)  # the list heading's capped count

        measure(f"search in proposal_results(search=) (first page + count) · {label}", selector_search, n, rows)
        measure(
            f"API /proposals?search={words} · {label}",
            get_ok(clients[label], "/api/v1/proposals", {"search": words}),
            n,
            rows,
        )

    if similarity_ready():
        from zhichuang.proposals.search import similar_proposals

        city_admin = users["city admin"]
        texts = list(in_district.order_by("?").values_list("id", "title", "keywords", "problem", "change")[:200])

        def similar():
            forget_grants(city_admin)
            pk, title, keywords, problem, change = rng.choice(texts)
            hits = similar_proposals(user=city_admin, text=f"{title}\n{keywords}\n{problem}\n{change}", exclude_id=pk)
            check(bool(hits), "similar proposals found")

        measure("similar-proposal lookup (selector) · city admin", similar, n, rows)

        def similar_page():
            pk = rng.choice(texts)[0]
            check(client.get(f"/proposals/{pk}/similar/").status_code == 200, "similar panel")

        measure("similar panel on the evaluator's page · district admin", similar_page, n, rows)
    else:
        print("  (similarity index not built: no similar-proposal lines)")

    lead = (
        Worker.objects.filter(employer=enterprise, user__isnull=False, department__isnull=False).order_by("id").first()
    )
    worker_user = User.objects.get(pk=lead.user_id)

    def submit():
        forget_grants(worker_user)
        proposal = proposal_submit(
            actor=worker_user,
            client_token=uuid.uuid4(),
            title="改进数控车床排屑装置，减少停机清理时间",
            kind="innovation",
            problem="排屑器经常被长切屑缠绕，每班停机清理两到三次，每次约二十分钟。",
            change="在排屑口加装断屑挡板和链板刮刀，切屑自动折断后落入料车。",
            expected_benefit="每月减少停机约二十小时。",
            benefit_types=["economic", "efficiency"],
            keywords="排屑、停机、数控车床",
        )
        check(proposal.state == ProposalState.SUBMITTED, "submitted")

    measure("submission (proposal_submit service) · worker", submit, args.submissions, rows)

    print()
    print("| what | p50 ms | p95 ms | max ms | queries |\n|---|---:|---:|---:|---:|")
    for label, p50, p95, worst, queries in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {queries:.0f} |")


if __name__ == "__main__":
    main()
