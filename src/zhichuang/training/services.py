"""Writes of trainings and 师带徒: each one transaction with its audit row, refused before anything is
written. State changes go through the workflows (workflow.py); notices are sent after the commit."""

import datetime
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhichuang.accounts.enums import skill_level_above
from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import has_perm, scope_for
from zhichuang.audit.services import audit_record, diff
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.core.files import check_file
from zhichuang.notifications.services import notify
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.payouts.services import payout_owe
from zhichuang.talent.models import TalentProfile
from zhichuang.talent.permissions import TalentPerm
from zhichuang.talent.services import skill_level_propose
from zhichuang.workflow.services import transition

from . import checkin
from .enums import OPEN_PAIR_STATES, CheckInMethod, EnrolmentState, PairState, TrainingState
from .models import DESCRIPTION_MAX, Apprenticeship, Attendance, Enrolment, Material, Milestone, Session, Training
from .permissions import TrainingPerm
from .policy import apprenticeship_policy
from .rollup import completions_counted
from .selectors import may_run_check_in
from .workflow import PAIR_WORKFLOW, TRAINING_WORKFLOW

MASTER_REWARD = "training.master_reward"  # its kind of payout (module.py)

MATERIAL_MAX_BYTES = 20 * 1024 * 1024
ORGANISERS = (OrgKind.CITY, OrgKind.DISTRICT, OrgKind.ENTERPRISE)
TEXT_LIMITS = {
    "title": 100,
    "subject": 50,
    "trade": 50,
    "place": 100,
    "description": DESCRIPTION_MAX,
    "goals": DESCRIPTION_MAX,
    "know_how": DESCRIPTION_MAX,
}
CAPACITY_MAX = 10_000
HOURS_MAX = Decimal("9999.9")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a printed certificate
CODE_LENGTH = 12
APPRENTICESHIP_RULE = "apprenticeship.passed"


def _require(actor, perm, org) -> None:
    if not has_perm(actor, perm, org):
        raise PermissionDenied()


def _text(fields: dict, name: str, *, required: bool = False) -> str:
    text = str(fields.get(name) or "").strip()
    limit = TEXT_LIMITS.get(name, 100)
    if required and not text:
        raise ValidationFailed(details={name: [_("This field is required.")]})
    if len(text) > limit or "\x00" in text:
        raise ValidationFailed(details={name: [_("Give text of at most %(limit)d characters.") % {"limit": limit}]})
    return text


def _hours(value, name: str, maximum: Decimal = HOURS_MAX) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(details={name: [_("Give a number of hours.")]}) from None
    if not hours.is_finite() or hours <= 0 or hours > maximum:
        raise ValidationFailed(details={name: [_("Give a number of hours.")]})
    return hours


def _training_fields(actor, fields: dict, organizer: Organization) -> dict:
    capacity = fields.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= CAPACITY_MAX:
        raise ValidationFailed(details={"capacity": [_("Give a capacity of 1 to %(max)d.") % {"max": CAPACITY_MAX}]})
    share = fields.get("attendance_share", 80)
    if not isinstance(share, int) or isinstance(share, bool) or not 1 <= share <= 100:
        raise ValidationFailed(details={"attendance_share": [_("Give a share of 1 to 100 per cent.")]})
    teacher = fields.get("teacher")
    if teacher is not None and not isinstance(teacher, TalentProfile):
        raise ValidationFailed(details={"teacher": [_("Choose a teacher from the talent pool.")]})
    if teacher is not None and not scope_for(actor, TalentPerm.VIEW).covers(teacher.org_path):
        raise ValidationFailed(details={"teacher": [_("Choose a teacher from the talent pool.")]})
    return {
        "title": _text(fields, "title", required=True),
        "subject": _text(fields, "subject"),
        "trade": _text(fields, "trade"),
        "description": _text(fields, "description"),
        "teacher": teacher,
        "capacity": capacity,
        "hours": _hours(fields.get("hours"), "hours"),
        "attendance_share": share,
    }


# ---- trainings ------------------------------------------------------------------------------------------


