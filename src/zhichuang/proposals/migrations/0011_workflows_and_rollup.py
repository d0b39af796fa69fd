"""The workflows of benefit claims and payouts get their history (ClaimTransition, PayoutTransition) and
the payout its version; the statistics rollup's models move here from the statistics app.

The move changes only Django's idea of which app owns the four rollup tables: they keep their names
(db_table statistics_*), their rows, indexes and constraints, so the database is not touched
(SeparateDatabaseAndState with state operations only). statistics 0003 removes them from that app's state.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0010_text_search_index'),
        ('statistics', '0002_reward_paid'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RollupYear',
                    fields=[
                        ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                        ('rebuilt_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'db_table': 'statistics_rollupyear',
                    },
                ),
                migrations.CreateModel(
                    name='ParticipationCount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('node_path', models.CharField(max_length=60)),
                        ('year', models.PositiveSmallIntegerField()),
                        ('proposers', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'statistics_participationcount',
                        'constraints': [models.UniqueConstraint(fields=('node_path', 'year'), name='participation_key')],
                    },
                ),
                migrations.CreateModel(
                    name='ProposerYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('node_path', models.CharField(max_length=60)),
                        ('year', models.PositiveSmallIntegerField()),
                        ('worker_id', models.BigIntegerField()),
                        ('proposals', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'statistics_proposeryear',
                        'constraints': [models.UniqueConstraint(fields=('node_path', 'year', 'worker_id'), name='proposeryear_key')],
                    },
                ),
                migrations.CreateModel(
                    name='StatCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('node_path', models.CharField(max_length=60)),
                        ('depth', models.PositiveSmallIntegerField()),
                        ('year', models.PositiveSmallIntegerField()),
                        ('shape', models.PositiveSmallIntegerField(choices=[(1, 'Year'), (2, 'Month'), (3, 'Industry')])),
                        ('month', models.PositiveSmallIntegerField(default=0)),
                        ('industry', models.CharField(blank=True, max_length=2)),
                        ('kind', models.CharField(max_length=20)),
                        ('state', models.CharField(max_length=16)),
                        ('proposals', models.PositiveIntegerField(default=0)),
                        ('net_benefit', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                        ('reward', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                        ('reward_paid', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                    ],
                    options={
                        'db_table': 'statistics_statcell',
                        'indexes': [models.Index(fields=['year', 'shape', 'depth', 'node_path'], name='statcell_children')],
                        'constraints': [models.UniqueConstraint(fields=('node_path', 'year', 'shape', 'month', 'industry', 'kind', 'state'), name='statcell_key')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='rewardshare',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.CreateModel(
            name='ClaimTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('data', models.JSONField(blank=True, default=dict)),
                ('from_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('verified', 'Verified'), ('returned', 'Returned')], max_length=16, verbose_name='from')),
                ('to_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('verified', 'Verified'), ('returned', 'Returned')], max_length=16, verbose_name='to')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='proposals.benefitclaim')),
            ],
            options={
                'verbose_name': 'benefit claim step',
                'verbose_name_plural': 'benefit claim steps',
                'ordering': ['at', 'id'],
                'abstract': False,
                'indexes': [models.Index(fields=['claim', 'at'], name='claim_transition_at')],
            },
        ),
        migrations.CreateModel(
            name='PayoutTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('data', models.JSONField(blank=True, default=dict)),
                ('from_state', models.CharField(choices=[('pending', 'Pending'), ('paid', 'Paid')], max_length=8, verbose_name='from')),
                ('to_state', models.CharField(choices=[('pending', 'Pending'), ('paid', 'Paid')], max_length=8, verbose_name='to')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('share', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='proposals.rewardshare')),
            ],
            options={
                'verbose_name': 'payout step',
                'verbose_name_plural': 'payout steps',
                'ordering': ['at', 'id'],
                'abstract': False,
                'indexes': [models.Index(fields=['share', 'at'], name='payout_transition_at')],
            },
        ),
    ]
