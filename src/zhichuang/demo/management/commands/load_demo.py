import time

from django.core.management.base import BaseCommand, CommandError

from zhichuang.core.progress import ProgressBar
from zhichuang.demo.loader import DEMO_PASSWORD, DemoRefused, demo_accounts_table, load_demo


def print_accounts(stdout) -> None:
    rows = demo_accounts_table()
    width = max(len(username) for username, _, _ in rows)
    stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for username, role, where in rows:
        stdout.write(f"  {username:<{width}}  {role} · {where}")


class Command(BaseCommand):
    help = "Load the demo city 示范市 and its demo accounts (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Empty the database and load the demo again.")

    def handle(self, *args, reset, **options):
        started = time.monotonic()
        try:
            loaded = load_demo(reset=reset, progress=ProgressBar(self.stdout, "workers"))
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        if loaded is None:
            self.stdout.write("The demo city is already loaded (use --reset to rebuild it).")
        else:
            counts = ", ".join(f"{name} {value:,}" for name, value in loaded.counts.items())
            elapsed = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Loaded {loaded.city.name}: {counts} in {elapsed:.1f} s."))
        print_accounts(self.stdout)
