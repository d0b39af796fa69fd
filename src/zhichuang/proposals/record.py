"""Proposals' part of a person's record (core.modules.RecordSection): the worker's adopted proposals and
their verified savings, for the talent profile and its eligibility rules."""

from django.db.models import Count, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.core.modules import RecordItem, RecordPart
from zhichuang.core.money import yuan

from .enums import ADOPTED_STATES, ProposalState
from .models import Proposal
from .selectors import proposal_list

SHOWN = 5
VERIFIED = (ProposalState.VERIFIED, ProposalState.REWARDED)


def adopted_proposals(worker, *, user=None) -> RecordPart:
    """Figures: "proposals.adopted" (how many adopted, as a proposer), "proposals.savings" (their verified
    net annual benefit), "proposals.first_adopted" (the date of the first adoption). Entries: the newest
    adopted ones the viewer may open (none for no viewer)."""
    adopted = Proposal.objects.filter(members__worker=worker, state__in=ADOPTED_STATES)
    figures = adopted.aggregate(
        n=Count("pk", distinct=True),
        savings=Sum("net_annual_benefit", filter=Q(state__in=VERIFIED)),
        first=Min("decided_at"),
    )
    items = ()
    if user is not None and figures["n"]:
        shown = proposal_list(user=user).filter(pk__in=adopted.values("pk")).order_by("-decided_at", "-pk")[:SHOWN]
        items = tuple(
            RecordItem(
                title=f"{p.number} {p.title}",
                url=reverse("proposals:detail", args=[p.pk]),
                when=timezone.localdate(p.decided_at) if p.decided_at else None,
                detail=_("Verified savings %(amount)s a year") % {"amount": yuan(p.net_annual_benefit)}
                if p.state in VERIFIED and p.net_annual_benefit
                else p.get_state_display(),
            )
            for p in shown
        )
    return RecordPart(
        items=items,
        total=figures["n"],
        figures={
            "proposals.adopted": figures["n"],
            "proposals.savings": figures["savings"] or 0,
            "proposals.first_adopted": timezone.localdate(figures["first"]) if figures["first"] else None,
        },
    )
