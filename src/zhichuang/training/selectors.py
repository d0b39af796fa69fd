"""Reads of trainings and 师带徒 pairs, every one through the scoping rules: a district admin sees its
district's trainings and pairs, an enterprise admin its own, a worker their own enrolments and pairs and
the open trainings they may join; a teacher the trainings they teach."""

from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.accounts.selectors import own_worker as accounts_own_worker
from zhichuang.core.errors import NotFound
from zhichuang.core.public import PublicRecords
from zhichuang.orgs.models import Organization, ancestor_paths, subtree_q
from zhichuang.talent.models import TalentProfile

from .enums import EnrolmentState, TrainingState
from .models import Apprenticeship, Attendance, Enrolment, Session, Training
from .permissions import TrainingPerm


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def own_worker(user) -> Worker | None:
    return accounts_own_worker(user=user)


def _joinable_q(worker: Worker | None) -> Q:
    """Open trainings whose organiser is the worker's employer or above it (its district, the city)."""
    if worker is None:
        return Q(pk__in=[])
    return Q(state=TrainingState.OPEN, org_path__in=ancestor_paths(worker.employer.path))


def _visible(user, worker: Worker | None = None) -> Q:
    """The user's VIEW scope, the trainings they teach or are enrolled in, and (worker given) those the worker
    may join. The user's own are found by their worker's id, not through joins to the worker and profile
    tables: an OR across those kept PostgreSQL from reading the organisation-path index."""
    condition = scope_for(user, TrainingPerm.VIEW).q("org_path")
    mine = own_worker(user)
    if mine is not None:
        enrolled = Enrolment.objects.filter(training=OuterRef("pk"), worker_id=mine.pk)
        taught = TalentProfile.objects.filter(worker_id=mine.pk).values("pk")
        condition |= Q(teacher_id__in=taught) | Q(Exists(enrolled))
    if _authenticated(user):
        condition |= _joinable_q(worker)
    return condition


def enrolled_count() -> Subquery:
    """A training's enrolled places, one indexed count a row (enrolment_queue): a page reads its twenty
    trainings' counts, where a COUNT over a join grouped every enrolment of the scope (the city's 500,000)."""
    places = (
        Enrolment.objects.filter(training=OuterRef("pk"), state=EnrolmentState.ENROLLED)
        .order_by()
        .values("training")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(places, output_field=IntegerField()), 0)


def training_list(*, user, q: str = "", state: str = "", year: int | None = None) -> QuerySet[Training]:
    """The trainings of the user's VIEW scope, those they teach and those they are enrolled in, newest first."""
    trainings = Training.objects.filter(_visible(user))
    if q.strip():
        trainings = trainings.filter(Q(title__contains=q.strip()) | Q(trade__contains=q.strip()))
    if state:
        trainings = trainings.filter(state=state)
    if year:
        trainings = trainings.filter(Exists(Session.objects.filter(training=OuterRef("pk"), date__year=year)))
    return trainings.select_related("organizer", "teacher").annotate(enrolled=enrolled_count()).order_by("-id")


