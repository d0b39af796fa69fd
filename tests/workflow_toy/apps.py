from django.apps import AppConfig


class WorkflowToyConfig(AppConfig):
    """A model with its own table, only in the test settings, for the shared workflow's tests. It has its
    migration: on PostgreSQL an app without one gets its tables before the migrated apps it refers to."""

    name = "tests.workflow_toy"
    label = "workflow_toy"