@transaction.atomic
def training_create(*, actor, organizer: Organization, **fields) -> Training:
    """A draft training, by whoever organises training at the organiser (an enterprise, a district, the city)."""
    if organizer.kind not in ORGANISERS:
        raise ValidationFailed(details={"organizer": [_("Choose an enterprise, a district or the city.")]})
    _require(actor, TrainingPerm.MANAGE, organizer)
    values = _training_fields(actor, fields, organizer)
    training = Training.objects.create(organizer=organizer, org_path=organizer.path, created_by=actor, **values)
    audit_record(action="training.create", obj=training, changes={"title": training.title}, actor=actor)
    return training


@transaction.atomic
def training_update(*, actor, training: Training, **fields) -> Training:
    _require(actor, TrainingPerm.MANAGE, training.organizer)
    if training.state == TrainingState.FINISHED:
        raise ValidationFailed(_("A finished training cannot be changed."))
    values = _training_fields(actor, fields, training.organizer)
    locked = Training.objects.select_for_update().get(pk=training.pk)
    before = {name: getattr(locked, name) for name in values}
    for name, value in values.items():
        setattr(locked, name, value)
    changes = diff(locked, [name for name in values if name != "teacher"], before)
    if before["teacher"] != values["teacher"]:
        changes["teacher"] = [str(before["teacher"] or ""), str(values["teacher"] or "")]
    if changes:
        locked.save(update_fields=list(values))
        audit_record(action="training.update", obj=locked, changes=changes, actor=actor)
    return locked


def _editable(actor, training: Training) -> None:
    _require(actor, TrainingPerm.MANAGE, training.organizer)
    if training.state == TrainingState.FINISHED:
        raise ValidationFailed(_("A finished training cannot be changed."))


@transaction.atomic
def session_add(
    *,
    actor,
    training: Training,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str,
    hours,
) -> Session:
    _editable(actor, training)
    if ends_at <= starts_at:
        raise ValidationFailed(details={"ends_at": [_("The session ends after it starts.")]})
    place = _text({"place": place}, "place", required=True)
    session = Session.objects.create(
        training=training,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        hours=_hours(hours, "hours", Decimal("24")),
    )
    audit_record(
        action="training.session_add",
        obj=training,
        changes={"session": f"{date} {starts_at:%H:%M} {place}"},
        actor=actor,
    )
    return session


@transaction.atomic
def session_remove(*, actor, session: Session) -> None:
    training = session.training
    _editable(actor, training)
    if session.attendances.exists():
        raise ValidationFailed(_("A session with attendance cannot be removed."))
    audit_record(
        action="training.session_remove",
        obj=training,
        changes={"session": f"{session.date} {session.starts_at:%H:%M} {session.place}"},
        actor=actor,
    )
    session.delete()


@transaction.atomic
def material_add(*, actor, training: Training, upload) -> Material:
    _editable(actor, training)
    check_file(upload, max_bytes=MATERIAL_MAX_BYTES)
    name = str(upload.name)[-255:]
    material = Material(training=training, name=name, uploaded_by=actor)
    material.file.save(name, upload, save=False)
    material.save()
    audit_record(action="training.material_add", obj=training, changes={"file": name}, actor=actor)
    return material


def training_move(*, actor, training: Training, to_state: str, expected_version: int | None = None) -> Training:
    """Open, close or reopen a training for enrolment (finishing is training_complete's)."""
    if to_state == TrainingState.FINISHED:
        raise ValidationFailed(_("Complete the training to finish it."))
    return transition(
        TRAINING_WORKFLOW, actor=actor, row=training, to_state=to_state, expected_version=expected_version
    ).row


def _tell_after_commit(user_ids, kind: str, message, url: str) -> None:
    """Notify once the transaction commits, the message rendered in the site language."""

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            notify(user_ids, kind=kind, message=str(message()), url=url)

    transaction.on_commit(send, robust=True)


# ---- enrolment ------------------------------------------------------------------------------------------


def covers(training: Training, worker: Worker) -> bool:
    """Is the worker's employer in the organiser's part of the tree (the organiser, or under it)?"""
    return worker.employer.path.startswith(training.org_path)


