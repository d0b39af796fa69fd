"""Proposals' full-text search index on PostgreSQL: GIN over the bigrams of title, problem and change.

The expression is the one similarity.selectors.matching_text filters on for the proposal kind
(search_fields in proposals/module.py, in that order). Databases migrated before this one have
the index already, made by similarity 0002 under the search piece's name: it is renamed.
"""

from django.db import migrations

from zhichuang.core.migration_sql import run

INDEX = """
CREATE INDEX IF NOT EXISTS proposal_text_bigrams ON proposals_proposal
USING gin (zhichuang_bigrams(lower(title || ' ' || problem || ' ' || "change")))
"""

FORWARDS = {
    "postgresql": [
        "ALTER INDEX IF EXISTS similarity_proposal_bigrams RENAME TO proposal_text_bigrams",
        INDEX,
    ]
}
BACKWARDS = {"postgresql": ["DROP INDEX IF EXISTS proposal_text_bigrams"]}


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0009_member_public_consent"),
        ("similarity", "0002_postgresql_search_index"),
    ]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
