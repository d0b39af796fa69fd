"""Background tasks: thin wrappers that call the services after the change has been committed."""

from django.tasks import task

from . import notifications


@task()
def notify_paid(payout_id: int) -> int:
    return notifications.notify_paid(payout_id)
