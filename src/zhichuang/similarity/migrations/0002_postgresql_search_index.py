"""Chinese full-text search on PostgreSQL: the bigram function that a kind's GIN index is built on.

pg_trgm needs three characters and most Chinese search words have two, so a searched
table is indexed by the distinct character bigrams of its text (an IMMUTABLE SQL function
of the text); selectors.matching_text filters on the same expression, then confirms with
LIKE. SQLite has no such index: there the LIKE filter alone is used.

The index itself belongs to the module whose table it indexes (proposals 0010 for
proposals; this migration created it before the search piece knew no proposal).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION zhichuang_bigrams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(body, i, 2)), '{}')
    FROM generate_series(1, length(body) - 1) AS i
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS zhichuang_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
