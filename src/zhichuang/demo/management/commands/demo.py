"""`zhichuang demo`: migrate, load the demo city, and serve it on this machine."""

import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhichuang.core.progress import ProgressBar
from zhichuang.demo.loader import DemoRefused, load_demo
from zhichuang.demo.management.commands.load_demo import print_accounts


def refusal(*, allow_database: bool) -> str:
    """Why the demo must not run here ("" if it may)."""
    if not settings.DEMO_MODE:
        return (
            "zhichuang demo needs ZHICHUANG_DEMO=1 (demo mode), which enables the fixed demo accounts: "
            "the demo is for a laptop, not a production server."
        )
    if connection.vendor != "sqlite" and not allow_database:
        return (
            f"zhichuang demo uses the embedded SQLite database, but DATABASE_URL points at {connection.vendor}. "
            "Unset DATABASE_URL, or pass --allow-database to put the demo into that database."
        )
    return ""


def _die_with_parent() -> None:
    """On Linux, the task worker gets SIGTERM when the demo process ends however it ends.

    runserver leaves with os._exit() on some errors (a port in use), which skips the finally below.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


class Command(BaseCommand):
    help = "Set up the demo city and serve it on http://127.0.0.1:PORT (ZHICHUANG_DEMO=1 only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reset", action="store_true", help="Rebuild the demo data from scratch.")
        parser.add_argument("--no-serve", action="store_true", help="Only prepare the database, do not serve.")
        parser.add_argument(
            "--allow-database",
            action="store_true",
            help="Allow a database other than the embedded SQLite (it is emptied with --reset).",
        )

    def handle(self, *args, port, reset, no_serve, allow_database, **options):
        reason = refusal(allow_database=allow_database)
        if reason:
            raise CommandError(reason)
        started = time.monotonic()
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        try:
            loaded = load_demo(reset=reset, progress=ProgressBar(self.stdout, "workers"))
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None
        if loaded is None:
            self.stdout.write("The demo city is already loaded (--reset rebuilds it).")
        self.stdout.write(self.style.SUCCESS(f"Ready in {time.monotonic() - started:.1f} s."))
        print_accounts(self.stdout)
        if not no_serve:
            self.serve(port)

    def serve(self, port: int) -> None:
        # Background tasks (imports, exports) run in a database-backed worker beside the web server.
        worker = subprocess.Popen(
            [sys.executable, "-m", "zhichuang.manage", "db_worker"], env=os.environ.copy(), preexec_fn=_die_with_parent
        )
        self.stdout.write(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C stops the server and the task worker)")
        # A plain `kill` must stop the task worker too, as Ctrl+C does.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            # With DEBUG off runserver serves no static files: WhiteNoise does, from the finders (settings.LOCAL).
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
