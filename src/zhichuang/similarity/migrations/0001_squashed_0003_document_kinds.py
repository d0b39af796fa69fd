"""similarity 0001–0003 squashed (issue 10): the index tables keyed by document kind (0003).

Kept from the chain: Chinese full-text search on PostgreSQL needs the bigram function a kind's GIN
index is built on (0002). pg_trgm needs three characters and most Chinese search words have two, so
a searched table is indexed by the distinct character bigrams of its text (an IMMUTABLE SQL function
of the text); selectors.matching_text filters on the same expression, then confirms with LIKE. SQLite
has no such index: there the LIKE filter alone is used. The index itself belongs to the module whose
table it indexes (proposals' migration for proposals).

Dropped: 0003's copy of an index already built into the tables keyed by kind (a fresh database has
none to copy; the index is rebuilt from the records anyway).
"""

from django.db import migrations, models

from zhichuang.core.migration_sql import run

BIGRAMS = """
CREATE OR REPLACE FUNCTION zhichuang_bigrams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(body, i, 2)), '{}')
    FROM generate_series(1, length(body) - 1) AS i
$$
"""


class Migration(migrations.Migration):
    replaces = [
        ("similarity", "0001_initial"),
        ("similarity", "0002_postgresql_search_index"),
        ("similarity", "0003_document_kinds"),
    ]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("documents", models.BigIntegerField(default=0)),
                ("built_at", models.DateTimeField(blank=True, null=True)),
                ("kind", models.CharField(max_length=40, unique=True)),
            ],
            options={
                "verbose_name": "similarity index state",
            },
        ),
        migrations.CreateModel(
            name="Term",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind", "hash", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("kind", models.SmallIntegerField()),
                ("hash", models.IntegerField()),
                ("documents", models.IntegerField(default=0)),
                ("postings", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "term",
            },
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind", "object_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("kind", models.SmallIntegerField()),
                ("object_id", models.BigIntegerField()),
                ("signature", models.BinaryField()),
                ("indexed_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "indexed document",
            },
        ),
        migrations.CreateModel(
            name="Posting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "kind", "term", "object_id", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("kind", models.SmallIntegerField()),
                ("term", models.IntegerField()),
                ("object_id", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "posting",
            },
        ),
        migrations.RunPython(
            run({"postgresql": [BIGRAMS]}),
            run({"postgresql": ["DROP FUNCTION IF EXISTS zhichuang_bigrams(text)"]}),
        ),
    ]
