import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            ]
        )

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "The password must contain at least three of: lower-case letters, upper-case letters, "
            "digits and other characters."
        )


# No characters that are easily confused when a password is read out or copied from paper (0/O, 1/l/I).
_INITIAL_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def initial_password(length: int = 16) -> str:
    """A random one-time password for a new account, to be changed at the first login.

    Upper- and lower-case letters and digits, so it passes CharacterClassValidator at any length.
    """
    while True:
        password = "".join(secrets.choice(_INITIAL_ALPHABET) for _ in range(length))
        if CharacterClassValidator.classes(password) >= 3:
            return password
