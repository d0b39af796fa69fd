"""The two workflows of the module: a training's (draft → open ⇄ closed → finished, the organiser's union
taking every step) and a 师带徒 pair's (proposed → active when the apprentice's enterprise union confirms;
then completed when the assessment passes, failed when it does not, or ended early with a reason)."""

from django.utils.translation import gettext_lazy as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from .enums import PairState as P
from .enums import TrainingState as T
from .models import Apprenticeship, ApprenticeshipTransition, Training, TrainingTransition
from .permissions import TrainingPerm

_MANAGE = (TrainingPerm.MANAGE,)


def _has_sessions(ctx: StepContext) -> None:
    if not ctx.row.sessions.exists():
        raise ValidationFailed(_("Add the training's sessions before opening it for enrolment."))


TRAINING_WORKFLOW = Workflow(
    name="training.training",
    model=Training,
    steps={
        (T.DRAFT, T.OPEN): Step("training_open", _MANAGE, (_has_sessions,)),
        (T.OPEN, T.CLOSED): Step("training_close", _MANAGE),
        (T.CLOSED, T.OPEN): Step("training_open", _MANAGE),
        (T.OPEN, T.FINISHED): Step("training_finish", _MANAGE),
        (T.CLOSED, T.FINISHED): Step("training_finish", _MANAGE),
    },
    history=TrainingTransition,
    subject="training",
    organization=lambda training: training.organizer,
    related=("organizer",),
    audit_prefix="training",
    changed_at_field="state_changed_at",
    stale_message=_("Someone else changed this training meanwhile. Reload it and try again."),
)

PAIR_WORKFLOW = Workflow(
    name="training.apprenticeship",
    model=Apprenticeship,
    steps={
        (P.PROPOSED, P.ACTIVE): Step("pair_confirm", _MANAGE),
        (P.PROPOSED, P.ENDED): Step("pair_refuse", _MANAGE, (needs_reason,)),
        (P.ACTIVE, P.ENDED): Step("pair_end", _MANAGE, (needs_reason,)),
        (P.ACTIVE, P.COMPLETED): Step("pair_pass", _MANAGE),
        (P.ACTIVE, P.FAILED): Step("pair_fail", _MANAGE),
    },
    history=ApprenticeshipTransition,
    subject="apprenticeship",
    organization=lambda pair: pair.organization,
    related=("organization", "master", "apprentice"),
    audit_prefix="training",
    changed_at_field="state_changed_at",
    stale_message=_("Someone else changed this pair meanwhile. Reload it and try again."),
)