def training_get(*, user, pk) -> Training:
    worker = own_worker(user)
    found = (
        Training.objects.filter(_visible(user, worker), pk=pk).select_related("organizer", "teacher").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound()
    return found


def joinable_trainings(*, worker: Worker) -> QuerySet[Training]:
    """The open trainings the worker may join and has no place on yet, soonest first session first."""
    placed = Enrolment.objects.filter(training=OuterRef("pk"), worker=worker).exclude(state=EnrolmentState.CANCELLED)
    return (
        Training.objects.filter(_joinable_q(worker))
        .exclude(Exists(placed))
        .select_related("organizer")
        .annotate(first_session=Min("sessions__date"))
        .order_by("first_session", "pk")
    )


def may_manage(user, training: Training) -> bool:
    return has_perm(user, TrainingPerm.MANAGE, training.organizer)


def may_run_check_in(user, training: Training) -> bool:
    """The organiser's union and the teacher open a session's QR code and call the roll."""
    if may_manage(user, training):
        return True
    teacher = training.teacher
    return teacher is not None and teacher.worker_id is not None and teacher.worker.user_id == user.pk


def sessions(training: Training) -> list[Session]:
    return list(training.sessions.annotate(present=Count("attendances")).order_by("date", "starts_at", "id"))


def session_get(training: Training, pk) -> Session:
    found = training.sessions.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound()
    return found


def enrolments(training: Training, *, state: str = "") -> QuerySet[Enrolment]:
    rows = training.enrolments.exclude(state=EnrolmentState.CANCELLED)
    if state:
        rows = rows.filter(state=state)
    return rows.select_related("worker", "worker__employer").annotate(attended=Count("attendances"))


def own_enrolment(training: Training, user) -> Enrolment | None:
    if not _authenticated(user):
        return None
    return (
        training.enrolments.filter(worker__user_id=user.pk)
        .exclude(state=EnrolmentState.CANCELLED)
        .select_related("worker")
        .first()
    )


def enrolment_get(*, user, pk) -> Enrolment:
    """An enrolment the user may act on: their own, or one of a training they manage or of a worker of an
    enterprise where they organise training (who may cancel it, or fetch its certificate)."""
    enrolment = (
        Enrolment.objects.select_related("training", "training__organizer", "worker", "worker__employer")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if enrolment is None or not _authenticated(user):
        raise NotFound()
    if enrolment.worker.user_id == user.pk:
        return enrolment
    if may_manage(user, enrolment.training) or has_perm(user, TrainingPerm.MANAGE, enrolment.worker.employer):
        return enrolment
    raise NotFound()


def waiting_position(enrolment: Enrolment) -> int:
    """1 for the first on the waiting list."""
    ahead = Enrolment.objects.filter(training_id=enrolment.training_id, state=EnrolmentState.WAITING).filter(
        Q(created_at__lt=enrolment.created_at) | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def roll(session: Session) -> list[tuple[Enrolment, Attendance | None]]:
    """The session's enrolled workers by name, each with their attendance (None: absent)."""
    present = {a.enrolment_id: a for a in session.attendances.select_related("recorded_by")}
    rows = (
        session.training.enrolments.filter(state=EnrolmentState.ENROLLED)
        .select_related("worker")
        .order_by("worker__name", "pk")
    )
    return [(e, present.get(e.pk)) for e in rows]


def my_trainings(*, worker: Worker) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(worker=worker)
        .exclude(state=EnrolmentState.CANCELLED)
        .select_related("training", "training__organizer")
        .annotate(attended=Count("attendances"))
        .order_by("-created_at", "-pk")
    )


def hours_by_year(worker: Worker) -> list[tuple[int, Decimal, int]]:
    """(year, hours credited, trainings completed), latest year first."""
    rows = (
        Enrolment.objects.filter(worker=worker, completed_on__isnull=False)
        .annotate(year=ExtractYear("completed_on"))
        .values("year")
        .annotate(hours=Sum("hours_credited"), n=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["hours"] or Decimal(0), row["n"]) for row in rows]


# ---- completions: the hours credited, for the statistics and their list ----------------------------------


def completion_list(
    *,
    user,
    year: int | None = None,
    district: Organization | None = None,
    enterprise: Organization | None = None,
    worker: int | None = None,
) -> QuerySet[Enrolment]:
    """The completed enrolments of the workers in the user's VIEW scope (by the worker's employer, whoever
    organised the training), newest first: what the statistics count as training hours."""
    rows = Enrolment.objects.filter(
        scope_for(user, TrainingPerm.VIEW).q("org_path"), completed_on__isnull=False
    ).filter(_place_q(district, enterprise))
    if year:
        rows = rows.filter(completed_on__year=year)
    if worker:
        rows = rows.filter(worker_id=worker)
    return rows.select_related("worker", "worker__employer", "training").order_by("-completed_on", "-pk")


def completion_totals(rows: QuerySet[Enrolment]) -> dict:
    """The count, hours and workers of completions (the statistics' figures and the list's header alike)."""
    totals = rows.order_by().aggregate(
        count=Count("pk"), hours=Sum("hours_credited"), workers=Count("worker", distinct=True)
    )
    return {**totals, "hours": totals["hours"] or Decimal(0)}


def place_get(*, user, pk, kind: str) -> Organization:
    """A district or enterprise a filter names, within the user's VIEW scope (NotFound otherwise)."""
    org = Organization.objects.filter(pk=pk, kind=kind).first() if pk else None
    if org is None or not scope_for(user, TrainingPerm.VIEW).covers(org.path):
        raise NotFound()
    return org


# ---- 师带徒 ---------------------------------------------------------------------------------------------


def _pairs_visible(user) -> Q:
    """The user's VIEW scope and the pairs they are the apprentice or the master of (by their worker's id, as
    _visible finds a user's own trainings)."""
    condition = scope_for(user, TrainingPerm.VIEW).q("org_path")
    mine = own_worker(user)
    if mine is not None:
        condition |= Q(apprentice_id=mine.pk) | Q(
            master_id__in=TalentProfile.objects.filter(worker_id=mine.pk).values("pk")
        )
    return condition


def _place_q(district: Organization | None, enterprise: Organization | None, field: str = "org_path") -> Q:
    condition = Q()
    for org in (district, enterprise):
        if org is not None:
            condition &= subtree_q(org.path, field)
    return condition


def pair_list(
    *,
    user,
    state: str = "",
    q: str = "",
    district: Organization | None = None,
    enterprise: Organization | None = None,
    started: int | None = None,
    assessed: int | None = None,
) -> QuerySet[Apprenticeship]:
    """The pairs the user sees, narrowed: by state, the apprentice's district or enterprise, the year the pair
    started and the year it was assessed (the statistics' figures open this list)."""
    pairs = Apprenticeship.objects.filter(_pairs_visible(user)).filter(_place_q(district, enterprise))
    if state:
        pairs = pairs.filter(state=state)
    if started:
        pairs = pairs.filter(starts_on__year=started)
    if assessed:
        pairs = pairs.filter(assessed_on__year=assessed)
    if q.strip():
        pairs = pairs.filter(Q(master__name__contains=q.strip()) | Q(apprentice__name__contains=q.strip()))
    return pairs.select_related("master", "apprentice", "organization").order_by("-id")


def pair_get(*, user, pk) -> Apprenticeship:
    found = (
        pair_list(user=user).select_related("reward_payout__payer").filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if found is None:
        raise NotFound()
    return found


def masters_in_scope(*, user, limit: int = 200) -> list[TalentProfile]:
    """Workers' talent profiles where the user manages training: the masters (and teachers) to choose from."""
    scope = scope_for(user, TrainingPerm.MANAGE)
    if scope.is_empty:
        return []
    return list(
        TalentProfile.objects.filter(scope.q("org_path"), worker__isnull=False)
        .select_related("organization")
        .order_by("name", "pk")[:limit]
    )


def teachers_in_scope(*, user, limit: int = 200) -> list[TalentProfile]:
    """Talent profiles the user may see (the pool in scope, external experts included)."""
    scope = scope_for(user, TrainingPerm.MANAGE)
    if scope.is_empty:
        return []
    return list(TalentProfile.objects.filter(scope.q("org_path")).order_by("name", "pk")[:limit])


def workers_in_scope(*, user, limit: int = 500) -> list[Worker]:
    """Workers of the enterprises where the user manages training (names and employers only)."""
    scope = scope_for(user, TrainingPerm.MANAGE)
    if scope.is_empty:
        return []
    return list(
        Worker.objects.filter(scope.q("employer__path"))
        .select_related("employer")
        .only("pk", "name", "employer__name")
        .order_by("name", "pk")[:limit]
    )


# ---- certificates, for the public verification page -----------------------------------------------------

CERTIFICATES = PublicRecords(
    Enrolment,
    fields=(
        "id",
        "certificate_code",
        "completed_on",
        "hours_credited",
        "worker__name",
        "training__title",
        "training__organizer__name",
    ),
    published=Q(certificate_code__isnull=False, completed_on__isnull=False),
)


def certificate_by_code(code: str) -> Enrolment:
    found = CERTIFICATES.published_list().filter(certificate_code=code).first() if code else None
    if found is None:
        raise NotFound()
    return found
