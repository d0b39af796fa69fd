"""Chinese full-text search on PostgreSQL: a GIN index over the bigrams of title, problem and change.

pg_trgm needs three characters and most Chinese search words have two, so the
index holds each proposal's distinct character bigrams (an IMMUTABLE SQL function
of the text). selectors.proposal_search filters on the same expression, then
confirms with LIKE. SQLite has no such index: there the LIKE filter alone is used.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION zhichuang_bigrams(body text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(body, i, 2)), '{}')
    FROM generate_series(1, length(body) - 1) AS i
$$
"""
INDEX = """
CREATE INDEX IF NOT EXISTS similarity_proposal_bigrams ON proposals_proposal
USING gin (zhichuang_bigrams(lower(title || ' ' || problem || ' ' || "change")))
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS similarity_proposal_bigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS zhichuang_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0001_initial"),
        ("proposals", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
