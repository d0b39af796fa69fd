"""Training's part of a person's record (core.modules.RecordSection): the trainings the worker completed
and the hours credited, for the talent profile and its eligibility rules."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.core.modules import RecordItem, RecordPart

from .models import Enrolment
from .selectors import training_list

SHOWN = 5


def training_hours(worker, *, user=None) -> RecordPart:
    """Figures: "training.hours" (hours credited this year), "training.completed" (trainings completed,
    ever). Entries: the latest completed trainings the viewer may open (none for no viewer)."""
    year = timezone.localdate().year
    done = Enrolment.objects.filter(worker=worker, completed_on__isnull=False)
    figures = done.aggregate(n=Count("pk"), hours=Sum("hours_credited", filter=Q(completed_on__year=year)))
    items = ()
    if user is not None and figures["n"]:
        latest = list(done.select_related("training", "training__organizer").order_by("-completed_on", "-pk")[:SHOWN])
        openable = set(
            training_list(user=user).filter(pk__in=[e.training_id for e in latest]).values_list("pk", flat=True)
        )
        items = tuple(
            RecordItem(
                title=e.training.title,
                url=reverse("training:detail", args=[e.training_id]),
                when=e.completed_on,
                detail=_("%(hours)s hours · %(organizer)s")
                % {"hours": e.hours_credited, "organizer": e.training.organizer.name},
            )
            for e in latest
            if e.training_id in openable
        )
    return RecordPart(
        items=items,
        total=figures["n"],
        figures={"training.hours": figures["hours"] or 0, "training.completed": figures["n"]},
        more_url="",
    )