def before_first_session(training: Training) -> bool:
    first = training.sessions.order_by("date").values_list("date", flat=True).first()
    return first is None or timezone.localdate() < first


@transaction.atomic
def enrol(*, actor, training: Training, worker: Worker) -> Enrolment:
    """The worker's place on an open training that covers them, by the worker or by a union that organises
    training at their employer; on the waiting list once the training is full (first come, first served)."""
    own = worker.user_id is not None and worker.user_id == getattr(actor, "pk", None)
    if not own and not has_perm(actor, TrainingPerm.MANAGE, worker.employer):
        raise PermissionDenied()
    locked = Training.objects.select_for_update().get(pk=training.pk)  # one enrolment at a time per training
    if locked.state != TrainingState.OPEN:
        raise ValidationFailed(_("This training is not open for enrolment."))
    if not covers(locked, worker):
        raise ValidationFailed(_("This training is not open to workers of this enterprise."))
    if Enrolment.objects.filter(training=locked, worker=worker).exclude(state=EnrolmentState.CANCELLED).exists():
        raise Conflict(_("%(name)s is enrolled already.") % {"name": worker.name})
    taken = Enrolment.objects.filter(training=locked, state=EnrolmentState.ENROLLED).count()
    state = EnrolmentState.ENROLLED if taken < locked.capacity else EnrolmentState.WAITING
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                training=locked, worker=worker, org_path=worker.employer.path, state=state, enrolled_by=actor
            )
    except IntegrityError:
        raise Conflict(_("%(name)s is enrolled already.") % {"name": worker.name}) from None
    audit_record(action="training.enrol", obj=locked, changes={"worker": worker.name, "state": state}, actor=actor)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor, enrolment: Enrolment) -> Enrolment | None:
    """Cancel a place (or a place on the waiting list) before the first session; a freed place goes to the
    first on the waiting list, who is told. Returns the promoted enrolment, if any."""
    training = Training.objects.select_for_update().select_related("organizer").get(pk=enrolment.training_id)
    worker = enrolment.worker
    own = worker.user_id is not None and worker.user_id == getattr(actor, "pk", None)
    if not (
        own
        or has_perm(actor, TrainingPerm.MANAGE, worker.employer)
        or has_perm(actor, TrainingPerm.MANAGE, training.organizer)
    ):
        raise PermissionDenied()
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.state == EnrolmentState.CANCELLED:
        return None
    if not before_first_session(training) or training.state == TrainingState.FINISHED:
        raise ValidationFailed(_("A place can be cancelled only before the first session."))
    freed = locked.state == EnrolmentState.ENROLLED
    locked.state = EnrolmentState.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["state", "cancelled_at"])
    audit_record(action="training.cancel", obj=training, changes={"worker": worker.name}, actor=actor)
    if not freed:
        return None
    promoted = (
        Enrolment.objects.select_for_update()
        .filter(training=training, state=EnrolmentState.WAITING)
        .select_related("worker")
        .order_by("created_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.state = EnrolmentState.ENROLLED
    promoted.save(update_fields=["state"])
    audit_record(action="training.promote", obj=training, changes={"worker": promoted.worker.name}, actor=actor)
    title = training.title
    _tell_after_commit(
        [promoted.worker.user_id],
        "training.promoted",
        lambda: _("A place on “%(title)s” is free: you are enrolled now.") % {"title": title},
        reverse("training:detail", args=[training.pk]),
    )
    return promoted


# ---- attendance -----------------------------------------------------------------------------------------


class CheckInRefused(ValidationFailed):
    """A scan that does not check the worker in, with the reason in words for the landing page."""


def check_in(*, actor, token: str) -> tuple[Attendance, bool]:
    """The scanning worker's attendance at the session the token names: (attendance, made now). A second
    scan answers the first attendance (False). Refused, with a reason, for an expired or forged token, a
    session not held today, and a worker not enrolled."""
    try:
        session_pk = checkin.read_token(token)
    except checkin.TokenExpired:
        raise CheckInRefused(_("This QR code has expired. Scan the code on the screen again.")) from None
    except checkin.TokenInvalid:
        raise CheckInRefused(_("This is not a check-in code of a training.")) from None
    session = Session.objects.select_related("training").filter(pk=session_pk).first()
    if session is None:
        raise CheckInRefused(_("This is not a check-in code of a training."))
    if session.date != timezone.localdate():
        raise CheckInRefused(_("This session is not held today."))
    enrolment = (
        Enrolment.objects.filter(training=session.training, worker__user_id=getattr(actor, "pk", None))
        .filter(state=EnrolmentState.ENROLLED)
        .select_related("worker")
        .first()
    )
    if enrolment is None:
        raise CheckInRefused(_("You are not enrolled in this training, so you cannot check in."))
    return _attend(actor=actor, session=session, enrolment=enrolment, method=CheckInMethod.QR)


def _attend(*, actor, session: Session, enrolment: Enrolment, method: str) -> tuple[Attendance, bool]:
    with transaction.atomic():
        found = Attendance.objects.filter(session=session, enrolment=enrolment).first()
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    session=session, enrolment=enrolment, method=method, recorded_by=actor
                )
        except IntegrityError:  # two scans at once: the other one made it
            return Attendance.objects.get(session=session, enrolment=enrolment), False
        audit_record(
            action="training.attend",
            obj=session.training,
            changes={"worker": enrolment.worker.name, "session": str(session.date), "method": method},
            actor=actor,
        )
    return attendance, True


@transaction.atomic
def roll_call(*, actor, session: Session, present: set[int]) -> tuple[int, int]:
    """The organiser's ticks: the enrolled workers present at the session (by enrolment id). Ticked ones
    without attendance get it (roll call); unticked ones lose theirs. Returns (added, removed)."""
    training = session.training
    if not may_run_check_in(actor, training):
        raise PermissionDenied()
    if training.state == TrainingState.FINISHED:
        raise ValidationFailed(_("A finished training cannot be changed."))
    enrolled = {e.pk: e for e in training.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("worker")}
    unknown = set(present) - set(enrolled)
    if unknown:
        raise ValidationFailed(_("Tick only workers enrolled in this training."))
    had = set(session.attendances.values_list("enrolment_id", flat=True))
    added = sorted(set(present) - had)
    removed = sorted((had & set(enrolled)) - set(present))
    now = timezone.now()
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment_id=pk, method=CheckInMethod.ROLL_CALL, at=now, recorded_by=actor)
        for pk in added
    )
    session.attendances.filter(enrolment_id__in=removed).delete()
    if added or removed:
        audit_record(
            action="training.roll_call",
            obj=training,
            changes={
                "session": str(session.date),
                "present": [enrolled[pk].worker.name for pk in added],
                "absent": [enrolled[pk].worker.name for pk in removed],
            },
            actor=actor,
        )
    return len(added), len(removed)


