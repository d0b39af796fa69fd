# The reward shares' own payout columns and the old payout steps, moved to zhichuang.payouts by 0015.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("proposals", "0015_payouts_moved")]

    operations = [
        migrations.RemoveIndex(model_name="payouttransition", name="payout_transition_at"),
        migrations.RemoveIndex(model_name="rewardshare", name="reward_share_status"),
        migrations.RemoveField(model_name="rewardshare", name="paid_by"),
        migrations.RemoveField(model_name="rewardshare", name="paid_on"),
        migrations.RemoveField(model_name="rewardshare", name="status"),
        migrations.RemoveField(model_name="rewardshare", name="version"),
        migrations.RemoveField(model_name="rewardshare", name="voucher_no"),
        migrations.AlterField(
            model_name="rewardshare",
            name="payout",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reward_share",
                to="payouts.payout",
                verbose_name="payout",
            ),
        ),
        migrations.DeleteModel(name="PayoutTransition"),
    ]
