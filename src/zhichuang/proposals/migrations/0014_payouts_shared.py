# The payout ledger moves to the shared zhichuang.payouts (0014 to 0016): first the reward share's link to
# its payout; 0015 writes a payouts.Payout per share, 0016 drops the old columns and table. Each is a
# transaction of its own: PostgreSQL refuses to alter a table with the deferred foreign-key checks of rows
# just written still pending.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payouts", "0001_initial"),
        ("proposals", "0013_recommendation_declined"),
    ]

    operations = [
        migrations.AddField(
            model_name="rewardshare",
            name="payout",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reward_share",
                to="payouts.payout",
                verbose_name="payout",
            ),
        ),
    ]
