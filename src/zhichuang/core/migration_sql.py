"""Raw SQL in migrations that differs by database (triggers, functions): one helper for every app's migrations."""


def run(statements_by_vendor: dict[str, list[str]]):
    """A RunPython function executing the statements listed for the migrating connection's vendor."""

    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply
