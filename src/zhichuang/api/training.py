"""Training's endpoints: the trainings list (the page's own list and filters), one training with its
sessions and the caller's place, enrolment (a worker's own, or a union's for a worker of its enterprises;
the waiting list as the service keeps it) and cancelling, attendance (the QR check-in with the code the
organiser's screen shows, and the organiser's roll call), and the caller's own training record with hours
per year. The same selectors and services as the pages: names and employers, never an ID number, mobile
number or birth date."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhichuang.accounts.selectors import worker_get
from zhichuang.core.errors import NotFound
from zhichuang.core.validators import ID_MAX
from zhichuang.training import selectors, services
from zhichuang.training.enums import EnrolmentState, TrainingState
from zhichuang.training.listings import TRAININGS

from .auth import acting
from .errors import ErrorOut
from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination
from .schemas import Id, Text

router = Router(tags=["training"])
TrainingFilters = query_schema(TRAININGS)

# A check-in token (django.core.signing of the session's id and time) is well under this.
TOKEN_MAX = 200
# The most enrolments one roll call ticks (a training's capacity is at most services.CAPACITY_MAX).
ROLL_MAX = services.CAPACITY_MAX
TENTH = Decimal("0.1")  # hours are kept to a tenth; a sum on SQLite loses the trailing zero


class TrainingOut(Schema):
    id: int
    title: str
    organizer: str
    subject: str
    trade: str
    teacher: str | None
    state: str
    state_label: str
    capacity: int
    enrolled: int
    hours: Decimal

    @staticmethod
    def resolve_organizer(training) -> str:
        return training.organizer.name

    @staticmethod
    def resolve_teacher(training) -> str | None:
        return training.teacher.name if training.teacher_id else None

    @staticmethod
    def resolve_state_label(training) -> str:
        return str(training.get_state_display())


class SessionOut(Schema):
    id: int
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    place: str
    hours: Decimal
    present: int


class EnrolmentOut(Schema):
    id: int
    training_id: int
    worker: str
    employer: str
    state: str
    state_label: str
    waiting_position: int | None = Field(None, description="1 for the first on the waiting list.")
    attended: int | None = None
    completed_on: datetime.date | None
    hours_credited: Decimal | None
    certificate_code: str | None


def _enrolment(enrolment, *, attended: int | None = None, position: int | None = None) -> dict:
    """An enrolment's answer; a waiting place's position is given by a caller who has the list in order
    (else it is counted)."""
    waiting = enrolment.state == EnrolmentState.WAITING
    if waiting and position is None:
        position = selectors.waiting_position(enrolment)
    return {
        "id": enrolment.pk,
        "training_id": enrolment.training_id,
        "worker": enrolment.worker.name,
        "employer": enrolment.worker.employer.name,
        "state": enrolment.state,
        "state_label": str(enrolment.get_state_display()),
        "waiting_position": position if waiting else None,
        "attended": attended if attended is not None else getattr(enrolment, "attended", None),
        "completed_on": enrolment.completed_on,
        "hours_credited": enrolment.hours_credited,
        "certificate_code": enrolment.certificate_code,
    }


class TrainingDetailOut(TrainingOut):
    description: str
    attendance_share: int
    finished_on: datetime.date | None
    sessions: list[SessionOut]
    own: EnrolmentOut | None = Field(description="The caller's place (or waiting-list place), if any.")
    may_enrol: bool
    may_cancel: bool
    manages: bool
    runs_check_in: bool
    enrolments: list[EnrolmentOut] = Field(
        description="For whoever manages the training: the enrolled, then the waiting list in its order."
    )

    @staticmethod
    def resolve_sessions(training) -> list:
        return training.session_rows

    @staticmethod
    def resolve_enrolments(training) -> list[dict]:
        return training.enrolment_rows


@router.get("/trainings", response=list[TrainingOut], summary="Trainings in your scope, yours and those you may join")
@paginate(CappedLimitOffsetPagination)
def trainings(request, filters: Query[TrainingFilters]):
    return api_rows(TRAININGS, request, filters)


def _detail(user, pk: int):
    """The training with what its page shows attached (TrainingDetailOut reads them)."""
    training = selectors.training_get(user=user, pk=pk)
    manages = selectors.may_manage(user, training)
    own = selectors.own_enrolment(training, user)
    worker = selectors.own_worker(user)
    listed = []
    if manages:
        listed += [_enrolment(e) for e in selectors.enrolments(training, state=EnrolmentState.ENROLLED)]
        waiting = selectors.enrolments(training, state=EnrolmentState.WAITING).order_by("created_at", "pk")
        listed += [_enrolment(e, position=n) for n, e in enumerate(waiting, start=1)]
    training.enrolled = training.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    training.session_rows = selectors.sessions(training)
    training.own = _enrolment(own, attended=own.attendances.count()) if own else None
    training.may_enrol = (
        worker is not None
        and own is None
        and training.state == TrainingState.OPEN
        and services.covers(training, worker)
    )
    training.may_cancel = (
        own is not None and services.before_first_session(training) and training.state != TrainingState.FINISHED
    )
    training.manages = manages
    training.runs_check_in = selectors.may_run_check_in(user, training)
    training.enrolment_rows = listed
    return training


@router.get("/trainings/{int:training_id}", response=TrainingDetailOut, summary="One training with its sessions")
def training_detail(request, training_id: int = Path(..., ge=1, le=ID_MAX)):
    return _detail(request.auth, training_id)


class EnrolIn(Schema):
    worker_id: Id | None = Field(
        None, description="A worker of an enterprise where you organise training; none: yourself."
    )


@router.post(
    "/trainings/{int:training_id}/enrolments",
    response={201: EnrolmentOut},
    summary="Enrol yourself, or a worker of your enterprises (on the waiting list once the training is full)",
)
def training_enrol(request, payload: EnrolIn, training_id: int = Path(..., ge=1, le=ID_MAX)):
    user = request.auth
    training = selectors.training_get(user=user, pk=training_id)
    if payload.worker_id is None:
        worker = selectors.own_worker(user)
        if worker is None:
            raise NotFound(_("Only a worker can enrol themselves; a union names the worker to enrol."))
    else:
        worker = worker_get(user=user, pk=payload.worker_id)
    with acting(request):
        enrolment = services.enrol(actor=user, training=training, worker=worker)
    return Status(201, _enrolment(enrolment, attended=0))


@router.post(
    "/trainings/enrolments/{int:enrolment_id}/cancel",
    response=EnrolmentOut,
    summary="Cancel a place before the first session (the first on the waiting list moves up)",
)
def enrolment_cancel(request, enrolment_id: int = Path(..., ge=1, le=ID_MAX)):
    enrolment = selectors.enrolment_get(user=request.auth, pk=enrolment_id)
    with acting(request):
        services.enrolment_cancel(actor=request.auth, enrolment=enrolment)
    enrolment.refresh_from_db()
    return _enrolment(enrolment)


class CheckInIn(Schema):
    token: Text(TOKEN_MAX, min_length=1) = Field(description="The code of the session's QR code (its URL's last part).")


class CheckInOut(Schema):
    training_id: int
    training: str
    session_id: int
    date: datetime.date
    method: str
    at: datetime.datetime
    checked_in_now: bool = Field(description="False: you were checked in already (a second scan).")


@router.post("/trainings/check-in", response=CheckInOut, summary="Check in to today's session with its QR code")
def check_in(request, payload: CheckInIn):
    with acting(request):
        attendance, made = services.check_in(actor=request.auth, token=payload.token)
    session = attendance.session
    return {
        "training_id": session.training_id,
        "training": session.training.title,
        "session_id": session.pk,
        "date": session.date,
        "method": attendance.method,
        "at": attendance.at,
        "checked_in_now": made,
    }


class RollOut(Schema):
    enrolment_id: int
    worker: str
    present: bool
    method: str | None
    at: datetime.datetime | None


class RollIn(Schema):
    present: list[Id] = Field(max_length=ROLL_MAX, description="The enrolments present; the others are absent.")


class RollSavedOut(Schema):
    added: int
    removed: int
    roll: list[RollOut]


def _session_run(user, training_id: int, session_id: int):
    """The session, for the organiser's union and the teacher only (anyone else: 404, as on the page)."""
    training = selectors.training_get(user=user, pk=training_id)
    if not selectors.may_run_check_in(user, training):
        raise NotFound()
    return selectors.session_get(training, session_id)


