"""Uploaded files are recognised by their content, never by their name.

Accepted: JPEG, PNG, WebP, HEIC/HEIF (phone cameras), PDF, Word/Excel/PowerPoint
(.docx/.xlsx/.pptx: a zip whose [Content_Types].xml names the document) and legacy
Word/Excel/PowerPoint (.doc/.xls/.ppt: an OLE2 compound file holding a WordDocument, Workbook or
PowerPoint Document stream).
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from zhichuang.core.errors import ValidationFailed

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL_SIZE = (320, 320)
_HEAD = 4096
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
_OOXML = {
    "wordprocessingml.document.main": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "spreadsheetml.sheet.main": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "presentationml.presentation.main": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
_LEGACY = {
    "WordDocument": ("application/msword", ".doc"),
    "Workbook": ("application/vnd.ms-excel", ".xls"),
    "Book": ("application/vnd.ms-excel", ".xls"),
    "PowerPoint Document": ("application/vnd.ms-powerpoint", ".ppt"),
}


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def max_bytes() -> int:
    return getattr(settings, "PROPOSAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _refuse(message) -> ValidationFailed:
    return ValidationFailed(message, details={"file": [message]})


def _ooxml_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    for marker, (content_type, extension) in _OOXML.items():
        if marker in types:
            return FileKind(content_type, extension)
    return None


def _legacy_kind(upload) -> FileKind | None:
    # The stream names sit in the compound file's directory, in UTF-16LE.
    upload.seek(0)
    content = upload.read()
    for stream, (content_type, extension) in _LEGACY.items():
        if stream.encode("utf-16-le") in content:
            return FileKind(content_type, extension)
    return None


def sniff(upload) -> FileKind | None:
    """What the file really is, from its first bytes (and, for office files, its structure)."""
    upload.seek(0)
    head = upload.read(_HEAD)
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind("image/jpeg", ".jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind("image/png", ".png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind("image/webp", ".webp")
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return FileKind("image/heic", ".heic")
    if head.startswith(b"%PDF-"):
        return FileKind("application/pdf", ".pdf")
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    if head.startswith(_OLE2):
        return _legacy_kind(upload)
    return None


def check_upload(upload) -> FileKind:
    """Refuse empty, oversized and unrecognised files with a message for the person uploading."""
    limit = max_bytes()
    if not upload.size:
        raise _refuse(_("The file is empty."))
    if upload.size > limit:
        raise _refuse(_("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)})
    kind = sniff(upload)
    upload.seek(0)
    if kind is None:
        raise _refuse(
            _("This kind of file is not accepted. Use a photo (JPEG, PNG, WebP, HEIC), PDF or an office document.")
        )
    return kind


def thumbnail(upload, kind: FileKind) -> ContentFile | None:
    """A JPEG thumbnail for images Pillow can decode; a damaged image is refused.

    HEIC has no decoder here: it is kept without a thumbnail.
    """
    if not kind.is_image or kind.content_type == "image/heic":
        return None
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            output = io.BytesIO()
            image.convert("RGB").save(output, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as error:
        raise _refuse(_("The image could not be read. It may be damaged.")) from error
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue(), name="thumbnail.jpg")
