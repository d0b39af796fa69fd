"""Fast inserts for generated data, through core.bulk.insert_rows (COPY on PostgreSQL, executemany elsewhere).

Rows are plain dicts keyed by field attname (model instances cost more to build
than everything else together at millions of rows) and carry explicit primary
keys (allocated by `next_id`), so rows can point at each other before anything
is written. Fields left out take their model default.
"""

from django.core.management.color import no_style
from django.db import connection, models

from zhichuang.core.bulk import insert_rows


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of a table (the generator runs alone, inside one transaction)."""
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def as_row(obj: models.Model) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def insert(model: type[models.Model], rows: list[dict]) -> None:
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
