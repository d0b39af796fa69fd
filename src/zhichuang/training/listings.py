"""The trainings list, declared once for its page and its .xlsx export (core.listing). Titles, organisers,
teachers and figures only: no person's ID number, mobile or birth date."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, Listing, Selection

from . import selectors
from .forms import TrainingFilterForm
from .permissions import TrainingPerm


def _c(text):
    return pgettext_lazy("column", text)


def _select(user, filters, named) -> Selection:
    query = (filters.get("q") or "").strip()
    state = filters.get("state") or ""
    chosen = {name: value for name, value in {"q": query, "state": state}.items() if value}
    return Selection(selectors.training_list(user=user, q=query, state=state), chosen)


TRAININGS = Listing(
    key="training.trainings",
    perm=TrainingPerm.VIEW,
    filters=TrainingFilterForm,
    select=_select,
    columns=(
        Column(_c("Title"), lambda t: t.title, width=30),
        Column(_c("Organiser"), lambda t: t.organizer.name, width=24, related="organizer"),
        Column(_c("Field"), lambda t: t.subject, width=14),
        Column(_c("Trade"), lambda t: t.trade, width=14),
        Column(_c("Teacher"), lambda t: t.teacher.name if t.teacher_id else "", width=10, related="teacher"),
        Column(_c("State"), lambda t: t.get_state_display(), width=12),
        Column(_c("Capacity"), lambda t: t.capacity, width=8, cell=Cell.NUMBER),
        Column(_c("Enrolled"), lambda t: t.enrolled, width=8, cell=Cell.NUMBER),
        Column(_c("Hours"), lambda t: t.hours, width=8, cell=Cell.NUMBER),
    ),
    sheet="培训",
    filename="trainings",
    page_url="training:list",
    export_url="training:export",
    api_path="/api/v1/trainings",
    key_column=0,
    key_field="title",
)
