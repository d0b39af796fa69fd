"""Fetch and authorise in one call (Zulip's access_<thing>): each returns the record if the user may
have it for the purpose its name says, and raises NotFound otherwise, also for one that does not
exist, so the two cannot be told apart. Views name these in accounts.access.object_required."""

from zhichuang.core.errors import NotFound

from . import rules
from .models import Campaign, Proposal
from .selectors import campaign_get, proposal_get


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
