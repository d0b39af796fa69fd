"""Training's part of 待办: a proposed 师带徒 pair waits on the apprentice's enterprise union to confirm it,
and an active pair whose period has run out waits on the same union for the completion assessment."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.todo.queues import Queue, Source

from .enums import PairState as P
from .permissions import TrainingPerm as T
from .workflow import PAIR_WORKFLOW


def _title(pair) -> str:
    return f"{pair.master.name} → {pair.apprentice.name}（{pair.trade}）"


def _assessment_due(user) -> Q:
    return Q(ends_on__lte=timezone.localdate())


PAIRS = Source(
    workflow=PAIR_WORKFLOW,
    title=_title,
    url=lambda pair: reverse("training:pair", args=[pair.pk]),
    org_path="org_path",
    since="state_changed_at",
    related=("master", "apprentice", "organization"),
    detail=lambda pair: pair.organization.name,
    started=lambda user: Q(proposed_by=user),
    queues=(
        Queue(
            "training.pair_proposed",
            _("师带徒 pairs to confirm"),
            P.PROPOSED,
            perms=(T.MANAGE,),
            icon="people",
            order=70,
        ),
        Queue(
            "training.pair_assessment",
            _("师带徒 assessments due"),
            P.ACTIVE,
            perms=(T.MANAGE,),
            where=_assessment_due,
            icon="clipboard-check",
            order=71,
        ),
    ),
)

SOURCES = (PAIRS,)
