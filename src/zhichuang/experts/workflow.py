"""Two workflows: an expert's membership (an application or the city's invitation, the city's decision, a
term with renewals, suspension and reinstatement) and a review assignment (invited, accepted or declined by
the expert, done when the expert has scored the item). Each step is a history row with its reason."""

from django.utils.translation import gettext_lazy as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.orgs.models import Organization
from zhichuang.orgs.selectors import city
from zhichuang.workflow.steps import Step, StepContext, Workflow, needs_reason

from .enums import ExpertState, ReviewState
from .models import Expert, ExpertTransition, ReviewAssignment, ReviewTransition
from .permissions import ExpertPerm

E = ExpertState
R = ReviewState


def _city(_row) -> Organization:
    return city()


def is_the_expert(user, expert: Expert) -> bool:
    """Is the user the person the membership is about (the account linked, or the profile's worker's)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if expert.user_id == user.pk:
        return True
    return expert.profile.worker_id is not None and expert.profile.worker.user_id == user.pk


def _with_term(ctx: StepContext) -> None:
    """Admitting or renewing sets a term: the service puts the checked dates in the step's updates."""
    if "term_end" not in ctx.updates and not ctx.row.term_end:
        raise ValidationFailed(details={"term_end": [_("Give the term's end.")]})


_MANAGE = (ExpertPerm.MANAGE,)

EXPERT_WORKFLOW = Workflow(
    name="experts.expert",
    model=Expert,
    steps={
        (E.APPLIED, E.ACTIVE): Step("expert_approve", _MANAGE),
        (E.APPLIED, E.DECLINED): Step("expert_decline", _MANAGE, (needs_reason,)),
        (E.INVITED, E.ACTIVE): Step("expert_accept", ("self", *_MANAGE)),
        (E.INVITED, E.DECLINED): Step("expert_decline", ("self", *_MANAGE)),
        (E.ACTIVE, E.ACTIVE): Step("expert_renew", _MANAGE, (_with_term,)),
        (E.ACTIVE, E.SUSPENDED): Step("expert_suspend", _MANAGE, (needs_reason,)),
        (E.SUSPENDED, E.ACTIVE): Step("expert_reinstate", _MANAGE, (needs_reason,)),
    },
    history=ExpertTransition,
    subject="expert",
    organization=_city,
    relations={"self": is_the_expert},
    related=("profile", "profile__worker"),
    audit_prefix="experts",
    changed_at_field="state_changed_at",
    stale_message=_("Someone else changed this expert meanwhile. Reload the page and try again."),
)


def is_assignee(user, assignment: ReviewAssignment) -> bool:
    return getattr(user, "is_authenticated", False) and assignment.expert.user_id == user.pk


REVIEW_WORKFLOW = Workflow(
    name="experts.review",
    model=ReviewAssignment,
    steps={
        (R.INVITED, R.ACCEPTED): Step("review_accept", ("assignee",)),
        (R.INVITED, R.DECLINED): Step("review_decline", ("assignee",)),
        (R.INVITED, R.DONE): Step("review_done", ("assignee",)),
        (R.ACCEPTED, R.DONE): Step("review_done", ("assignee",)),
        (R.ACCEPTED, R.DECLINED): Step("review_decline", ("assignee",), (needs_reason,)),
    },
    history=ReviewTransition,
    subject="assignment",
    organization=lambda assignment: None,
    relations={"assignee": is_assignee},
    related=("expert",),
    audit_prefix="experts",
    changed_at_field="state_changed_at",
    timestamps={R.DONE: "done_at"},
    stale_message=_("Someone else changed this review meanwhile. Reload the page and try again."),
)
