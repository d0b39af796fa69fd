"""Background tasks: thin wrappers around the services."""

from django.tasks import task

from zhichuang.core.request_context import acting_as

from . import services


@task()
def send_digest() -> int:
    """The daily digest e-mails (run once a day, like proposals' deadline reminders)."""
    with acting_as(username="system"):
        return services.digest_send()
