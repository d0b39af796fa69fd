"""Build a city at the DESIGN.md scale (for benchmarks) in an empty database."""

import time

from django.core.management.base import BaseCommand, CommandError

from zhichuang.core.bulk import settle
from zhichuang.core.modules import DemoContext
from zhichuang.core.progress import ProgressBar
from zhichuang.demo.generator import CitySize, generate_city, start_of_today
from zhichuang.demo.loader import run_demo_steps
from zhichuang.orgs.models import Organization

# Proposals are handed in by workers with an account: one in this many, unless --account-every says otherwise.
ACCOUNT_EVERY_WITH_PROPOSALS = 4


class Command(BaseCommand):
    help = "Generate a large city (districts, enterprises, departments, workers, proposals) for speed benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=50_000)
        parser.add_argument("--workers", type=int, default=3_000_000)
        parser.add_argument("--districts", type=int, default=20)
        parser.add_argument(
            "--proposals",
            type=int,
            default=0,
            help="Also generate this many proposals over 2024–today, with their whole history (default 0).",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--account-every",
            type=int,
            default=None,
            help=(
                "Give one worker in N a login account (default: none, or one in "
                f"{ACCOUNT_EVERY_WITH_PROPOSALS} with --proposals: proposers need one)."
            ),
        )

    def handle(self, *args, enterprises, workers, districts, proposals, seed, account_every, **options):
        if enterprises < districts or districts < 1 or workers < enterprises:
            raise CommandError("Need at least one district, one enterprise per district and one worker per enterprise.")
        if account_every is None:
            account_every = ACCOUNT_EVERY_WITH_PROPOSALS if proposals else 0
        if proposals and not account_every:
            raise CommandError("Proposals need proposers with accounts: give --account-every N (N ≥ 1).")
        if Organization.objects.exists():
            raise CommandError("The database already holds organisations: generate_scale fills an empty database.")
        started = time.monotonic()
        size = CitySize(districts=districts, enterprises=enterprises, workers=workers, account_every=account_every)
        as_of = start_of_today()
        built = generate_city(seed=seed, size=size, as_of=as_of, progress=ProgressBar(self.stdout, "workers"))
        # The modules' demo steps, without demo accounts: the proposals step makes --proposals (none: nothing).
        counts = built.counts | run_demo_steps(
            DemoContext(
                city=built.city,
                workers=workers,
                seed=seed,
                as_of=as_of,
                amounts={"proposals": proposals},
                stream=self.stdout,
            )
        )
        self.stdout.write("Updating planner statistics and visibility maps (VACUUM ANALYZE)…")
        settle()
        summary = ", ".join(f"{name} {value:,}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {time.monotonic() - started:,.0f} s."))
