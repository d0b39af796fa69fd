# The enterprise ranking's rows of the rollup (EnterpriseYear), filled from the cells, proposers and workforce
# already counted, so the ranking needs no `rebuild_statistics` after the upgrade.

import itertools

from django.db import migrations, models

from zhichuang.proposals.rollup.services import BATCH, ENTERPRISE_DEPTH, ranked_rows

YEAR_CUT = 1  # rollup.models.Shape.YEAR


def fill(apps, schema_editor):
    StatCell = apps.get_model("proposals", "StatCell")
    ParticipationCount = apps.get_model("proposals", "ParticipationCount")
    EnterpriseYear = apps.get_model("proposals", "EnterpriseYear")
    workers = dict(apps.get_model("statistics", "Workforce").objects.values_list("node_path", "workers"))
    proposers = {(path, year): n for path, year, n in ParticipationCount.objects.values_list("node_path", "year", "proposers")}
    cells = (
        StatCell.objects.filter(depth=ENTERPRISE_DEPTH, shape=YEAR_CUT)
        .order_by("node_path", "year")
        .values_list("node_path", "year", "kind", "state", "proposals", "net_benefit")
        .iterator(chunk_size=BATCH)
    )
    batch = []
    for (node_path, year), group in itertools.groupby(cells, key=lambda cell: cell[:2]):
        rows = ranked_rows(
            node_path=node_path,
            year=year,
            year_cells=[cell[2:] for cell in group],
            proposers=proposers.get((node_path, year), 0),
            workers=workers.get(node_path, 0),
        )
        batch += [EnterpriseYear(**row) for row in rows]
        if len(batch) >= BATCH:
            EnterpriseYear.objects.bulk_create(batch)
            batch = []
    EnterpriseYear.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0016_payouts_shared_cleanup"),
        ("statistics", "0001_squashed_0003_rollup_moves_to_proposals"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnterpriseYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("node_path", models.CharField(max_length=60)),
                ("year", models.PositiveSmallIntegerField()),
                ("kind", models.CharField(blank=True, max_length=20)),
                ("submitted", models.PositiveIntegerField(default=0)),
                ("adopted", models.PositiveIntegerField(default=0)),
                ("savings", models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                ("proposers", models.PositiveIntegerField(default=0)),
                ("workers", models.PositiveIntegerField(default=0)),
                ("adoption", models.FloatField(default=0)),
                ("participation", models.FloatField(blank=True, null=True)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["year", "kind", "-submitted", "node_path"], name="rank_submitted"),
                    models.Index(fields=["year", "kind", "-adoption", "-submitted", "node_path"], name="rank_adoption"),
                    models.Index(fields=["year", "kind", "-savings", "-submitted", "node_path"], name="rank_savings"),
                    models.Index(
                        condition=models.Q(("kind", "")),
                        fields=["year", "-participation", "-submitted", "node_path"],
                        name="rank_participation",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("node_path", "year", "kind"), name="enterpriseyear_key")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
