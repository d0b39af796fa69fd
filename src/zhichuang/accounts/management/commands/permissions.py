from django.core.management.base import BaseCommand

from zhichuang.accounts.roles import permission_table


class Command(BaseCommand):
    help = "Print the whole role → permission table, as assembled from every installed module at start-up."

    def handle(self, *args, **options):
        self.stdout.write(permission_table(), ending="")
