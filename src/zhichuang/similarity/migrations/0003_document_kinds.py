"""The index holds documents of any kind, not only proposals.

Each kind gets its IndexState row (its id is the kind's code in the other tables); Term,
Document and Posting carry that code in their keys, and the record id is `object_id`. A
composite key cannot be altered in place, so the three tables are made anew and the index
already built is copied over as the "proposal" kind (the only one before): no rebuild.
"""

from django.core.management.color import no_style
from django.db import migrations, models

TABLES = (
    ("similarity_term", "similarity_legacyterm", "kind, hash, documents, postings", "hash, documents, postings"),
    (
        "similarity_document",
        "similarity_legacydocument",
        "kind, object_id, signature, indexed_at",
        "proposal_id, signature, indexed_at",
    ),
    ("similarity_posting", "similarity_legacyposting", "kind, term, object_id", "term, proposal_id"),
)


def copy_index(apps, schema_editor):
    IndexState = apps.get_model("similarity", "IndexState")
    state = IndexState.objects.filter(pk=1).first()  # the only row there was, now kind "proposal"
    if state is None:
        return
    # The row was made with an explicit pk=1: PostgreSQL's sequence still stands at 1, and the
    # next kind's row would take id 1 again.
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), [IndexState]):
        schema_editor.execute(statement)
    for new, old, new_columns, old_columns in TABLES:
        # Constant SQL: our own table and column names, the kind's code a parameter.
        schema_editor.execute(
            f"INSERT INTO {new} ({new_columns}) SELECT %s, {old_columns} FROM {old}",  # noqa: S608
            [state.pk],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0002_postgresql_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexstate",
            name="kind",
            field=models.CharField(default="proposal", max_length=40, unique=True),
            preserve_default=False,
        ),
        migrations.RenameModel("Term", "LegacyTerm"),
        migrations.RenameModel("Document", "LegacyDocument"),
        migrations.RenameModel("Posting", "LegacyPosting"),
        migrations.CreateModel(
            name="Term",
            fields=[
                ("pk", models.CompositePrimaryKey("kind", "hash", blank=True, editable=False, primary_key=True, serialize=False)),
                ("kind", models.SmallIntegerField()),
                ("hash", models.IntegerField()),
                ("documents", models.IntegerField(default=0)),
                ("postings", models.IntegerField(default=0)),
            ],
            options={"verbose_name": "term"},
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("pk", models.CompositePrimaryKey("kind", "object_id", blank=True, editable=False, primary_key=True, serialize=False)),
                ("kind", models.SmallIntegerField()),
                ("object_id", models.BigIntegerField()),
                ("signature", models.BinaryField()),
                ("indexed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "indexed document"},
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
            options={"verbose_name": "posting"},
        ),
        migrations.RunPython(copy_index, migrations.RunPython.noop),
        migrations.DeleteModel("LegacyTerm"),
        migrations.DeleteModel("LegacyDocument"),
        migrations.DeleteModel("LegacyPosting"),
    ]
