"""Migrating a test database back and forth (in transactional tests: the schema changes under them)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to targets ([(app, migration)]); returns the apps of that state, for its historical models."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's last migration, so the tests after a migration test find the schema they expect."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
