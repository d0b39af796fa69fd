"""Fetch and authorise in one call (Zulip's access_<thing>): each returns the record if the user may
have it for the purpose its name says, and raises NotFound otherwise, also for one that does not
exist, so the two cannot be told apart. Views name these in accounts.access.object_required."""

from zhichuang.core.errors import NotFound
from zhichuang.experts import selectors as expert_selectors

from . import evaluation, rules
from .models import Campaign, Proposal
from .selectors import campaign_get, proposal_get, proposal_review_get


def access_proposal(user, pk: int) -> Proposal:
    """The proposal if the user may see it (rules.may_see)."""
    return proposal_get(user=user, pk=pk)


def access_editable_proposal(user, pk: int) -> Proposal:
    """The proposal if the user may edit it now (rules.may_edit)."""
    proposal = access_proposal(user, pk)
    if not rules.may_edit(user, proposal):
        raise NotFound()
    return proposal


def access_campaign(user, pk: int) -> Campaign:
    """The campaign if the user may see it (open to the organisations it was launched for)."""
    return campaign_get(user=user, pk=pk)


def access_managed_proposal(user, pk: int) -> Proposal:
    """The proposal if the user manages its enterprise (rules.manages): who invites experts to review it."""
    proposal = access_proposal(user, pk)
    if not rules.manages(user, proposal):
        raise NotFound()
    return proposal


def access_assigned_proposal(user, pk: int) -> Proposal:
    """The proposal if the user is an expert asked to review it: the one proposal they open, however far it
    lies from their own scope (experts.selectors.assignment_for decides)."""
    expert_selectors.assignment_for(user=user, kind=evaluation.REVIEW_KIND, item_id=pk)
    return proposal_review_get(pk=pk)
