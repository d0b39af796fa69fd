"""The expert pool's part of 待办: an application waits on the city, and a review on the expert asked for it
until they have scored the item. (An invitation to the pool reaches the person as a notice that opens
their membership's page: a queue of it would cost every worker's pages a query.)"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichuang.todo.queues import Queue, Source

from .enums import ExpertState as E
from .enums import ReviewState as R
from .permissions import ExpertPerm
from .selectors import is_expert
from .workflow import EXPERT_WORKFLOW, REVIEW_WORKFLOW

EXPERTS = Source(
    workflow=EXPERT_WORKFLOW,
    title=lambda expert: expert.profile.name,
    url=lambda expert: reverse("experts:expert", args=[expert.pk]),
    org_path="org_path",
    since="state_changed_at",
    related=("profile",),
    started=lambda user: Q(created_by=user),
    queues=(
        Queue(
            "experts.applied",
            _("Expert applications to decide"),
            E.APPLIED,
            perms=(ExpertPerm.MANAGE,),
            level=1,
            deeper=False,
            icon="person-check",
            order=64,
        ),
    ),
)


def _review_url(assignment) -> str:
    return reverse("experts:review", args=[assignment.pk])


REVIEWS = Source(
    workflow=REVIEW_WORKFLOW,
    title=lambda assignment: assignment.title,
    url=_review_url,
    org_path="org_path",
    since="state_changed_at",
    related=("expert",),
    started=lambda user: Q(invited_by=user),
    queues=(
        Queue(
            "experts.review_invited",
            _("Reviews I am asked for"),
            R.INVITED,
            mine=lambda user: Q(expert__user_id=user.pk),
            mine_for=is_expert,
            icon="clipboard-check",
            order=20,
        ),
        Queue(
            "experts.review_accepted",
            _("Reviews to score"),
            R.ACCEPTED,
            mine=lambda user: Q(expert__user_id=user.pk),
            mine_for=is_expert,
            icon="clipboard-data",
            order=21,
        ),
    ),
)

SOURCES = (EXPERTS, REVIEWS)
