"""imports 0001–0002 squashed (issue 10)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import zhichuang.imports.models


class Migration(migrations.Migration):
    replaces = [
        ("imports", "0001_initial"),
        ("imports", "0002_proposals_kind"),
    ]

    dependencies = [
        ("orgs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("workers", "Workers"),
                            ("organizations", "Organisations"),
                            ("proposals", "Historical proposals"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True, max_length=200, upload_to=zhichuang.imports.models.upload_path, verbose_name="file"
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Running"),
                            ("succeeded", "Succeeded"),
                            ("failed", "Failed"),
                        ],
                        db_index=True,
                        default="queued",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("waiting", "Waiting to start"),
                            ("reading", "Reading the file"),
                            ("validating", "Checking rows"),
                            ("writing", "Saving"),
                            ("done", "Done"),
                        ],
                        default="waiting",
                        max_length=16,
                        verbose_name="stage",
                    ),
                ),
                ("total_rows", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("processed_rows", models.PositiveIntegerField(default=0, verbose_name="rows checked")),
                ("initial_password_hash", models.CharField(blank=True, editable=False, max_length=256)),
                ("language", models.CharField(blank=True, editable=False, max_length=16)),
                (
                    "error_report",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=zhichuang.imports.models.report_path,
                        verbose_name="error report",
                    ),
                ),
                ("result", models.JSONField(blank=True, default=dict, verbose_name="result")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="created")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="import_jobs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "import",
                "verbose_name_plural": "imports",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
