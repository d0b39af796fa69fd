from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.core.progress import ProgressBar
from zhichuang.statistics.services import rollups_rebuild, workforce_refresh


class Command(BaseCommand):
    help = "Recount the workforce and recompute every module's statistics rollups from its records."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="Only this year (may be repeated).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, year=None, no_progress=False, **options):
        workers = workforce_refresh()
        self.stdout.write(_("Counted %(workers)s workers.") % {"workers": f"{workers:,}"})
        progress = None if no_progress else (lambda rollup: ProgressBar(self.stdout, _("Counting")))
        for rollup, counted in rollups_rebuild(years=year, progress=progress):
            self.stdout.write(str(rollup.counted) % {"count": f"{counted:,}"})