def _roll(session) -> list[dict]:
    return [
        {
            "enrolment_id": enrolment.pk,
            "worker": enrolment.worker.name,
            "present": attendance is not None,
            "method": attendance.method if attendance else None,
            "at": attendance.at if attendance else None,
        }
        for enrolment, attendance in selectors.roll(session)
    ]


@router.get(
    "/trainings/{int:training_id}/sessions/{int:session_id}/roll",
    response=list[RollOut],
    summary="A session's roll: the enrolled workers and who is present (the organiser and the teacher)",
)
def roll(
    request,
    training_id: int = Path(..., ge=1, le=ID_MAX),
    session_id: int = Path(..., ge=1, le=ID_MAX),
):
    return _roll(_session_run(request.auth, training_id, session_id))


@router.put(
    "/trainings/{int:training_id}/sessions/{int:session_id}/roll",
    response=RollSavedOut,
    summary="Call the roll: the enrolments present (the others are marked absent)",
)
def roll_call(
    request,
    payload: RollIn,
    training_id: int = Path(..., ge=1, le=ID_MAX),
    session_id: int = Path(..., ge=1, le=ID_MAX),
):
    session = _session_run(request.auth, training_id, session_id)
    with acting(request):
        added, removed = services.roll_call(actor=request.auth, session=session, present=set(payload.present))
    return {"added": added, "removed": removed, "roll": _roll(session)}


class YearOut(Schema):
    year: int
    hours: Decimal
    completed: int


class RecordOut(Schema):
    worker: str
    years: list[YearOut]
    enrolments: list[EnrolmentOut]


def _of(enrolment, worker):
    enrolment.worker = worker  # the caller's own: loaded once, not per row
    return enrolment


@router.get(
    "/me/trainings",
    response={200: RecordOut, 404: ErrorOut},
    summary="Your training record: hours per year and your places",
)
def my_trainings(request):
    worker = selectors.own_worker(request.auth)
    if worker is None:
        raise NotFound(_("Only a worker has a training record."))
    return {
        "worker": worker.name,
        "years": [
            {"year": y, "hours": h.quantize(TENTH), "completed": n} for y, h, n in selectors.hours_by_year(worker)
        ],
        "enrolments": [_enrolment(_of(e, worker)) for e in selectors.my_trainings(worker=worker)],
    }
