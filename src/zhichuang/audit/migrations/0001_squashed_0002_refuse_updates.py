"""audit 0001–0002 squashed (issue 10): the audit log's table, and the trigger that refuses UPDATE on it,
whoever connects (0002)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from zhichuang.core.migration_sql import run

REFUSE_UPDATES = {
    "sqlite": [
        """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_auditentry_refuse_update() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_update()""",
    ],
}
REFUSE_UPDATES_REVERSE = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_auditentry_no_update"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_auditentry_no_update ON audit_auditentry",
        "DROP FUNCTION IF EXISTS audit_auditentry_refuse_update()",
    ],
}


class Migration(migrations.Migration):
    replaces = [
        ("audit", "0001_initial"),
        ("audit", "0002_refuse_updates"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "occurred_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="time"),
                ),
                ("actor_username", models.CharField(blank=True, max_length=150, verbose_name="actor")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="address")),
                ("action", models.CharField(db_index=True, max_length=64, verbose_name="action")),
                ("object_type", models.CharField(blank=True, max_length=64, verbose_name="object type")),
                ("object_id", models.CharField(blank=True, max_length=64, verbose_name="object ID")),
                ("object_repr", models.CharField(blank=True, max_length=200, verbose_name="object")),
                ("changes", models.JSONField(blank=True, default=dict, verbose_name="changed values")),
                (
                    "actor",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="actor",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
                "ordering": ["-occurred_at", "-id"],
                "indexes": [
                    models.Index(fields=["object_type", "object_id"], name="audit_audit_object__3eefc4_idx"),
                    models.Index(fields=["actor", "occurred_at"], name="audit_audit_actor_i_8fb166_idx"),
                ],
            },
        ),
        migrations.RunPython(run(REFUSE_UPDATES), run(REFUSE_UPDATES_REVERSE)),
    ]
