"""Prefix search on name and trade within an employer, on PostgreSQL.

`name LIKE '王%'` can only use a b-tree index whose operator class compares bytes
(varchar_pattern_ops) unless the database collation is C. SQLite has no operator
classes; its embedded scale does not need these indexes.
"""

from django.db import migrations

INDEXES = {
    "accounts_worker_employer_name_prefix": "name",
    "accounts_worker_employer_trade_prefix": "trade",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON accounts_worker (employer_id, {column} varchar_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
