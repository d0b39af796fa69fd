"""How many days an organisation gives itself for each waiting step of a proposal (服务时限).

The nearest organisation above the enterprise that set one (StepDeadline) wins; otherwise
settings.PROPOSAL_STEP_DAYS, a number for every step or a {state: days} mapping (missing states: 15).
The workflow (proposals/workflow.py) sets Proposal.due_at from these; zhichuang.workflow.deadlines
flags and reminds the overdue.
"""

from django.conf import settings

from zhichuang.orgs.models import ancestor_paths

from .models import StepDeadline

DEFAULT_STEP_DAYS = 15


def step_days(proposal, state: str) -> int:
    """Service deadline in days of a waiting state for the proposal (see step_days_for)."""
    return step_days_for(proposal.org_path, state)


def step_days_for(org_path: str, state: str) -> int:
    own = (
        StepDeadline.objects.filter(state=state, organization__path__in=ancestor_paths(org_path))
        .order_by("-organization__path")
        .values_list("days", flat=True)
        .first()
    )
    if own is not None:
        return own
    return configured_step_days(state)


def configured_step_days(state: str) -> int:
    configured = getattr(settings, "PROPOSAL_STEP_DAYS", DEFAULT_STEP_DAYS)
    if isinstance(configured, dict):
        return int(configured.get(state, DEFAULT_STEP_DAYS))
    return int(configured)
