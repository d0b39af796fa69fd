"""The spreadsheets the import page hands out: blank templates and error reports."""

import datetime
import io

import xlsxwriter
from django.utils.translation import gettext as _

from zhichuang.audit import exports
from zhichuang.core.listing import Cell

from .enums import ImportKind
from .registry import columns
from .rows import Problem

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAMES = {
    ImportKind.WORKERS: "职工导入模板.xlsx",
    ImportKind.ORGANIZATIONS: "组织导入模板.xlsx",
    ImportKind.PROPOSALS: "历史项目导入模板.xlsx",
    ImportKind.HONOURS: "荣誉名单导入模板.xlsx",
}


def template_workbook(kind: ImportKind) -> bytes:
    """A header row, one example row and a notes sheet; every column is formatted as text except dates."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    as_text = workbook.add_format({"num_format": "@"})
    as_date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold = workbook.add_format({"bold": True})
    required = workbook.add_format({"bold": True, "font_color": "#C00000"})
    sheet = workbook.add_worksheet(str(ImportKind(kind).label)[:31])
    notes = workbook.add_worksheet(_("Notes")[:31])
    for index, column in enumerate(columns(kind)):
        is_date = isinstance(column.example, datetime.date)
        sheet.set_column(index, index, max(12, len(column.header) * 2 + 4), as_date if is_date else as_text)
        sheet.write_string(0, index, column.header, required if column.required else bold)
        if is_date:
            sheet.write_datetime(1, index, datetime.datetime.combine(column.example, datetime.time()), as_date)
        else:
            sheet.write_string(1, index, str(column.example), as_text)
    sheet.freeze_panes(1, 0)
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 90)
    for index, header in enumerate((_("Column"), _("Required"), _("Notes"))):
        notes.write_string(0, index, header, bold)
    for row, column in enumerate(columns(kind), start=1):
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, "是" if column.required else "")
        notes.write_string(row, 2, str(column.note))
    last = len(columns(kind)) + 2
    notes.write_string(last, 0, _("Delete the example row before importing. Red headers are required."))
    notes.write_string(last + 1, 0, _("The first sheet is imported; the header must stay in row 1."))
    workbook.close()
    return buffer.getvalue()


def error_report(problems: list[Problem]) -> bytes:
    buffer = io.BytesIO()
    exports.write_xlsx(
        buffer,
        sheet=_("Problems"),
        columns=[
            exports.Column(_("Row"), lambda problem: problem.row, cell=Cell.NUMBER, width=8),
            exports.Column(_("Column"), lambda problem: problem.column, width=20),
            exports.Column(_("Reason"), lambda problem: problem.message, width=80),
        ],
        rows=problems,
    )
    return buffer.getvalue()
