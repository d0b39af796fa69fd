"""Uploaded files are recognised by their content, never by their name, and checked before anything parses them.

One place for every module that accepts a file (proposal attachments, benefit evidence, imports):

- **what it is**: JPEG, PNG, WebP, HEIC/HEIF (phone cameras), PDF, Word/Excel/PowerPoint
  (.docx/.xlsx/.pptx: a zip whose [Content_Types].xml names the document) and legacy
  Word/Excel/PowerPoint (.doc/.xls/.ppt: an OLE2 compound file holding a WordDocument, Workbook or
  PowerPoint Document stream), from the first bytes;
- **nothing else inside (polyglots)**: no HTML in the first kilobyte (what browsers sniff), and no bytes
  after the format's own end (PNG's IEND chunk, JPEG's EOI marker, the RIFF size of WebP, the last box of
  HEIC, PDF's last %%EOF, the zip's end-of-central-directory record), where a second file would hide;
- **decompression bombs**: an image's width × height is read from its header and refused above
  `UPLOAD_IMAGE_MAX_PIXELS` before any pixel is decoded; a zip container (office documents, workbooks) is
  refused when its members, their declared total or a member's compression ratio are beyond what a real
  document holds, and is then inflated once in chunks (zipfile stops at the declared size and checks the
  CRC, so the declarations cannot lie).
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from zhichuang.core.errors import ValidationFailed

THUMBNAIL_SIZE = (320, 320)
# A 48-megapixel phone photo is 8000 × 6000; an 81-megapixel PNG of zeros is a few kilobytes
# that would take a quarter of a gigabyte to decode.
DEFAULT_IMAGE_MAX_PIXELS = 50_000_000
# Office documents: a .docx/.pptx has tens of members, a workbook with many sheets and pictures a few
# hundred. A real .xlsx inflates to at most ~15 times its size (shared strings compress best).
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_MEMBER_RATIO = 100
ZIP_MAX_UNCOMPRESSED_FACTOR = 25
_INFLATE_CHUNK = 1 << 20
_HEAD = 4096
_SNIFF = 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ZIP_END = b"PK\x05\x06"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
# Tags that make a browser (or an old one's content sniffing) treat the bytes as a page.
_HTML = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|frameset|svg|object|embed|meta|style|title|form|table|img|"
    rb"div|\?xml-stylesheet)[\s>/]",
    re.IGNORECASE,
)
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


class FileRefused(ValidationFailed):
    """The file as a whole is refused; nothing was read from it. The message names the reason, never its content."""

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details=details or {"file": [message]})


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_zip(self) -> bool:
        return self.content_type.startswith("application/vnd.openxmlformats")


def image_max_pixels() -> int:
    return getattr(settings, "UPLOAD_IMAGE_MAX_PIXELS", DEFAULT_IMAGE_MAX_PIXELS)


def _ooxml_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
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
    if head.startswith(_ZIP):
        return _ooxml_kind(upload)
    if head.startswith(_OLE2):
        return _legacy_kind(upload)
    return None


# --- where each format ends: the offset just past its last byte, or None when the structure is broken ---


def _png_end(data: bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunk = data[position + 4 : position + 8]
        position += 12 + length
        if chunk == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes) -> int | None:
    """The end of the last JPEG in a row: phones store a second image after the first one's EOI (MPF: the gain map
    of an Ultra HDR photo, a depth map), itself a whole JPEG. Anything else after an EOI is not walked."""
    end = _one_jpeg_end(data, 0)
    while end is not None and data.startswith(b"\xff\xd8\xff", end):
        end = _one_jpeg_end(data, end)
    return end


def _one_jpeg_end(data: bytes, start: int) -> int | None:
    size, position = len(data), start + 2
    while position < size:
        if data[position] != 0xFF:
            return None
        while position < size and data[position] == 0xFF:  # fill bytes before a marker
            position += 1
        if position >= size:
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            return position
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if position + 2 > size:
            return None
        length = int.from_bytes(data[position : position + 2], "big")
        if length < 2:
            return None
        position += length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return None
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:  # stuffed byte, restart marker
                    position += 2
                elif following == 0xFF:
                    position += 1
                else:
                    break
    return None


def _webp_end(data: bytes) -> int | None:
    declared = int.from_bytes(data[4:8], "little")
    return 8 + declared + (declared & 1)


def _heif_end(data: bytes) -> int | None:
    size, position = len(data), 0
    while position < size:
        if position + 8 > size:
            return None
        box = int.from_bytes(data[position : position + 4], "big")
        if box == 1:
            if position + 16 > size:
                return None
            box = int.from_bytes(data[position + 8 : position + 16], "big")
        elif box == 0:  # the last box runs to the end of the file
            return size
        if box < 8:
            return None
        position += box
    return position


def _pdf_end(data: bytes) -> int | None:
    marker = data.rfind(b"%%EOF", max(0, len(data) - 2048))
    return None if marker < 0 else marker + 5


def _zip_end(data: bytes) -> int | None:
    record = data.rfind(_ZIP_END, max(0, len(data) - 65_557))
    if record < 0 or record + 22 > len(data):
        return None
    return record + 22 + int.from_bytes(data[record + 20 : record + 22], "little")


_ENDS = {
    "image/png": _png_end,
    "image/jpeg": _jpeg_end,
    "image/webp": _webp_end,
    "image/heic": _heif_end,
    "application/pdf": _pdf_end,
}


def _content_end(kind: FileKind, data: bytes) -> int | None:
    if kind.is_zip:
        return _zip_end(data)
    finder = _ENDS.get(kind.content_type)
    return len(data) if finder is None else finder(data)


def check_not_polyglot(kind: FileKind, data: bytes) -> None:
    """Refuse a file that is also a web page, or that carries anything after its own end."""
    end = _content_end(kind, data)
    if end is None or end > len(data):
        raise FileRefused(_("The file is damaged or incomplete; it was refused."))
    # PDF writers and some cameras pad with line ends or zero bytes; anything else is a second file.
    if data[end:].strip(b"\r\n\t \x00"):
        raise FileRefused(
            _(
                "The file has other data appended after its end (a motion photo, for example, or a hidden file). "
                "Save it again as a plain file and upload that."
            )
        )
    if _HTML.search(data[:_SNIFF]):
        raise FileRefused(_("The file contains web page code; it was refused."))


def check_image_size(upload) -> None:
    """Read width × height from the header (no pixel is decoded) and refuse decompression bombs."""
    limit = image_max_pixels()
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width = height = limit  # Pillow's own guard tripped while reading the header: far too large
        width += 1
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FileRefused(_("The image could not be read. It may be damaged.")) from error
    finally:
        upload.seek(0)
    if width * height > limit:
        raise FileRefused(
            _("The image has too many pixels: at most %(limit)d megapixels are accepted.")
            % {"limit": limit // 1_000_000}
        )


def check_zip(
    source,
    *,
    max_total: int,
    required_member: str | None = None,
    not_this_kind=None,
    too_large=None,
    damaged=None,
) -> None:
    """Refuse zip bombs (and, with `required_member`, containers of another kind) before inflating them.

    `source` is a path or an open binary file. The members are then inflated once, in chunks, so a member
    whose declared size lies fails its CRC check here and not in the parser that comes after.
    """
    too_large = too_large or _("The file unpacks to far more data than a document holds; it was refused.")
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            if required_member is not None and required_member not in {member.filename for member in members}:
                raise FileRefused(not_this_kind or _("This kind of file is not accepted."))
            declared = sum(member.file_size for member in members)
            if (
                len(members) > ZIP_MAX_MEMBERS
                or declared > max_total
                or any(
                    member.file_size > _INFLATE_CHUNK
                    and member.file_size > ZIP_MAX_MEMBER_RATIO * max(member.compress_size, 1)
                    for member in members
                )
            ):
                raise FileRefused(too_large)
            for member in members:
                with archive.open(member) as stream:
                    while stream.read(_INFLATE_CHUNK):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, OSError):
        raise FileRefused(damaged or _("The file is damaged or encrypted and cannot be read.")) from None


def check_file(upload, *, max_bytes: int) -> FileKind:
    """Refuse empty, oversized, unrecognised, polyglot and bomb files with a message for the person uploading."""
    if not upload.size:
        raise FileRefused(_("The file is empty."))
    if upload.size > max_bytes:
        raise FileRefused(_("The file is larger than %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)})
    kind = sniff(upload)
    if kind is None:
        upload.seek(0)
        raise FileRefused(
            _("This kind of file is not accepted. Use a photo (JPEG, PNG, WebP, HEIC), PDF or an office document.")
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    check_not_polyglot(kind, data)
    if kind.is_image and kind.content_type != "image/heic":
        check_image_size(io.BytesIO(data))
    if kind.is_zip:
        check_zip(io.BytesIO(data), max_total=max_bytes * ZIP_MAX_UNCOMPRESSED_FACTOR)
    return kind


def thumbnail(upload, kind: FileKind) -> ContentFile | None:
    """A JPEG thumbnail for images Pillow can decode (after `check_file`); a damaged image is refused.

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
        raise FileRefused(_("The image could not be read. It may be damaged.")) from error
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue(), name="thumbnail.jpg")


def random_name(folder: str, filename: str) -> str:
    """Where an upload is stored: a random name in folder/<year>/<month>. The original name (often a
    person's name) stays in its row only."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


def private_response(stored, *, filename: str, content_type: str | None = None, as_attachment: bool = False):
    """A stored file served by the scoped view that checked who may have it (media is never served
    directly: nginx answers /media/ with 404). The browser may not guess another type (nosniff), no
    shared cache keeps it, and the name given is the uploader's, not the storage path."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, filename=filename, as_attachment=as_attachment
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
