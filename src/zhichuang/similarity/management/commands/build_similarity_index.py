from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from zhichuang.core.progress import ProgressBar
from zhichuang.similarity.kinds import document_kinds
from zhichuang.similarity.services import index_rebuild


class Command(BaseCommand):
    help = "Build the similar-document index from scratch (every declared kind, or the one named)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", help="Only this document kind (as declared in a module.py).")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, kind=None, no_progress=False, **options):
        kinds = document_kinds()
        if kind is not None and kind not in kinds:
            raise CommandError(_("Unknown document kind %(kind)s.") % {"kind": kind})
        for declared in [kinds[kind]] if kind else [k for k in kinds.values() if k.documents]:
            label = _("Indexing %(kind)s") % {"kind": declared.label}
            progress = None if no_progress else ProgressBar(self.stdout, label)
            documents = index_rebuild(kind=declared.name, progress=progress)
            self.stdout.write(_("Indexed %(count)s %(kind)s.") % {"count": f"{documents:,}", "kind": declared.label})
