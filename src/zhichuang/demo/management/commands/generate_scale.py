"""Build a city at the DESIGN.md scale (for benchmarks) in an empty database."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhichuang.demo.generator import CitySize, generate_city
from zhichuang.demo.progress import ProgressBar
from zhichuang.orgs.models import Organization


class Command(BaseCommand):
    help = "Generate a large city (districts, enterprises, departments, workers) for speed benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=50_000)
        parser.add_argument("--workers", type=int, default=3_000_000)
        parser.add_argument("--districts", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--account-every",
            type=int,
            default=0,
            help="Give one worker in N a login account (default 0: none).",
        )

    def handle(self, *args, enterprises, workers, districts, seed, account_every, **options):
        if enterprises < districts or districts < 1 or workers < enterprises:
            raise CommandError("Need at least one district, one enterprise per district and one worker per enterprise.")
        if Organization.objects.exists():
            raise CommandError("The database already holds organisations: generate_scale fills an empty database.")
        started = time.monotonic()
        size = CitySize(districts=districts, enterprises=enterprises, workers=workers, account_every=account_every)
        built = generate_city(seed=seed, size=size, progress=ProgressBar(self.stdout, "workers"))
        if connection.vendor == "postgresql":
            self.stdout.write("Updating planner statistics (ANALYZE)…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts = ", ".join(f"{name} {value:,}" for name, value in built.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {counts} in {time.monotonic() - started:,.0f} s."))
