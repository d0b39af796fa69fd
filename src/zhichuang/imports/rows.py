"""What both importers share: parsing cells into values and collecting problems per row."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import Scope
from zhichuang.core.errors import WITHHELD_ROWS_MESSAGE, ValidationFailed

from .columns import CellError, Column
from .parsing import Table


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str


class RowsRejected(ValidationFailed):
    """Some rows are not valid; nothing was written. `problems` says where and why.

    `withheld` and `disclosed` count the rows refused because of another record's personal identifier
    (Problems.add_about_others), for the personal-data audit row the import service writes.
    """

    def __init__(self, problems: list[Problem], *, withheld: int = 0, disclosed: int = 0):
        self.problems = sorted(problems, key=lambda p: p.row or 0)
        self.withheld, self.disclosed = withheld, disclosed
        super().__init__(_("%d problems were found in the file; nothing was imported.") % len(problems))


class Problems:
    """The problems of one file.

    `disclose` is the scope where the uploader holds the personal-data permission (scope_for(user,
    Perm.VIEW_PII)). A problem that confirms or denies another record's ID or mobile number
    (`add_about_others`) is told row by row only where that scope covers the record; anywhere else the
    rows are withheld and the file gets one statement that names no row, no column and no count
    (docs/conventions.md, "How a validation message may speak of other records").
    """

    def __init__(self, *, disclose: Scope | None = None):
        self.items: list[Problem] = []
        self.bad_rows: set[int] = set()
        self.disclose = disclose
        self.withheld: set[int] = set()
        self.disclosed: set[int] = set()

    def add(self, row: int, column: str, message) -> None:
        self.items.append(Problem(row, column, str(message)))
        self.bad_rows.add(row)

    def add_validation(self, row: int, column: str, exc: ValidationError) -> None:
        for message in exc.messages:
            self.add(row, column, message)

    def add_about_others(self, row: int, column: str, message, *, path: str | None) -> None:
        """A problem that holds only because of another record's personal identifier ("already registered",
        "no worker has this ID number"). path: the organisation path of that record (None when unknown).
        """
        self.bad_rows.add(row)
        if path is not None and self.disclose is not None and self.disclose.covers(path):
            self.disclosed.add(row)
            self.add(row, column, message)
        else:
            self.withheld.add(row)

    def raise_if_any(self) -> None:
        items = list(self.items)
        if self.withheld:
            items.append(Problem(None, "", str(WITHHELD_ROWS_MESSAGE)))
        if items:
            raise RowsRejected(items, withheld=len(self.withheld), disclosed=len(self.disclosed))


Progress = Callable[[int], None]
# Progress is written to the job every this many rows.
PROGRESS_EVERY = 2000


def parse_rows(
    table: Table,
    columns: Sequence[Column],
    positions: dict[str, int],
    problems: Problems,
    progress: Progress,
) -> list[tuple[int, dict]]:
    """Every row as (row number, {key: clean value}); cell problems are recorded, the row is still returned."""
    parsed = []
    present = [(column, positions.get(column.key)) for column in columns]
    for count, (number, cells) in enumerate(table.rows, start=1):
        values = {}
        width = len(cells)
        for column, index in present:
            cell = cells[index] if index is not None and index < width else None
            try:
                value = column.parse(cell)
            except CellError as exc:
                problems.add(number, column.header, exc)
                value = None
            else:
                if column.required and value in ("", None):
                    problems.add(number, column.header, _("This column is required."))
            values[column.key] = value
        parsed.append((number, values))
        if count % PROGRESS_EVERY == 0:
            progress(count)
    progress(len(table.rows))
    return parsed


def chunks(values: Iterable, size: int | None = None) -> Iterable[list]:
    """Split values for `__in` lookups within the database's parameter limit."""
    size = size or min(connection.features.max_query_params or 10_000, 10_000) - 10
    batch = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def first_seen(problems: Problems, seen: dict, key, row: int, column: str, message: str) -> bool:
    """Record key's first row; on a repeat, add a problem naming that row. True when key is new."""
    if key in seen:
        problems.add(row, column, message % {"row": seen[key]})
        return False
    seen[key] = row
    return True
