"""Write many prepared rows into one table: PostgreSQL's COPY, executemany elsewhere.

write_rows is the fast path to the table for values already in the driver's form; insert_rows, the
one bulk inserter, prepares a model's values for it; insert_dicts feeds it rows keyed by field attname
(the generators'). Model.objects.bulk_create spends most of its
time compiling SQL value by value (about 4 µs per field per row: 60 fields × 100,000 rows is most of
a minute); here each value is prepared once per column kind. No signals, no save(), no per-row
defaults: callers pass every value that varies and the constants; other fields get their model
default once. For writes that have been fully validated and run inside a transaction (imports, the
similarity index, the demo and scale generators).
"""

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone


def write_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write rows (one value per database column name in columns, in that order)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608 - our names


def settle(*models: type[models.Model]) -> None:
    """After writing many rows into these tables (none named: the whole database): the planner's
    statistics and, on PostgreSQL, the visibility map brought up to date now rather than whenever
    autovacuum gets there. Without them the first queries plan for empty tables and read the heap
    instead of the index alone (the similar-proposal lookup at 1M: 91 ms after a fresh build, 5 ms
    after this). VACUUM cannot run inside a transaction; there (the tests) only ANALYZE runs."""
    quote = connection.ops.quote_name
    command = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for table in [quote(model._meta.db_table) for model in models] or [""]:
            cursor.execute(f"{command} {table}".strip())


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence], **constants) -> int:
    """Insert rows (one value per name in columns, in that order); returns how many."""
    opts = model._meta
    now = timezone.now()
    fields = [opts.get_field(name) for name in columns]
    fixed = []
    for field in opts.concrete_fields:
        if field.primary_key or field.name in columns or field.attname in columns:
            continue
        if field.name in constants:
            value = constants[field.name]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        fixed.append((field, value))
    all_fields = fields + [field for field, _value in fixed]
    count = 0
    if connection.vendor == "postgresql":
        adapters = [None] * len(fields)  # psycopg adapts dates and aware datetimes itself
        tail = tuple(value for _field, value in fixed)
    else:
        adapters = [_adapter(field) for field in fields]
        tail = tuple(field.get_db_prep_save(value, connection) for field, value in fixed)

    def prepared():
        nonlocal count
        for row in rows:
            count += 1
            yield (*(adapt(value) if adapt else value for adapt, value in zip(adapters, row, strict=True)), *tail)

    write_rows(model, [field.column for field in all_fields], prepared())
    return count


def _adapter(field):
    """A value converter for the columns whose Python values the driver does not store as Django would."""
    if isinstance(field, models.DateTimeField):
        return lambda value: connection.ops.adapt_datetimefield_value(value)
    if isinstance(field, models.DateField):
        return lambda value: connection.ops.adapt_datefield_value(value)
    return None


# Generated data (the demo and scale generators): rows are plain dicts keyed by field attname (model
# instances cost more to build than everything else together at millions of rows) and carry explicit
# primary keys (allocated by next_id), so rows can point at each other before anything is written.


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of a table (the generator runs alone, inside one transaction)."""
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def as_row(obj: models.Model) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def insert_dicts(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows keyed by attname; a field the first row leaves out takes its model default."""
    if rows:
        columns = list(rows[0])
        defaults = {name: model._meta.get_field(name).get_default() for name in columns}
        insert_rows(model, columns, (tuple(row.get(name, defaults[name]) for name in columns) for row in rows))


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After explicit primary keys, PostgreSQL's sequences must continue past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
