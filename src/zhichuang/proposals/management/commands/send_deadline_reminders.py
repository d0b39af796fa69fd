from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.core.request_context import acting_as
from zhichuang.proposals.notifications import deadline_reminders_send


class Command(BaseCommand):
    help = "Remind the responsible people of proposals past their service deadline."

    def handle(self, *args, **options):
        with acting_as(username="system"):
            count = deadline_reminders_send()
        self.stdout.write(_("Reminders sent for %(count)d overdue proposals.") % {"count": count})
