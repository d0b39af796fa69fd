"""The squashed migrations (issue 10, section 3): what they stand for and what they make outside the models.

Each app's chain became one migration `0001_squashed_<the old head>` whose `replaces` lists the old chain,
so a database the old chain migrated (a developer's demo, an install of the previous release) is taken as
migrated; the old files are gone. The upgrade itself is run for real by tests/test_deployment.py when the
previous commit still has the old chain.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# The chains as they were before the squash: what a database migrated then has in django_migrations.
OLD_CHAINS = {
    "accounts": [
        "0001_initial",
        "0002_worker_prefix_search_indexes",
        "0003_user_is_demo",
        "0004_user_gate_fields",
        "0005_separate_admin_duties",
        "0006_role_separation_constraints",
        "0007_loginattempt_username_index",
        "0008_role_assignment_newest",
    ],
    "audit": ["0001_initial", "0002_refuse_updates"],
    "imports": ["0001_initial", "0002_proposals_kind"],
    "proposals": [
        "0001_initial",
        "0002_scale_indexes",
        "0003_submitted_after_created",
        "0004_scope_visible_index",
        "0005_reward_paid",
        "0006_showcase_index",
        "0007_reward_share_status",
        "0008_home_card_indexes",
        "0009_member_public_consent",
        "0010_text_search_index",
        "0011_workflows_and_rollup",
    ],
    "similarity": ["0001_initial", "0002_postgresql_search_index", "0003_document_kinds"],
    "statistics": ["0001_initial", "0002_reward_paid", "0003_rollup_moves_to_proposals"],
}

# Made by RunPython on PostgreSQL only, outside the models' state (so no test of the models sees them).
POSTGRESQL_INDEXES = {
    "accounts_worker_employer_name_prefix",  # prefix search, varchar_pattern_ops
    "accounts_worker_employer_trade_prefix",
    "proposal_state_scope_submitted",  # counts by state and submission date inside a scope
    "proposal_text_bigrams",  # GIN over zhichuang_bigrams(...)
}


def test_each_squashed_migration_replaces_its_whole_old_chain():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {key[0]: migration.replaces for key, migration in loader.disk_migrations.items() if migration.replaces}
    assert replaced == {app: [(app, name) for name in names] for app, names in OLD_CHAINS.items()}
    replaced_names = {(app, name) for app, names in OLD_CHAINS.items() for name in names}
    assert replaced_names.isdisjoint(loader.disk_migrations)  # the old files are gone


def test_a_database_the_old_chains_migrated_has_nothing_to_apply(db):
    recorded = MigrationRecorder(connection).migration_qs
    later = [
        key
        for key, migration in MigrationLoader(None).disk_migrations.items()
        if key[0] in OLD_CHAINS and not migration.replaces
    ]  # made after the squash (proposals 0012, say): applied here, as in any database migrated since
    recorded.filter(app__in=OLD_CHAINS).delete()  # rolled back with the test
    recorded.bulk_create(
        [MigrationRecorder.Migration(app=app, name=name) for app, names in OLD_CHAINS.items() for name in names]
        + [MigrationRecorder.Migration(app=app, name=name) for app, name in later]
    )
    executor = MigrationExecutor(connection)
    squashed = [key for key, migration in executor.loader.disk_migrations.items() if migration.replaces]
    assert len(squashed) == len(OLD_CHAINS)
    assert all(key in executor.loader.applied_migrations for key in squashed)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only indexes and function")
def test_the_postgresql_only_indexes_and_the_bigram_function_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [sorted(POSTGRESQL_INDEXES)])
        assert {row[0] for row in cursor.fetchall()} == POSTGRESQL_INDEXES
        cursor.execute("SELECT zhichuang_bigrams('变频调速')")
        assert sorted(cursor.fetchone()[0]) == sorted(["变频", "频调", "调速"])
