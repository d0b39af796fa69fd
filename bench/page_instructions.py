"""Instructions per request of the proposal pages, counted by callgrind: repeatable to 0.2 % whatever else
the machine is doing, where wall-clock time on a shared machine is not.

Run against the database in DATABASE_URL (the 1M city of bench/proposals_at_scale.py), under callgrind with
instrumentation off until each line's requests:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT/cg.out \\
        python bench/page_instructions.py OUT [--requests 5] [--only /proposals/ ...]

Only this process is counted (not PostgreSQL's). Prints millions of instructions per request for each line.
See docs/benchmarks.md for the figures.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhichuang.settings")
django.setup()

from django.test import Client  # noqa: E402 - after django.setup()

from bench.people_at_scale import bench_user  # noqa: E402
from bench.proposals_at_scale import pick_places  # noqa: E402
from zhichuang.accounts.roles import Role  # noqa: E402
from zhichuang.proposals.models import Proposal  # noqa: E402


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)  # noqa: S603, S607


def dumped(out: Path, requests: int) -> dict[str, float]:
    """{line: millions of instructions per request} from the dumps callgrind wrote into out."""
    figures = {}
    for path in out.glob("cg.out.*"):
        label = summary = None
        for text in path.read_text(errors="replace").splitlines():
            if text.startswith("desc: Trigger: dump "):
                label = text.removeprefix("desc: Trigger: dump ")
            elif text.startswith("summary:"):
                summary = int(text.split()[1])
            if label and summary is not None:
                figures[label.replace("~", " ")] = summary / requests / 1e6
                break
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder of --callgrind-out-file")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=(), help="only the lines whose URL holds one of these")
    args = parser.parse_args()
    city, district, enterprise = pick_places()
    users = {
        "city": bench_user("bench-city-admin", Role.CITY_ADMIN, city),
        "district": bench_user("bench-district-admin", Role.DISTRICT_ADMIN, district),
        "enterprise": bench_user("bench-enterprise-admin", Role.ENTERPRISE_ADMIN, enterprise),
    }
    shown = Proposal.objects.filter(district=district, state="rewarded").order_by("id").values_list("id", flat=True)[0]
    lines = [
        (who, url)
        for who in users
        for url in ("/", "/proposals/", "/proposals/?state=submitted", "/api/v1/proposals", "/payouts/")
    ]
    lines += [("district", f"/proposals/{shown}/"), ("district", f"/api/v1/proposals/{shown}"), (None, "/showcase/")]
    if args.only:
        lines = [(who, url) for who, url in lines if any(part in url for part in args.only)]
    clients = {None: Client()}
    for who, user in users.items():
        clients[who] = Client()
        clients[who].force_login(user)
    for who, url in lines:
        client = clients[who]
        for _ in range(3):  # warm the caches
            if client.get(url).status_code != 200:
                raise SystemExit(f"{url} did not answer 200")
        callgrind("-z")
        callgrind("-i", "on")
        for _ in range(args.requests):
            client.get(url)
        callgrind("-d", f"{who or 'visitor'}~{url}")
        callgrind("-i", "off")
    figures = dumped(args.out, args.requests)
    if not figures:
        raise SystemExit("no counts: run this under valgrind --tool=callgrind --instr-atstart=no (see above)")
    print("| line | M instructions per request |\n|---|---:|")
    for line, millions in sorted(figures.items()):
        print(f"| {line} | {millions:.1f} |")


if __name__ == "__main__":
    main()