# ---- completion -----------------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def training_complete(*, actor, training: Training, on: datetime.date | None = None) -> list[Enrolment]:
    """Finish the training: every enrolled worker who attended at least its share of the sessions completes
    it, with its hours credited and a certificate code. Returns the completed enrolments."""
    _require(actor, TrainingPerm.MANAGE, training.organizer)
    total = training.sessions.count()
    if total == 0:
        raise ValidationFailed(_("A training without sessions cannot be completed."))
    on = on or timezone.localdate()
    last = training.sessions.order_by("-date").values_list("date", flat=True).first()
    if last > on:
        raise ValidationFailed(_("A training is completed after its last session."))
    enrolled = list(
        training.enrolments.filter(state=EnrolmentState.ENROLLED)
        .select_related("worker")
        .annotate(attended=Count("attendances"))
    )
    completed = [e for e in enrolled if e.attended * 100 >= training.attendance_share * total]
    for enrolment in completed:
        enrolment.completed_on = on
        enrolment.hours_credited = training.hours
        enrolment.certificate_code = _new_code()
    Enrolment.objects.bulk_update(completed, ["completed_on", "hours_credited", "certificate_code"])
    completions_counted(completed)
    transition(
        TRAINING_WORKFLOW,
        actor=actor,
        row=training,
        to_state=TrainingState.FINISHED,
        updates={"finished_on": on},
        audit={"completed": len(completed), "enrolled": len(enrolled)},
    )
    title = training.title
    _tell_after_commit(
        [e.worker.user_id for e in completed],
        "training.completed",
        lambda: _("You completed “%(title)s”: your certificate is under My trainings.") % {"title": title},
        reverse("training:mine"),
    )
    return completed


