from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.core.progress import ProgressBar
from zhichuang.proposals.rollup.services import rollup_rebuild
from zhichuang.statistics.services import workforce_refresh


class Command(BaseCommand):
    help = "Recount the workforce and recompute the statistics rollups from the proposals."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="Only this year (may be repeated).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, year=None, no_progress=False, **options):
        workers = workforce_refresh()
        progress = None if no_progress else ProgressBar(self.stdout, _("Counting"))
        proposals = rollup_rebuild(years=year, progress=progress)
        self.stdout.write(
            _("Counted %(proposals)s proposals and %(workers)s workers.")
            % {"proposals": f"{proposals:,}", "workers": f"{workers:,}"}
        )
