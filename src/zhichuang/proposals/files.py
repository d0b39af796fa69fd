"""The attachment policy: how large a proposal's attachment or a benefit's evidence may be.

What a file is and whether it is safe (polyglots, decompression and zip bombs) is decided in one place for
every module, `zhichuang.core.files`; this module only adds the attachment size limit.
"""

from django.conf import settings

from zhichuang.core.files import FileKind, check_file, sniff, thumbnail

__all__ = ["DEFAULT_MAX_BYTES", "FileKind", "check_upload", "max_bytes", "sniff", "thumbnail"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "PROPOSAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_upload(upload) -> FileKind:
    """Refuse empty, oversized, unrecognised, polyglot and bomb files with a message for the person uploading."""
    return check_file(upload, max_bytes=max_bytes())
