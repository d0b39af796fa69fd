"""The trainings list, declared once for its page and its .xlsx export (core.listing). Titles, organisers,
teachers and figures only: no person's ID number, mobile or birth date."""

from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, Listing, Selection
from zhichuang.orgs.enums import OrgKind

from . import selectors
from .forms import CompletionFilterForm, TrainingFilterForm
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


def _places(user, filters) -> dict:
    """The district and enterprise a filter names, in the user's scope (NotFound: a 404)."""
    return {
        name: selectors.place_get(user=user, pk=filters[name], kind=kind)
        for name, kind in (("district", OrgKind.DISTRICT), ("enterprise", OrgKind.ENTERPRISE))
        if filters.get(name)
    }


def _select_completions(user, filters, named) -> Selection:
    chosen = {name: filters[name] for name in ("year", "worker") if filters.get(name)}
    rows = selectors.completion_list(user=user, **chosen, **named)
    return Selection(rows, {**{k: str(v) for k, v in chosen.items()}, **{k: v.name for k, v in named.items()}})


# The hours credited, one row a completion: what the statistics' training hours count.
COMPLETIONS = Listing(
    key="training.completions",
    perm=TrainingPerm.VIEW,
    filters=CompletionFilterForm,
    select=_select_completions,
    named=_places,
    columns=(
        Column(_c("Worker"), lambda e: e.worker.name, width=10),
        Column(_c("Enterprise"), lambda e: e.worker.employer.name, width=24),
        Column(_c("Training"), lambda e: e.training.title, width=30),
        Column(_c("Completed on"), lambda e: e.completed_on, width=12, cell=Cell.DATE),
        Column(_c("Hours credited"), lambda e: e.hours_credited, width=8, cell=Cell.NUMBER),
    ),
    sheet="培训学时",
    filename="training-hours",
    page_url="training:completions",
    export_url="training:completions_export",
    key_column=2,
    key_field="training",
)
