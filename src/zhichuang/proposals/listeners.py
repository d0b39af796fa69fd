"""What follows a committed step of the proposals' workflows, wired to the shared workflow's one
"state changed" hook (zhichuang.workflow.signals): who is told (notifications.py, as tasks, through the
shared zhichuang.notifications), the similarity index, and the statistics rollup (rollup/). Each listener
runs on its own after the commit: one that fails is logged and never undoes the step or stops the others.

Connected once, by ProposalsConfig.ready.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from zhichuang.payouts.models import Payout
from zhichuang.payouts.workflow import PAYOUT_WORKFLOW
from zhichuang.workflow.signals import StateChange

from . import tasks
from .benefits import CLAIM_WORKFLOW
from .enums import ProposalState
from .models import BenefitClaim, Proposal
from .rewards import PAYOUT_KIND
from .rollup.services import rollup_refresh, rollup_refresh_proposal
from .workflow import PROPOSAL_WORKFLOW, RECOMMENDATION_WORKFLOW

# A proposal enters or leaves the city-wide similarity index with these states.
REINDEXED_STATES = (ProposalState.SUBMITTED, ProposalState.WITHDRAWN, ProposalState.MERGED)
CLAIM_EVENTS = {"claim_submit": "submitted", "claim_return": "returned"}


def notify_transition(change: StateChange) -> None:
    tasks.notify_transition.enqueue(transition_id=change.record_pk)


def reindex(change: StateChange) -> None:
    if change.to_state in REINDEXED_STATES:
        tasks.reindex_proposal.enqueue(proposal_id=change.pk)


def refresh_proposal(change: StateChange) -> None:
    rollup_refresh_proposal(proposal_id=change.pk)


def notify_recommendation(change: StateChange) -> None:
    tasks.notify_recommendation.enqueue(recommendation_id=change.record_pk)


def notify_claim(change: StateChange) -> None:
    event = CLAIM_EVENTS.get(change.action)
    if event:
        tasks.notify_claim.enqueue(claim_id=change.pk, event=event)


def refresh_claim(change: StateChange) -> None:
    """A verified claim changes its proposal's counted benefit."""
    proposal_id = BenefitClaim.objects.filter(pk=change.pk).values_list("proposal_id", flat=True).first()
    if proposal_id is not None:
        rollup_refresh_proposal(proposal_id=proposal_id)


def refresh_payout(change: StateChange) -> None:
    """A reward share's payout changes its proposal's paid reward in the rollup."""
    payouts = Payout.objects.filter(pk=change.pk, kind=PAYOUT_KIND)
    proposal_id = payouts.values_list("record_id", flat=True).first()
    if proposal_id is not None:
        rollup_refresh_proposal(proposal_id=proposal_id)


def proposal_deleted(sender, instance: Proposal, **kwargs) -> None:
    """A deletion is no step of the workflow (no service deletes a proposal; a shell or a cascade may):
    the rollup still forgets it once the deletion commits."""
    if instance.submitted_at is not None:
        year = timezone.localtime(instance.submitted_at).year
        transaction.on_commit(partial(rollup_refresh, org_path=instance.org_path, year=year), robust=True)


def connect() -> None:
    PROPOSAL_WORKFLOW.listen(refresh_proposal, uid="proposals.rollup")
    PROPOSAL_WORKFLOW.listen(notify_transition, uid="proposals.notify_transition")
    PROPOSAL_WORKFLOW.listen(reindex, uid="proposals.reindex")
    RECOMMENDATION_WORKFLOW.listen(notify_recommendation, uid="proposals.notify_recommendation")
    CLAIM_WORKFLOW.listen(notify_claim, uid="proposals.notify_claim")
    CLAIM_WORKFLOW.listen(refresh_claim, uid="proposals.claim_rollup")
    PAYOUT_WORKFLOW.listen(refresh_payout, uid="proposals.payout_rollup")
    post_delete.connect(proposal_deleted, sender=Proposal, dispatch_uid="proposals.rollup_deleted")
