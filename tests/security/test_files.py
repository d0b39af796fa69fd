"""Finding 9 (files): polyglots, decompression bombs and zip bombs are refused, for attachments and imports alike.

Every bad file is built here, small: the bombs are a few kilobytes that would inflate to hundreds of megabytes.
"""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from tests import factories
from zhichuang.core.errors import ValidationFailed
from zhichuang.proposals import services
from zhichuang.proposals.models import Attachment

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
APPENDED = _(
    "The file has other data appended after its end (a motion photo, for example, or a hidden file). "
    "Save it again as a plain file and upload that."
)
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _image(fmt: str, size=(40, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, "red").save(output, format=fmt)
    return output.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb(side=9000) -> bytes:
    """A valid 1-bit PNG of side × side pixels (81 megapixels for 9000): about 10 KB on disk."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _office(members: dict[str, bytes], content_type=SPREADSHEET) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{content_type}"/></Types>')
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _refused(proposal, worker, name: str, content: bytes) -> str:
    with pytest.raises(ValidationFailed) as error:
        services.attachment_add(actor=worker.user, proposal=proposal, uploaded_file=SimpleUploadedFile(name, content))
    assert not Attachment.objects.filter(proposal=proposal).exists(), "nothing half-written"
    return str(error.value.details["file"][0])


@pytest.fixture
def draft(city_tree, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    worker = city_tree["steel_worker"]
    return factories.make_proposal(worker), worker


def test_png_with_html_appended_is_refused(draft):
    assert _refused(*draft, "photo.png", _image("PNG") + HTML) == APPENDED


def test_jpeg_with_html_appended_is_refused(draft):
    assert _refused(*draft, "photo.jpg", _image("JPEG") + HTML) == APPENDED


def test_webp_with_html_appended_is_refused(draft):
    assert _refused(*draft, "photo.webp", _image("WEBP") + HTML) == APPENDED


def test_pdf_with_html_appended_is_refused(draft):
    assert _refused(*draft, "report.pdf", _pdf() + HTML) == APPENDED


def test_pdf_that_is_really_a_web_page_is_refused(draft):
    content = b"%PDF-1.4\n" + HTML + b"\n%%EOF\n"
    assert _refused(*draft, "report.pdf", content) == _("The file contains web page code; it was refused.")


def test_office_file_with_html_appended_is_refused(draft):
    content = _office({"xl/workbook.xml": b"<workbook/>"}) + HTML
    assert _refused(*draft, "sheet.xlsx", content) == APPENDED


def test_png_decompression_bomb_is_refused_before_decoding(draft):
    content = _png_bomb()
    assert len(content) < 20_000
    message = _refused(*draft, "bomb.png", content)
    assert message == _("The image has too many pixels: at most %(limit)d megapixels are accepted.") % {"limit": 50}


def test_xlsx_zip_bomb_attachment_is_refused(draft):
    content = _office({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (50 << 20)})
    assert len(content) < 200_000
    assert _refused(*draft, "bomb.xlsx", content) == _(
        "The file unpacks to far more data than a document holds; it was refused."
    )


def test_office_file_with_too_many_members_is_refused(draft):
    content = _office({f"xl/media/{index}.bin": b"" for index in range(5001)})
    assert _refused(*draft, "many.xlsx", content) == _(
        "The file unpacks to far more data than a document holds; it was refused."
    )


def test_benefit_evidence_goes_through_the_same_checks():
    from zhichuang.proposals import benefits

    with pytest.raises(ValidationFailed) as error:
        benefits.clean_lines(
            [
                {
                    "category": "material",
                    "description": "钢材",
                    "quantity": "1",
                    "unit_price": "1",
                    "evidence": SimpleUploadedFile("e.png", _image("PNG") + HTML),
                }
            ]
        )
    assert str(error.value.details["file"][0]) == APPENDED


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", _image("PNG", (4000, 3000))),
        ("photo.jpg", _image("JPEG", (4000, 3000))),
        ("photo.webp", _image("WEBP")),
        ("ultra-hdr.jpg", _image("JPEG", (400, 300)) + _image("JPEG", (100, 75))),  # gain map after the photo
        ("report.pdf", _pdf()),
        ("report.pdf", _pdf().rstrip(b"\n") + b"\r\n\x00\x00"),
        ("sheet.xlsx", _office({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": "职工".encode() * 5000})),
    ],
)
def test_real_files_are_still_accepted(draft, name, content):
    proposal, worker = draft
    attachment = services.attachment_add(
        actor=worker.user, proposal=proposal, uploaded_file=SimpleUploadedFile(name, content)
    )
    assert attachment.size == len(content)


def test_import_uses_the_same_zip_check(city_tree):
    """The import's zip-bomb check is the shared one: a workbook over the member limit is refused there too."""
    from tests.imports.conftest import upload
    from zhichuang.imports.enums import ImportStatus
    from zhichuang.imports.services import import_job_create, import_job_run

    admin = factories.make_admin("district_admin", city_tree["north"])
    content = _office({"xl/workbook.xml": b"<workbook/>", **{f"xl/media/{index}.bin": b"" for index in range(5001)}})
    job, _password = import_job_create(actor=admin, kind="workers", upload=upload(content, "职工.xlsx"), enqueue=False)
    job = import_job_run(job=job)
    assert job.status == ImportStatus.FAILED
    assert job.result["message"] == _("The file unpacks to far more data than a spreadsheet holds; it was refused.")


def test_import_xlsx_with_html_appended_is_refused(city_tree):
    from tests.imports.conftest import WORKER_HEADERS, upload, worker_row, xlsx_bytes
    from zhichuang.imports.enums import ImportStatus
    from zhichuang.imports.services import import_job_create, import_job_run

    admin = factories.make_admin("district_admin", city_tree["north"])
    content = xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"])]) + HTML
    job, _password = import_job_create(actor=admin, kind="workers", upload=upload(content, "职工.xlsx"), enqueue=False)
    job = import_job_run(job=job)
    assert job.status == ImportStatus.FAILED
    assert job.result["message"] == APPENDED


def test_html_after_a_second_jpeg_is_refused(draft):
    assert _refused(*draft, "photo.jpg", _image("JPEG") + _image("JPEG") + HTML) == APPENDED
