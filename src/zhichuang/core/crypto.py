"""Encryption at rest for personal data (PIPL).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived
from settings.PII_ENCRYPTION_KEY. A keyed hash (the "blind index") of the
normalised value lets us enforce uniqueness and look records up without storing
the value in clear.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(purpose: str) -> bytes:
    return hashlib.sha256(f"zhichuang:{purpose}:{settings.PII_ENCRYPTION_KEY}".encode()).digest()


@cache
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive("fernet")))


def encrypt(value: str) -> str:
    return _fernet(settings.PII_ENCRYPTION_KEY).encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return _fernet(settings.PII_ENCRYPTION_KEY).decrypt(token.encode("ascii")).decode()


def blind_index(value: str, purpose: str) -> str:
    return hmac.new(_derive(f"index:{purpose}"), value.encode(), hashlib.sha256).hexdigest()[:40]
