# Each reward share's payout fields and steps become a payouts.Payout (kind "proposals.reward", record the
# proposal) and its PayoutTransitions (and go back on the reverse).

from django.db import migrations

BATCH = 2000
KIND = "proposals.reward"


def to_payouts(apps, schema_editor):
    RewardShare = apps.get_model("proposals", "RewardShare")
    OldStep = apps.get_model("proposals", "PayoutTransition")
    Payout = apps.get_model("payouts", "Payout")
    Step = apps.get_model("payouts", "PayoutTransition")
    shares = RewardShare.objects.select_related("reward__proposal").order_by("id")
    last = 0
    while True:
        batch = list(shares.filter(id__gt=last)[:BATCH])
        if not batch:
            break
        last = batch[-1].id
        made = Payout.objects.bulk_create(
            Payout(
                kind=KIND,
                record_id=share.reward.proposal_id,
                purpose=f"{share.reward.proposal.number} “{share.reward.proposal.title}”".strip()[:300],
                payer_id=share.reward.proposal.enterprise_id,
                org_path=share.reward.proposal.org_path,
                payee_id=share.worker_id,
                amount=share.amount,
                owed_at=share.reward.decided_at,
                status=share.status,
                paid_on=share.paid_on,
                voucher_no=share.voucher_no,
                paid_by_id=share.paid_by_id,
                version=share.version,
            )
            for share in batch
        )
        by_share = {share.id: payout.id for share, payout in zip(batch, made, strict=True)}
        for share in batch:
            share.payout_id = by_share[share.id]
        RewardShare.objects.bulk_update(batch, ["payout"], batch_size=BATCH)
        Step.objects.bulk_create(
            Step(
                payout_id=by_share[step.share_id],
                from_state=step.from_state,
                to_state=step.to_state,
                actor_id=step.actor_id,
                at=step.at,
                reason=step.reason,
                data=step.data,
            )
            for step in OldStep.objects.filter(share_id__in=list(by_share)).order_by("id")
        )


def from_payouts(apps, schema_editor):
    RewardShare = apps.get_model("proposals", "RewardShare")
    OldStep = apps.get_model("proposals", "PayoutTransition")
    Step = apps.get_model("payouts", "PayoutTransition")
    for share in RewardShare.objects.select_related("payout").exclude(payout=None).iterator(chunk_size=BATCH):
        payout = share.payout
        share.status, share.paid_on, share.voucher_no = payout.status, payout.paid_on, payout.voucher_no
        share.paid_by_id, share.version = payout.paid_by_id, payout.version
        share.save(update_fields=["status", "paid_on", "voucher_no", "paid_by", "version"])
        OldStep.objects.bulk_create(
            OldStep(
                share_id=share.id,
                from_state=step.from_state,
                to_state=step.to_state,
                actor_id=step.actor_id,
                at=step.at,
                reason=step.reason,
                data=step.data,
            )
            for step in Step.objects.filter(payout_id=payout.id).order_by("id")
        )
    RewardShare.objects.update(payout=None)
    apps.get_model("payouts", "Payout").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("proposals", "0014_payouts_shared")]

    operations = [migrations.RunPython(to_payouts, from_payouts)]
