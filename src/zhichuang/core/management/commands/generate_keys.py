from django.core.management.base import BaseCommand

from zhichuang.core.keys import fresh_key_lines


class Command(BaseCommand):
    help = (
        "Print fresh SECRET_KEY and PII_ENCRYPTION_KEY values for the environment file. Keep a copy of "
        "PII_ENCRYPTION_KEY in a safe: without it the encrypted ID and mobile numbers cannot be read."
    )

    def handle(self, *args, **options):
        for line in fresh_key_lines():
            self.stdout.write(line)
