"""The check-in token of a session's QR code: the session's id signed with the time it was made
(django.core.signing, a salt of its own). The organiser's page makes a new one every ROTATE_SECONDS; a
token is accepted for VALID_SECONDS, so a photo of the code passed on after the session started stops
working within two minutes, and a token of one session never checks in to another."""

from django.core import signing

SALT = "zhichuang.training.checkin"
ROTATE_SECONDS = 60
VALID_SECONDS = 120


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def make_token(session_pk: int) -> str:
    return signing.dumps(session_pk, salt=SALT)


def read_token(token: str) -> int:
    """The session id the token names; TokenExpired after VALID_SECONDS, TokenInvalid for anything forged."""
    try:
        value = signing.loads(token, salt=SALT, max_age=VALID_SECONDS)
    except signing.SignatureExpired:
        raise TokenExpired() from None
    except signing.BadSignature:
        raise TokenInvalid() from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TokenInvalid()
    return value
