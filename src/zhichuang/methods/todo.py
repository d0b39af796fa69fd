"""The named methods' part of 待办: an application waits on its enterprise's endorsement, then (from the
district's level up) on the district's review, then on the deciding organisation, which invites experts and
decides; a returned one on the union that applied. An invited expert's scoring waits in the expert pool's
own queue (experts.todo REVIEWS, kind "method"), which opens the method's review page."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichuang.todo.queues import Queue, Source

from .enums import ApplicationState as A
from .enums import MethodLevel as L
from .permissions import MethodPerm as M
from .workflow import APPLICATION_WORKFLOW, deciding_organization, enterprise_of, reviewing_district


def _title(application) -> str:
    return f"{application.method.name}（{application.get_level_display()}）"


def _url(application) -> str:
    return reverse("methods:detail", args=[application.method_id])


_DECIDE = _("Named methods to decide")

APPLICATIONS = Source(
    workflow=APPLICATION_WORKFLOW,
    title=_title,
    url=_url,
    org_path="org_path",
    since="state_changed_at",
    related=("method", "enterprise", "district"),
    detail=lambda application: application.enterprise.name,
    started=lambda user: Q(applied_by=user) & ~Q(state=A.DRAFT),
    queues=(
        Queue(
            "methods.applied",
            _("Named methods to endorse"),
            A.APPLIED,
            perms=(M.ENDORSE,),
            decider=enterprise_of,
            icon="award",
            order=65,
        ),
        Queue(
            "methods.endorsed",
            _("Named methods to review (district)"),
            A.ENDORSED,
            perms=(M.REVIEW,),
            level=2,
            deeper=False,
            decider=reviewing_district,
            where=Q(district__isnull=False),
            icon="award",
            order=66,
        ),
        Queue(
            "methods.endorsed_outside",
            _("Named methods to review (district)"),
            A.ENDORSED,
            perms=(M.REVIEW,),
            level=1,
            deeper=False,
            where=Q(district__isnull=True),
            icon="award",
            order=66,
        ),
        Queue(
            "methods.reviewing_enterprise",
            _DECIDE,
            A.REVIEWING,
            perms=(M.DECIDE,),
            decider=deciding_organization,
            where=Q(level=L.ENTERPRISE),
            icon="award-fill",
            order=67,
        ),
        Queue(
            "methods.reviewing_district",
            _DECIDE,
            A.REVIEWING,
            perms=(M.DECIDE,),
            level=2,
            deeper=False,
            decider=deciding_organization,
            where=Q(level=L.DISTRICT, district__isnull=False),
            icon="award-fill",
            order=67,
        ),
        Queue(
            "methods.reviewing_city",
            _DECIDE,
            A.REVIEWING,
            perms=(M.DECIDE,),
            level=1,
            deeper=False,
            decider=deciding_organization,
            where=Q(level__in=(L.CITY, L.PROVINCIAL)) | Q(level=L.DISTRICT, district__isnull=True),
            icon="award-fill",
            order=67,
        ),
        Queue(
            "methods.returned",
            _("Named methods returned for correction"),
            A.RETURNED,
            perms=(M.MANAGE,),
            icon="arrow-counterclockwise",
            order=68,
        ),
    ),
)

SOURCES = (APPLICATIONS,)
