"""Bad files: each gets a clear message and writes nothing."""

import io
import zipfile

import pytest
from django.utils.translation import gettext as _

from tests.imports.conftest import WORKER_HEADERS, csv_bytes, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import User, Worker
from zhichuang.core.errors import ValidationFailed
from zhichuang.imports.enums import ImportStatus
from zhichuang.imports.services import import_job_create, import_job_run
from zhichuang.orgs.models import Organization

pytestmark = pytest.mark.django_db


def rejected(actor, content, name="职工.xlsx", kind="workers"):
    counts = (Worker.objects.count(), User.objects.count(), Organization.objects.count())
    job, _password = import_job_create(actor=actor, kind=kind, upload=upload(content, name), enqueue=False)
    job = import_job_run(job=job)
    assert job.status == ImportStatus.FAILED
    assert (Worker.objects.count(), User.objects.count(), Organization.objects.count()) == counts
    assert not job.file, "the upload is discarded"
    return job


def test_missing_headers_are_named(district_admin):
    content = xlsx_bytes(["姓名", "手机号"], [["赵六", "13800001111"]])
    job = rejected(district_admin, content)
    assert _("Missing columns: %s.") % "身份证号、单位统一社会信用代码" in job.result["message"]


def test_unknown_and_repeated_headers_are_named(city_tree, district_admin):
    headers = [*WORKER_HEADERS, "身份证号码", "血型"]
    row = [*worker_row(city_tree["steel"]), "x", "A"]
    job = rejected(district_admin, xlsx_bytes(headers, [row]))
    assert _("Unknown columns: %s.") % "血型" in job.result["message"]
    assert _("Repeated columns: %s.") % "身份证号码" in job.result["message"]


def test_file_without_header_row_does_not_echo_data(city_tree, district_admin):
    row = worker_row(city_tree["steel"])
    job = rejected(district_admin, xlsx_bytes(row, [row]))
    assert _("Row 1 holds values, not column names.") in job.result["message"]
    assert row[1] not in str(job.result)


def test_text_renamed_to_xlsx_is_refused(district_admin):
    job = rejected(district_admin, "姓名,身份证号\n".encode(), name="workers.xlsx")
    assert job.result["message"] == _("This file is not an Excel workbook (.xlsx), whatever its name says.")


def test_zip_that_is_not_a_workbook_is_refused(district_admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    job = rejected(district_admin, buffer.getvalue())
    assert job.result["message"] == _("This file is not an Excel workbook (.xlsx), whatever its name says.")


def test_old_xls_is_refused_with_advice(district_admin):
    job = rejected(district_admin, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="workers.xls")
    assert job.result["message"] == _(
        "The old .xls format is not supported: save the file as .xlsx and upload it again."
    )


def test_zip_bomb_is_refused_before_inflating(district_admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    job = rejected(district_admin, buffer.getvalue())
    assert job.result["message"] == _("The file unpacks to far more data than a spreadsheet holds; it was refused.")


def test_zip_with_lying_sizes_is_refused(district_admin):
    """A member declaring less than it inflates to: zipfile stops at the declared size and the CRC check fails."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<sheetData/>" * 1000)
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(buffer.getvalue())
    small = (10).to_bytes(4, "little")
    data[sheet.header_offset + 22 : sheet.header_offset + 26] = small  # local header: uncompressed size
    central = data.index(b"PK\x01\x02")
    while not data[central + 46 :].startswith(sheet.filename.encode()):
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = small  # central directory: uncompressed size
    job = rejected(district_admin, bytes(data))
    assert job.result["message"] == _("The workbook is damaged or encrypted and cannot be read.")


def test_file_over_the_limit_is_refused_on_upload(district_admin, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationFailed) as caught:
        import_job_create(actor=district_admin, kind="workers", upload=upload(b"x" * (1024 * 1024 + 1)), enqueue=False)
    assert caught.value.details["file"] == [_("The file is larger than %(limit)d MB.") % {"limit": 1}]


def test_file_over_the_limit_is_refused_by_the_run(district_admin, settings):
    job, _password = import_job_create(actor=district_admin, kind="workers", upload=upload(b"x" * 2048), enqueue=False)
    settings.IMPORT_MAX_BYTES = 1024
    job = import_job_run(job=job)
    assert job.status == ImportStatus.FAILED
    assert job.result["message"] == _("The file is larger than %(limit)d MB.") % {"limit": 0}


def test_csv_in_unknown_encoding_is_refused(district_admin):
    job = rejected(district_admin, "姓名".encode("utf-16"), name="workers.csv")
    assert job.result["message"] in {
        _("This file is not a CSV text file."),
        _("The CSV file must be encoded in UTF-8 or GB18030."),
    }


def test_header_only_file_is_refused(district_admin):
    job = rejected(district_admin, csv_bytes(WORKER_HEADERS, []), name="workers.csv")
    assert job.result["message"] == _("The file has a header but no rows.")


def test_pdf_is_refused(district_admin):
    job = rejected(district_admin, b"%PDF-1.7 ...", name="workers.pdf")
    assert job.result["message"] == _("Upload an .xlsx or .csv file.")
