"""statistics 0001–0003 squashed (issue 10): the workforce counts.

The rollup's four tables (statistics_statcell, _participationcount, _proposeryear, _rollupyear) keep
their names but belong to proposals: proposals' squashed migration creates them (before the squash,
statistics 0001 created them and proposals 0011 / statistics 0003 moved them in Django's state only).
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("statistics", "0001_initial"),
        ("statistics", "0002_reward_paid"),
        ("statistics", "0003_rollup_moves_to_proposals"),
    ]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Workforce",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("node_path", models.CharField(max_length=60, unique=True)),
                ("workers", models.PositiveIntegerField(default=0)),
                ("counted_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
    ]
