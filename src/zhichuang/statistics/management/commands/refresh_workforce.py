from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.statistics.services import workforce_refresh


class Command(BaseCommand):
    help = "Recount the workers under every organisation (run hourly: imports write workers in bulk)."

    def handle(self, *args, **options):
        workers = workforce_refresh()
        self.stdout.write(_("Counted %(workers)s workers.") % {"workers": f"{workers:,}"})
