"""Every saved or deleted proposal, every saved benefit claim and every saved payout share
(verification, corrections and payouts write the proposal's benefit or paid reward with a
queryset update) refreshes the rollup once the change is committed. A failed refresh is logged
and repaired by the next refresh of the same path and year or by `zhichuang rebuild_statistics`;
it never fails the request that changed the proposal.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from zhichuang.proposals.models import BenefitClaim, Proposal, RewardShare

from .services import rollup_refresh, rollup_refresh_proposal


@receiver(post_save, sender=Proposal, dispatch_uid="statistics.proposal_saved")
@receiver(post_delete, sender=Proposal, dispatch_uid="statistics.proposal_deleted")
def proposal_changed(sender, instance: Proposal, **kwargs):
    if instance.submitted_at is not None:
        year = timezone.localtime(instance.submitted_at).year
        transaction.on_commit(partial(rollup_refresh, org_path=instance.org_path, year=year), robust=True)


@receiver(post_save, sender=BenefitClaim, dispatch_uid="statistics.claim_saved")
def claim_changed(sender, instance: BenefitClaim, **kwargs):
    transaction.on_commit(partial(rollup_refresh_proposal, proposal_id=instance.proposal_id), robust=True)


@receiver(post_save, sender=RewardShare, dispatch_uid="statistics.payout_saved")
def payout_changed(sender, instance: RewardShare, **kwargs):
    proposal_id = instance.reward.proposal_id
    transaction.on_commit(partial(rollup_refresh_proposal, proposal_id=proposal_id), robust=True)
