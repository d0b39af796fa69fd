"""Proposals' part of the home page: what waits for each role, and a worker's own proposals."""

from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.roles import Role
from zhichuang.accounts.selectors import own_worker
from zhichuang.core.modules import HomePanel
from zhichuang.core.views import LIST_COUNT_CAP, capped_count

from . import selectors
from .enums import ClaimStatus, ProposalState

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


def _newest_of_few(qs) -> list:
    """The newest WAITING_ROWS of a list known to be short (recommended items: a district's thousand).

    Recommended proposals are old ones, so walking the newest-first index skips most of the scope
    before it finds five (a district's card at 1M proposals: 49 ms); reading the few matches' dates
    through their partial index and picking the newest here takes 8 ms, the city's seven thousand 38.
    """
    newest = sorted(qs.order_by().values_list("created_at", "pk"), reverse=True)[:WAITING_ROWS]
    return list(qs.filter(pk__in=[pk for _at, pk in newest])) if newest else []


def _waiting(label, qs, query: str | None, icon: str, rows=None) -> dict:
    """A "waiting for you" card: a capped count, the first rows, and the list that makes up the number."""
    return {
        "label": label,
        "count": capped_count(qs, LIST_COUNT_CAP)[1],
        "rows": rows if rows is not None else list(qs[:WAITING_ROWS]),
        "url": f"{reverse('proposals:list')}?{query}" if query is not None else None,
        "icon": icon,
    }


def _waiting_for(user, role: str) -> list[dict]:
    proposals = selectors.proposal_list
    if role == Role.ENTERPRISE_ADMIN:
        return [
            _waiting(_("Submitted, to accept"), proposals(user=user, state=S.SUBMITTED), "state=submitted", "inbox"),
            _waiting(_("Overdue"), proposals(user=user, overdue=True), "overdue=1", "alarm"),
            _waiting(_("Adopted, to implement"), proposals(user=user, state=S.ADOPTED), "state=adopted", "tools"),
        ]
    if role == Role.EVALUATOR:
        return [
            _waiting(
                _("Under evaluation"), proposals(user=user, state=S.EVALUATING), "state=evaluating", "clipboard-check"
            ),
            _waiting(
                _("Submitted, not yet accepted"), proposals(user=user, state=S.SUBMITTED), "state=submitted", "inbox"
            ),
        ]
    if role == Role.FINANCE:
        claimed = proposals(user=user, state=S.IMPLEMENTED).filter(benefit_claims__status=ClaimStatus.SUBMITTED)
        return [
            _waiting(_("Benefit claims to verify"), claimed.distinct(), "state=implemented", "calculator"),
            _waiting(
                _("Rewarded, payouts to record"),
                proposals(user=user, state=S.REWARDED).filter(rewards__shares__status="pending").distinct(),
                "state=rewarded",
                "cash-coin",
            ),
        ]
    if role in (Role.DISTRICT_ADMIN, Role.CITY_ADMIN):
        level = "enterprise" if role == Role.DISTRICT_ADMIN else "district"
        recommended = proposals(user=user, recommended_level=level)
        return [
            _waiting(
                _("Recommended to you as excellent results"), recommended, None, "award", _newest_of_few(recommended)
            ),
            _waiting(_("Overdue"), proposals(user=user, overdue=True), "overdue=1", "alarm"),
        ]
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
        "rewards": selectors.my_reward_totals(user=user),
    }
