"""Proposals' part of the home page: what a district or the city oversees, and a worker's own proposals."""

from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.roles import Role
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.modules import HomePanel
from zhichuang.core.views import LIST_COUNT_CAP, capped_count
from zhichuang.payouts.selectors import my_payout_totals

from . import selectors
from .enums import ProposalState
from .workflow import PROPOSAL_WORKFLOW

WAITING_ROWS = 5
S = ProposalState


def home(user, sections: set[str]) -> list[HomePanel]:
    panels = []
    for role in sections:
        if role == Role.WORKER:
            context = _worker_proposals(user)
            if context is not None:
                panels.append(HomePanel(role, "proposals/home/worker.html", context, order=10))
            continue
        waiting = _waiting_for(user, role)
        if waiting:
            panels.append(HomePanel(role, "proposals/home/waiting.html", {"waiting": waiting}, order=10))
    return panels


def _waiting(label, qs, query: str | None, icon: str, note: str = "") -> dict:
    """A card: a capped count, the first rows, and the list that makes up the number."""
    return {
        "label": label,
        "count": capped_count(qs, LIST_COUNT_CAP)[1],
        "rows": list(qs[:WAITING_ROWS]),
        "url": f"{reverse('proposals:list')}?{query}" if query is not None else None,
        "icon": icon,
        "note": note,
    }


def _waiting_for(user, role: str) -> list[dict]:
    """What a district or the city oversees (督办). What waits on each role itself is its 待办
    (proposals/todo.py, shown by zhichuang.todo at the top of the home page)."""
    if role in (Role.DISTRICT_ADMIN, Role.CITY_ADMIN):
        overdue = selectors.proposal_list(user=user, overdue=True)
        note = _("Your units' steps past their deadline: chase them all at once, or from each proposal's page.")
        card = _waiting(_("Overdue in your units (督办)"), overdue, "overdue=1", "alarm", note)
        return [card | {"chase_workflow": PROPOSAL_WORKFLOW.name}]
    return []


def _worker_proposals(user) -> dict | None:
    """A worker's drafts, returned and latest proposals and rewards; None for an account with no worker profile."""
    if own_worker(user=user) is None:
        return None
    mine = selectors.proposal_list(user=user, member=user)
    return {
        "drafts": list(mine.filter(state=S.DRAFT)[:WAITING_ROWS]),
        "returned": list(mine.filter(state=S.RETURNED)[:WAITING_ROWS]),
        "recent": list(mine.exclude(state__in=[S.DRAFT, S.RETURNED])[:WAITING_ROWS]),
        "rewards": my_payout_totals(user=user),
    }
