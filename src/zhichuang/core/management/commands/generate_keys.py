from django.core.management.base import BaseCommand

from zhichuang.core.keys import KEY_NAMES, generate_key


class Command(BaseCommand):
    help = (
        "Print fresh SECRET_KEY and PII_ENCRYPTION_KEY values for the environment file. Keep a copy of "
        "PII_ENCRYPTION_KEY in a safe: without it the encrypted ID and mobile numbers cannot be read."
    )

    def handle(self, *args, **options):
        for name in KEY_NAMES:
            self.stdout.write(f"{name}={generate_key()}")
