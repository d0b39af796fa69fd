"""Open an uploaded file safely and turn it into rows of cells.

The checks run in order of cost, before any spreadsheet parser sees the bytes:
size, what the bytes really are (not what the name says), and for .xlsx the shared
zip checks of `core.files` (nothing appended after the archive; a zip bomb is refused
before it is inflated; the members are then inflated once by zipfile, which stops at
the declared size and checks the CRC, so the declarations cannot lie).
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _

from zhichuang.core import files

from .columns import IGNORED_HEADERS, Column, text

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format


class FileRejected(files.FileRefused):
    """The file as a whole cannot be imported; nothing was read from its rows.

    The shared checks of `core.files` raise its base class, `FileRefused`; catch that.
    """


@dataclass
class Table:
    headers: list[str]
    # (spreadsheet row number, cells); the header is row 1, blank rows are left out.
    rows: list[tuple[int, Sequence]]


def open_table(path: Path, original_name: str) -> Table:
    size = path.stat().st_size
    if size > settings.IMPORT_MAX_BYTES:
        raise FileRejected(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise FileRejected(_("The file is empty."))
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = Path(original_name).suffix.lower()
    if head.startswith(OLE2_MAGIC):
        raise FileRejected(_("The old .xls format is not supported: save the file as .xlsx and upload it again."))
    if suffix == ".xlsx" or head.startswith(ZIP_MAGIC):
        if not head.startswith(ZIP_MAGIC):
            raise FileRejected(_("This file is not an Excel workbook (.xlsx), whatever its name says."))
        check_zip(path)
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise FileRejected(_("Upload an .xlsx or .csv file."))


def check_zip(path: Path) -> None:
    """Refuse zip bombs, appended data and containers that are not workbooks (the shared checks of core.files)."""
    not_a_workbook = _("This file is not an Excel workbook (.xlsx), whatever its name says.")
    kind = files.FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
    files.check_not_polyglot(kind, path.read_bytes())
    files.check_zip(
        path,
        max_total=settings.IMPORT_MAX_BYTES * files.ZIP_MAX_UNCOMPRESSED_FACTOR,
        required_member="xl/workbook.xml",
        not_this_kind=not_a_workbook,
        too_large=_("The file unpacks to far more data than a spreadsheet holds; it was refused."),
        damaged=_("The workbook is damaged or encrypted and cannot be read."),
    )


def _read_xlsx(path: Path) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            # skip_empty_area=False keeps row i at index i-1, so row numbers match what Excel shows.
            cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except python_calamine.PasswordError:
        raise FileRejected(_("The workbook is protected by a password: remove it and upload again.")) from None
    except (python_calamine.CalamineError, ValueError, OSError):
        raise FileRejected(_("The workbook is damaged or encrypted and cannot be read.")) from None
    return _table(cells)


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise FileRejected(_("This file is not a CSV text file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("The CSV file must be encoded in UTF-8 or GB18030."))
    try:
        cells = list(csv.reader(io.StringIO(content, newline="")))
    except csv.Error:
        raise FileRejected(_("The CSV file is malformed.")) from None
    return _table(cells)


def _table(cells: list[Sequence]) -> Table:
    if not cells:
        raise FileRejected(_("The file has no header row."))
    headers = [text(cell).lstrip("\ufeff").replace(" ", "").rstrip("*") for cell in cells[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [
        (number, row)
        for number, row in enumerate(cells[1:], start=2)
        if any(cell not in ("", None) and (not isinstance(cell, str) or cell.strip()) for cell in row)
    ]
    return Table(headers=headers, rows=rows)


def map_headers(headers: list[str], columns: Sequence[Column]) -> dict[str, int]:
    """{column key: cell index}. Refuse the file when headers are missing, unknown or repeated."""
    by_name = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            by_name[name] = column
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, header in enumerate(headers):
        if not header or header in IGNORED_HEADERS:
            continue
        column = by_name.get(header)
        if column is None:
            unknown.append(header)
        elif column.key in positions:
            repeated.append(header)
        else:
            positions[column.key] = index
    missing = [column.header for column in columns if column.required and column.key not in positions]
    problems = []
    if missing:
        problems.append(_("Missing columns: %s.") % "、".join(missing))
    if any(sum(char.isdigit() for char in header) >= 6 for header in unknown):
        # Data where the header should be; repeating it would copy ID or phone numbers into the job.
        problems.append(_("Row 1 holds values, not column names."))
    elif unknown:
        problems.append(_("Unknown columns: %s.") % "、".join(unknown[:10]))
    if repeated:
        problems.append(_("Repeated columns: %s.") % "、".join(repeated))
    if problems:
        hint = _("Use the template from the import page.")
        raise FileRejected(" ".join([*problems, hint]))
    return positions
