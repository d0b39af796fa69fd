"""The statistics rollup's models now belong to proposals (proposals 0011): they leave this app's state.
Their tables stay as they are, rows and all; only Workforce remains here.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('statistics', '0002_reward_paid'),
        ('proposals', '0011_workflows_and_rollup'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ParticipationCount'),
                migrations.DeleteModel(name='ProposerYear'),
                migrations.DeleteModel(name='RollupYear'),
                migrations.DeleteModel(name='StatCell'),
            ],
            database_operations=[],
        ),
    ]
