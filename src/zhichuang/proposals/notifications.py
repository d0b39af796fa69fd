"""Who is told what about a proposal, as rows in the in-app inbox (and e-mail where an address exists).

Run from tasks after the commit that made the change; the text is rendered in the site language. The
inbox, the e-mail and the routing to the nearest people who can act are the shared zhichuang.notifications.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from zhichuang.notifications.routing import nearest_holders
from zhichuang.notifications.services import notify
from zhichuang.workflow.deadlines import REMINDER_INTERVAL, remind_overdue

from .enums import WAITING_STATES, ProposalState
from .models import BenefitClaim, Proposal, ProposalMember, Recommendation, Transition
from .permissions import ProposalPerm
from .workflow import PROPOSAL_WORKFLOW, PROPOSER, STEPS

__all__ = ["REMINDER_INTERVAL", "deadline_reminders_send"]


def _responsible_users(proposal: Proposal, state: str) -> set[int]:
    """The people nearest the proposal who can take a step out of this state (the workflow's table says
    which permissions, so this is never out of date)."""
    perms = {who for (source, _to), step in STEPS.items() if source == state for who in step.who if who != PROPOSER}
    return nearest_holders(perms, org_path=proposal.org_path)


def _proposer_users(*proposal_ids: int) -> set[int]:
    return set(
        ProposalMember.objects.filter(proposal_id__in=proposal_ids, worker__user__isnull=False).values_list(
            "worker__user_id", flat=True
        )
    )


def _send(user_ids: set[int], proposal: Proposal, kind: str, message: str) -> int:
    url = reverse("proposals:detail", args=[proposal.pk])
    return notify(user_ids, kind=kind, message=message, target=proposal, url=url)


def _label(proposal: Proposal) -> str:
    return f"{proposal.number or ''} “{proposal.title}”".strip()


def notify_transition(transition_id: int) -> int:
    transition = Transition.objects.select_related("proposal__merged_into").filter(pk=transition_id).first()
    if transition is None:
        return 0
    proposal = transition.proposal
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        state = ProposalState(transition.to_state).label
        proposers = _proposer_users(proposal.pk) - {transition.actor_id}
        message = _("Your proposal %(proposal)s is now: %(state)s.") % {"proposal": _label(proposal), "state": state}
        if transition.reason:
            message += " " + _("Reason: %(reason)s") % {"reason": transition.reason}
        sent += _send(proposers, proposal, transition.to_state, message)

        if transition.to_state == ProposalState.MERGED and proposal.merged_into is not None:
            target = proposal.merged_into
            others = _proposer_users(target.pk) - proposers - {transition.actor_id}
            message = _("Proposal %(duplicate)s was merged into your proposal %(proposal)s as a duplicate.") % {
                "duplicate": _label(proposal),
                "proposal": _label(target),
            }
            sent += _send(others, target, "merged_into", message)

        if transition.to_state in WAITING_STATES:
            staff = _responsible_users(proposal, transition.to_state) - {transition.actor_id} - proposers
            message = _("Proposal %(proposal)s is waiting for you: %(state)s.") % {
                "proposal": _label(proposal),
                "state": state,
            }
            sent += _send(staff, proposal, "waiting", message)
    return sent


def notify_recommendation(recommendation_id: int) -> int:
    recommendation = Recommendation.objects.select_related("proposal").filter(pk=recommendation_id).first()
    if recommendation is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Your proposal %(proposal)s was recommended: %(level)s.") % {
            "proposal": _label(recommendation.proposal),
            "level": recommendation.get_level_display(),
        }
        users = _proposer_users(recommendation.proposal_id) - {recommendation.recommended_by_id}
        return _send(users, recommendation.proposal, "recommended", message)


def notify_claim(claim_id: int, event: str) -> int:
    """A benefit claim was submitted (finance is told) or returned by finance (whoever entered it and
    the proposers are told, with the reason)."""
    claim = BenefitClaim.objects.select_related("proposal").filter(pk=claim_id).first()
    if claim is None:
        return 0
    proposal = claim.proposal
    with translation.override(settings.LANGUAGE_CODE):
        period = f"{claim.period_start:%Y-%m-%d} – {claim.period_end:%Y-%m-%d}"
        if event == "submitted":
            users = nearest_holders(ProposalPerm.VERIFY_BENEFITS, org_path=proposal.org_path) - {claim.created_by_id}
            message = _("The benefit claim for proposal %(proposal)s (%(period)s) is waiting for your verification.")
            return _send(users, proposal, "claim_submitted", message % {"proposal": _label(proposal), "period": period})
        if event == "returned":
            users = ({claim.created_by_id} | _proposer_users(proposal.pk)) - {None}
            message = _("Finance returned the benefit claim for proposal %(proposal)s (%(period)s). Reason: %(reason)s")
            values = {"proposal": _label(proposal), "period": period, "reason": claim.return_reason}
            return _send(users, proposal, "claim_returned", message % values)
    return 0


def deadline_reminders_send(*, now=None) -> int:
    """Remind the people responsible for every overdue proposal, at most once a day per proposal."""

    def remind(proposal: Proposal) -> None:
        message = _("Proposal %(proposal)s is overdue: %(state)s.") % {
            "proposal": _label(proposal),
            "state": ProposalState(proposal.state).label,
        }
        _send(_responsible_users(proposal, proposal.state), proposal, "overdue", message)

    with translation.override(settings.LANGUAGE_CODE):
        return remind_overdue(PROPOSAL_WORKFLOW, remind=remind, now=now, fields=("number", "title", "org_path"))
