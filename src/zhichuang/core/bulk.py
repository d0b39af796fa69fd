"""Write many prepared rows into one table: PostgreSQL's COPY, executemany elsewhere.

The callers (imports, the demo and scale generators) prepare each value in the
driver's form; this is only the fast path to the table. No signals, no save().
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models


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
