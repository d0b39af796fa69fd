from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from zhichuang.core.request_context import acting_as
from zhichuang.notifications.services import digest_send


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest their unread notices of the last day."

    def handle(self, *args, **options):
        with acting_as(username="system"):
            count = digest_send()
        self.stdout.write(_("Digest e-mails sent: %(count)d.") % {"count": count})