# ---- 师带徒 ---------------------------------------------------------------------------------------------


def _years_between(start: datetime.date, end: datetime.date) -> float:
    return (end - start).days / 365.25


@transaction.atomic
def pair_propose(
    *,
    actor,
    master: TalentProfile,
    apprentice: Worker,
    trade: str,
    goals: str,
    know_how: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date,
    milestones=(),
) -> Apprenticeship:
    """A proposed pair, for the apprentice's enterprise union to confirm: by a union that organises training
    at the apprentice's employer, or by the master (a worker of the same enterprise)."""
    if master.worker_id is None:
        raise ValidationFailed(details={"master": [_("The master is a worker with a talent profile.")]})
    own = master.worker.user_id is not None and master.worker.user_id == getattr(actor, "pk", None)
    if not has_perm(actor, TrainingPerm.MANAGE, apprentice.employer) and not (
        own and master.worker.employer_id == apprentice.employer_id
    ):
        raise PermissionDenied()
    if master.worker_id == apprentice.pk:
        raise ValidationFailed(details={"apprentice": [_("A master cannot be their own apprentice.")]})
    policy = apprenticeship_policy()
    years = _years_between(starts_on, ends_on)
    if ends_on <= starts_on or not policy.min_years - 0.01 <= years <= policy.max_years + 0.01:
        raise ValidationFailed(
            details={
                "ends_on": [
                    _("A pair runs for %(min)d to %(max)d years.") % {"min": policy.min_years, "max": policy.max_years}
                ]
            }
        )
    goals = _text({"goals": goals}, "goals", required=True)
    _check_master_capacity(master, policy.max_apprentices)
    if Apprenticeship.objects.filter(master=master, apprentice=apprentice, state__in=OPEN_PAIR_STATES).exists():
        raise Conflict(_("This master and apprentice are paired already."))
    pair = Apprenticeship.objects.create(
        master=master,
        apprentice=apprentice,
        organization=apprentice.employer,
        org_path=apprentice.employer.path,
        trade=_text({"trade": trade}, "trade", required=True),
        goals=goals,
        know_how=_text({"know_how": know_how}, "know_how"),
        starts_on=starts_on,
        ends_on=ends_on,
        proposed_by=actor,
    )
    for title, due_on in milestones:
        _milestone_create(pair, title, due_on)
    audit_record(
        action="training.pair_propose",
        obj=pair,
        changes={"master": master.name, "apprentice": apprentice.name},
        actor=actor,
    )
    return pair


def _check_master_capacity(master: TalentProfile, limit: int, *, exclude: int | None = None) -> None:
    TalentProfile.objects.select_for_update().filter(pk=master.pk).first()  # one pairing at a time per master
    held = Apprenticeship.objects.filter(master=master, state__in=OPEN_PAIR_STATES)
    if exclude is not None:
        held = held.exclude(pk=exclude)
    if held.count() >= limit:
        raise ValidationFailed(
            _("%(name)s already has %(limit)d apprentices: a master teaches at most %(limit)d at once.")
            % {"name": master.name, "limit": limit}
        )


def _milestone_create(pair: Apprenticeship, title: str, due_on: datetime.date) -> Milestone:
    title = str(title or "").strip()
    if not title or len(title) > 100 or "\x00" in title:
        raise ValidationFailed(details={"title": [_("Give a milestone of at most 100 characters.")]})
    return Milestone.objects.create(apprenticeship=pair, title=title, due_on=due_on)


def _manages_pair(actor, pair: Apprenticeship) -> None:
    _require(actor, TrainingPerm.MANAGE, pair.organization)


