"""Spreadsheet export of any list a user can see.

A declared list (core.listing.Listing) is exported by listing_export: its filters and selector (so the
scope is already applied), at most its row cap, its columns. Cells are typed (core.listing.Cell): numbers
and money are numbers (money shown 0.00, to the fen), dates and times are date cells, so that Excel sums
and sorts them. The workbook is written in constant memory and every export is recorded in the audit log.
"""

import datetime
import tempfile
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from zhichuang.core.errors import NotFound
from zhichuang.core.listing import Cell, Column, Listing

from .services import audit_record

# The language of the headings and sheet names: the file format unions exchange is Chinese.
EXPORT_LANGUAGE = "zh-hans"
FORMATS = {
    Cell.MONEY: {"num_format": "0.00"},
    Cell.DATE: {"num_format": "yyyy-mm-dd"},
    Cell.DATETIME: {"num_format": "yyyy-mm-dd hh:mm:ss"},
}


def _write(worksheet, row: int, col: int, cell: Cell, value, formats) -> None:
    if value is None or value == "":
        return  # an empty cell
    if cell is Cell.BOOL:
        worksheet.write_string(row, col, "是" if value else "否")
    elif cell in (Cell.NUMBER, Cell.MONEY):
        # A float holds 15 significant digits: every amount of a Decimal(14, 2) column exactly.
        worksheet.write_number(row, col, float(Decimal(value)), formats.get(cell))
    elif cell is Cell.DATETIME:
        local = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        worksheet.write_datetime(row, col, local, formats[cell])
    elif cell is Cell.DATE:
        # An aware datetime's day is the local one (a reward decided at 01:00 in Shanghai is not yesterday's).
        day = value
        if isinstance(day, datetime.datetime):
            day = (timezone.localtime(day) if timezone.is_aware(day) else day).date()
        worksheet.write_datetime(row, col, datetime.datetime.combine(day, datetime.time()), formats[cell])
    elif isinstance(value, bool):
        worksheet.write_string(row, col, "是" if value else "否")
    elif isinstance(value, int | float):  # a text column that holds a number: it stays a number
        worksheet.write_number(row, col, value)
    elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
        worksheet.write_string(row, col, timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S"))
    elif isinstance(value, datetime.date):
        worksheet.write_string(row, col, value.isoformat())
    else:
        worksheet.write_string(row, col, str(value))


def write_xlsx(fileobj, *, sheet: str, columns: Iterable[Column], rows: Iterable, language: str | None = None) -> int:
    """Write the rows; language: the headings' and labels' (None: the active one)."""
    columns = tuple(columns)
    workbook = xlsxwriter.Workbook(fileobj, {"constant_memory": True, "in_memory": False})
    worksheet = workbook.add_worksheet(str(sheet)[:31])
    bold = workbook.add_format({"bold": True})
    formats = {cell: workbook.add_format(spec) for cell, spec in FORMATS.items()}
    count = 0
    with translation.override(language or translation.get_language()):
        for col, column in enumerate(columns):
            worksheet.set_column(col, col, column.width)
            worksheet.write_string(0, col, str(column.heading), bold)
        for count, row in enumerate(rows, start=1):
            for col, column in enumerate(columns):
                _write(worksheet, count, col, column.cell, column.value(row), formats)
    workbook.close()
    return count


def listing_export(request, listing: Listing):
    """The .xlsx of a declared list: its filters read from the query string as the page reads them (a
    wrong filter sends the user back to the page, which says what is wrong), at most listing.row_cap rows."""
    try:
        result = listing.read(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    if result.selection is None:
        return redirect(f"{reverse(listing.page_url)}?{request.GET.urlencode()}")
    rows = result.selection.rows
    rows = getattr(rows, "matches", rows)  # a search's matches, all of them, newest first
    if listing.related:
        rows = rows.select_related(*listing.related)
    return xlsx_response(
        filename=listing.filename,
        sheet=listing.sheet,
        columns=listing.columns,
        rows=rows[: listing.row_cap].iterator(chunk_size=2000),
        filters=dict(result.selection.filters),
    )


def xlsx_response(
    *, filename: str, sheet: str, columns: Iterable[Column], rows: Iterable, filters: dict
) -> FileResponse:
    """An .xlsx download of rows; records who exported what with which filters."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    count = write_xlsx(spool, sheet=sheet, columns=columns, rows=rows, language=EXPORT_LANGUAGE)
    spool.seek(0)
    audit_record(action="export", object_type=sheet, object_repr=filename, changes={"rows": count, "filters": filters})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
