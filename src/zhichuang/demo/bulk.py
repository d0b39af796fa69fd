"""Fast inserts for generated data (written by core.bulk: COPY on PostgreSQL, executemany elsewhere).

Rows are plain dicts keyed by field attname (model instances cost more to build
than everything else together at millions of rows) and carry explicit primary
keys (allocated by `next_id`), so rows can point at each other before anything
is written. Fields left out take their model default.
"""

from django.core.management.color import no_style
from django.db import connection, models

from zhichuang.core.bulk import write_rows


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of a table (the generator runs alone, inside one transaction)."""
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def as_row(obj: models.Model) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _column_values(model: type[models.Model], sample: dict):
    """For each column: (column, attname, default, converter or None). Drivers take str/int/bool/None as is.

    A primary key absent from the rows is left to the database.
    """
    plain = connection.vendor == "postgresql"  # psycopg adapts dates and aware datetimes itself
    result = []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.attname not in sample:
            continue
        needs_prep = not plain and isinstance(field, models.DateField)  # DateTimeField is a DateField
        convert = (lambda value, f=field: f.get_db_prep_save(value, connection)) if needs_prep else None
        result.append((field.column, field.attname, field.get_default(), convert))
    return result


def _values(columns, rows):
    for row in rows:
        values = []
        for _, attname, default, convert in columns:
            value = row.get(attname, default)
            values.append(convert(value) if convert is not None and value is not None else value)
        yield values


def insert(model: type[models.Model], rows: list[dict]) -> None:
    if rows:
        columns = _column_values(model, rows[0])
        write_rows(model, [column for column, _, _, _ in columns], _values(columns, rows))


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After explicit primary keys, PostgreSQL's sequences must continue past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
