from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.core.progress import ProgressBar
from zhichuang.similarity.services import index_rebuild


class Command(BaseCommand):
    help = "Build the similar-proposal index from scratch (every submitted proposal)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        progress = None if no_progress else ProgressBar(self.stdout, _("Indexing"))
        documents = index_rebuild(progress=progress)
        self.stdout.write(_("Indexed %(count)s proposals.") % {"count": f"{documents:,}"})
