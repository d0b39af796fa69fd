"""Background tasks: thin wrappers that call the services after the change has been committed."""

from django.tasks import task

from zhichuang.core.request_context import acting_as

from . import notifications, search


@task()
def notify_transition(transition_id: int) -> int:
    return notifications.notify_transition(transition_id)


@task()
def notify_recommendation(recommendation_id: int) -> int:
    return notifications.notify_recommendation(recommendation_id)


@task()
def notify_claim(claim_id: int, event: str) -> int:
    return notifications.notify_claim(claim_id, event)


@task()
def reindex_proposal(proposal_id: int) -> None:
    """Bring the city-wide similarity index up to date with the proposal's text and state."""
    search.proposal_reindex(proposal_id=proposal_id)


@task()
def send_deadline_reminders() -> int:
    """Remind the responsible people of overdue proposals (run daily)."""
    with acting_as(username="system"):
        return notifications.deadline_reminders_send()
