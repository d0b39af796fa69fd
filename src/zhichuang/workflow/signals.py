"""The one "state changed" hook. It is sent after the commit that took the step, never inside it, so a
listener sees the committed rows and a rolled-back step announces nothing.

    @state_changed.connect-style: PROPOSAL_WORKFLOW.listen(my_listener)   # my_listener(change: StateChange)

Each listener runs on its own: one that fails is logged and the others still run; the step stays taken.
"""

from dataclasses import dataclass

from django.dispatch import Signal

# sender: the Workflow; change: StateChange
state_changed = Signal()


@dataclass(frozen=True)
class StateChange:
    workflow: str  # Workflow.name
    pk: int  # the record that moved
    from_state: str
    to_state: str
    action: str  # the step's action
    actor_id: int | None
    record_pk: int | None  # the history row written for the step
    at: object  # the moment of the step (aware datetime)
    data: dict  # the step data recorded
