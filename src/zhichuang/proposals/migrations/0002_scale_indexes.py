"""Indexes found with EXPLAIN ANALYZE at 1,000,000 proposals (docs/benchmarks.md, "Proposals at scale").

A state filter with a submission date range inside a scope (a district's rewarded proposals
of 2025) counted its matches by walking every proposal of the scope: 96–134 ms at 1M. An
index on (state, org_path, submitted_at) answers the same count in about 11 ms.

PostgreSQL only, and outside the models' state (like accounts 0002): SQLite's embedded scale
does not need it.
"""

from django.db import migrations

INDEX = "proposal_state_scope_submitted"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal (state, org_path, submitted_at)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
