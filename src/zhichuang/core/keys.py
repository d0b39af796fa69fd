"""The two secrets a production installation needs, and what makes one too weak to use.

SECRET_KEY signs sessions and tokens; PII_ENCRYPTION_KEY encrypts ID and mobile numbers at
rest and keys their blind index (core/crypto.py). Both are generated here, printed once by
`zhichuang generate_keys`, and refused by `check --deploy` when missing or weak.
"""

import secrets

KEY_NAMES = ("SECRET_KEY", "PII_ENCRYPTION_KEY")
# Django's own rule for SECRET_KEY (security.W009): at least 50 characters, at least 5 different.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
# Placeholders people copy from examples; never a real key.
_PLACEHOLDER_MARKERS = ("django-insecure", "change-me", "changeme", "example", "replace")


def generate_key() -> str:
    """A fresh key: 64 URL-safe characters from the operating system's random source (384 bits)."""
    return secrets.token_urlsafe(48)


def fresh_key_lines() -> list[str]:
    """`NAME=value` lines for the environment file, one fresh key each."""
    return [f"{name}={generate_key()}" for name in KEY_NAMES]


def key_weakness(value: str | None) -> str:
    """Why a key must not be used ("" when it is fine)."""
    if not value:
        return "it is not set"
    if len(value) < MIN_LENGTH:
        return f"it has {len(value)} characters; at least {MIN_LENGTH} are needed"
    if len(set(value)) < MIN_UNIQUE_CHARACTERS:
        return f"it has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    lowered = value.lower()
    if any(marker in lowered for marker in _PLACEHOLDER_MARKERS):
        return "it is a placeholder from an example, not a generated key"
    return ""