@transaction.atomic
def milestone_add(*, actor, pair: Apprenticeship, title: str, due_on: datetime.date) -> Milestone:
    _manages_pair(actor, pair)
    if pair.state not in OPEN_PAIR_STATES:
        raise ValidationFailed(_("This pair has ended."))
    milestone = _milestone_create(pair, title, due_on)
    audit_record(action="training.milestone", obj=pair, changes={"milestone": milestone.title}, actor=actor)
    return milestone


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, done_on: datetime.date, note: str = "") -> Milestone:
    pair = milestone.apprenticeship
    _manages_pair(actor, pair)
    if pair.state != PairState.ACTIVE:
        raise ValidationFailed(_("Milestones are marked while the pair is active."))
    note = str(note or "").strip()
    if len(note) > 500 or "\x00" in note:
        raise ValidationFailed(details={"note": [_("Give text of at most %(limit)d characters.") % {"limit": 500}]})
    milestone.done_on, milestone.note = done_on, note
    milestone.save(update_fields=["done_on", "note"])
    audit_record(
        action="training.milestone_done",
        obj=pair,
        changes={"milestone": milestone.title, "note": note},
        actor=actor,
    )
    return milestone


def pair_confirm(*, actor, pair: Apprenticeship, expected_version: int | None = None) -> Apprenticeship:
    """The enterprise union confirms a proposed pair; the master's cap is checked again here."""
    with transaction.atomic():
        _check_master_capacity(pair.master, apprenticeship_policy().max_apprentices, exclude=pair.pk)
        return transition(
            PAIR_WORKFLOW, actor=actor, row=pair, to_state=PairState.ACTIVE, expected_version=expected_version
        ).row


def pair_end(*, actor, pair: Apprenticeship, reason: str, expected_version: int | None = None) -> Apprenticeship:
    """End a pair early (or refuse a proposed one), with the reason."""
    return transition(
        PAIR_WORKFLOW,
        actor=actor,
        row=pair,
        to_state=PairState.ENDED,
        reason=reason,
        expected_version=expected_version,
    ).row


@transaction.atomic
def pair_assess(
    *,
    actor,
    pair: Apprenticeship,
    passed: bool,
    assessed_on: datetime.date,
    note: str = "",
    expected_version: int | None = None,
) -> Apprenticeship:
    """The completion assessment. Passing completes the pair, owes the master's reward of the city's policy in
    the payout ledger (the apprentice's employer pays it), and proposes one skill level up for the apprentice
    (talent's skill-level ledger), for the union to confirm there."""
    note = str(note or "").strip()
    if len(note) > DESCRIPTION_MAX or "\x00" in note:
        raise ValidationFailed(
            details={"note": [_("Give text of at most %(limit)d characters.") % {"limit": DESCRIPTION_MAX}]}
        )
    if assessed_on > timezone.localdate():
        raise ValidationFailed(details={"assessed_on": [_("The assessment cannot be dated in the future.")]})
    updates = {"assessed_on": assessed_on, "assessor": actor, "assessment_note": note}
    moved = transition(
        PAIR_WORKFLOW,
        actor=actor,
        row=pair,
        to_state=PairState.COMPLETED if passed else PairState.FAILED,
        expected_version=expected_version,
        updates=updates,
        audit={"note": note},
    ).row
    if passed:
        apprentice = Worker.objects.select_related("employer").get(pk=moved.apprentice_id)
        reward = apprenticeship_policy().master_reward
        if reward > 0:
            master = TalentProfile.objects.select_related("worker").get(pk=moved.master_id)
            moved.reward_payout = payout_owe(
                kind=MASTER_REWARD,
                record_id=moved.pk,
                purpose=f"{master.worker.name} → {apprentice.name}（{moved.trade}）",
                payer=apprentice.employer,
                org_path=moved.org_path,
                payee_id=master.worker_id,
                amount=reward,
            )
            moved.save(update_fields=["reward_payout"])
        level = skill_level_above(apprentice.skill_level)
        if level is not None:
            skill_level_propose(
                worker=apprentice, level=level, source="师带徒考核通过", rule=APPRENTICESHIP_RULE, on=assessed_on
            )
    return moved


def pair_url(pair_id: int) -> str:
    """The page of a pair (the payout ledger's link from a master's reward)."""
    return reverse("training:pair", args=[pair_id])
