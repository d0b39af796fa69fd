"""Spreadsheet export of any list a user can see.

Callers pass rows from a selector (so the scope is already applied) and the
column definitions; the workbook is written in constant memory and every export
is recorded in the audit log.
"""

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

from .services import audit_record


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value if isinstance(value, (int, float)) else str(value)


def write_xlsx(fileobj, *, sheet: str, columns: list[Column], rows: Iterable) -> int:
    workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "in_memory": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for col, column in enumerate(columns):
        worksheet.set_column(col, col, column.width)
        worksheet.write_string(0, col, str(column.header), bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = _cell(column.value(row))
            if isinstance(value, str):
                worksheet.write_string(count, col, value)
            else:
                worksheet.write(count, col, value)
    workbook.close()
    return count


def xlsx_response(*, filename: str, sheet: str, columns: list[Column], rows: Iterable, filters: dict) -> FileResponse:
    """An .xlsx download of rows; records who exported what with which filters."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    count = write_xlsx(spool, sheet=sheet, columns=columns, rows=rows)
    spool.seek(0)
    audit_record(action="export", object_type=sheet, object_repr=filename, changes={"rows": count, "filters": filters})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
