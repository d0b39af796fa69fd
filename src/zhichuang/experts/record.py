"""The expert pool's part of a person's record (core.modules.RecordSection): the worker's membership and
the reviews they have done, for the talent profile and its eligibility rules."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from zhichuang.core.modules import RecordItem, RecordPart

from .enums import ExpertState, ReviewState
from .models import Expert
from .selectors import expert_list


def expert_membership(worker, *, user=None) -> RecordPart:
    """Figures: "experts.member" (in the pool now), "experts.reviews_done" (reviews done, every year).
    The entry: the membership, for a viewer who sees it in the pool."""
    expert = (
        Expert.objects.filter(profile__worker=worker)
        .annotate(done=Count("assignments", filter=Q(assignments__state=ReviewState.DONE)))
        .first()
    )
    if expert is None:
        return RecordPart(figures={"experts.member": False, "experts.reviews_done": 0})
    items = ()
    if user is not None and expert_list(user=user).filter(pk=expert.pk).exists():
        detail = _("Reviews done: %(count)d") % {"count": expert.done}
        if expert.term_end:
            detail = _("Term until %(date)s") % {"date": expert.term_end.isoformat()} + " · " + detail
        items = (
            RecordItem(
                title=f"{_('Expert pool')} · {expert.get_state_display()}",
                url=expert.get_absolute_url(),
                when=expert.term_start,
                detail=detail,
            ),
        )
    return RecordPart(
        items=items,
        total=1,
        figures={"experts.member": expert.state == ExpertState.ACTIVE, "experts.reviews_done": expert.done},
    )
