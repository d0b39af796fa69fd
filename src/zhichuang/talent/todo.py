"""The talent pool's part of 待办: an honour waits on its district's check, then (from the city's level up)
on the city, and a returned one on the union that entered it."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichuang.todo.queues import Queue, Source

from .enums import HonourState as H
from .permissions import TalentPerm as T
from .workflow import HONOUR_WORKFLOW, checking_organization


def _title(honour) -> str:
    return f"{honour.profile.name} · {honour.honour_type.name}（{honour.year}）"


def _url(honour) -> str:
    return reverse("talent:honour", args=[honour.pk])


HONOURS = Source(
    workflow=HONOUR_WORKFLOW,
    title=_title,
    url=_url,
    org_path="org_path",
    since="state_changed_at",
    related=("profile", "honour_type", "organization", "district"),
    detail=lambda honour: honour.organization.name,
    started=lambda user: Q(entered_by=user) & ~Q(state=H.DRAFT),
    queues=(
        Queue(
            "talent.nominated",
            _("Honours to check"),
            H.NOMINATED,
            perms=(T.VERIFY,),
            level=2,
            deeper=False,
            decider=checking_organization,
            where=Q(district__isnull=False),
            icon="patch-check",
            order=60,
        ),
        # A person outside every district (an external expert) is checked by the city.
        Queue(
            "talent.nominated_outside",
            _("Honours to check"),
            H.NOMINATED,
            perms=(T.VERIFY,),
            level=1,
            deeper=False,
            where=Q(district__isnull=True),
            icon="patch-check",
            order=60,
        ),
        Queue(
            "talent.verified",
            _("Honours to confirm"),
            H.VERIFIED,
            perms=(T.CONFIRM,),
            level=1,
            deeper=False,
            icon="patch-check-fill",
            order=61,
        ),
        Queue(
            "talent.returned",
            _("Honours returned for correction"),
            H.RETURNED,
            perms=(T.MANAGE,),
            icon="arrow-counterclockwise",
            order=62,
        ),
    ),
)

SOURCES = (HONOURS,)
