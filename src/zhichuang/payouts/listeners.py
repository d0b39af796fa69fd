from zhichuang.workflow.signals import StateChange

from . import tasks
from .workflow import PAYOUT_WORKFLOW


def notify_paid(change: StateChange) -> None:
    tasks.notify_paid.enqueue(payout_id=change.pk)


def connect() -> None:
    PAYOUT_WORKFLOW.listen(notify_paid, uid="payouts.notify_paid")
