"""The named methods' part of a person's record (core.modules.RecordSection): the recognised methods the
worker is an inventor of, for the talent profile and its eligibility rules."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.core.modules import RecordItem, RecordPart

from .enums import level_rank
from .selectors import method_list, worker_methods

SHOWN = 5


def recognised_methods(worker, *, user=None) -> RecordPart:
    """Figures: "methods.recognised" (recognised methods the worker is an inventor of), "methods.top_level"
    (the highest level one of them reached, 0 none … 4 provincial). Entries: the newest the viewer may open."""
    mine = worker_methods(worker)
    levels = dict(mine.values_list("level").annotate(n=Count("pk")).order_by())
    total = sum(levels.values())
    top = max((level_rank(level) for level in levels), default=0)
    items = ()
    if user is not None and total:
        shown = method_list(user=user).filter(pk__in=mine.values("pk")).order_by("-recognised_year", "-pk")[:SHOWN]
        items = tuple(
            RecordItem(
                title=m.name,
                url=reverse("methods:detail", args=[m.pk]),
                detail=_("%(level)s named method, %(year)s")
                % {"level": m.get_level_display(), "year": m.recognised_year or ""},
            )
            for m in shown
        )
    return RecordPart(
        items=items,
        total=total,
        figures={"methods.recognised": total, "methods.top_level": top},
    )
