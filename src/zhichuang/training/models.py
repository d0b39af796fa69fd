"""Trainings (职工培训) with their sessions, enrolments and attendance, and 师带徒 pairs with their
milestones and assessment.

A training belongs to its organiser (an enterprise, a district or the city): org_path is the organiser's
path, so the organiser's union and those above it see it. A pair belongs to the apprentice's employer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.core.choices import quick_choice_labels
from zhichuang.core.files import random_name
from zhichuang.orgs.models import PATH_MAX, Organization
from zhichuang.workflow.models import TransitionRecord

from .enums import CheckInMethod, EnrolmentState, PairState, TrainingState

DESCRIPTION_MAX = 2000


def material_path(instance, filename: str) -> str:
    return random_name("training/materials", filename)


@quick_choice_labels
class Training(models.Model):
    organizer = models.ForeignKey(Organization, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)  # the organiser's, for scoping
    title = models.CharField(_("title"), max_length=100)
    subject = models.CharField(_("field"), max_length=50, blank=True)
    trade = models.CharField(_("trade"), max_length=50, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    teacher = models.ForeignKey(
        "talent.TalentProfile",
        verbose_name=_("teacher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings_taught",
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    hours = models.DecimalField(_("hours credited"), max_digits=5, decimal_places=1)
    # The share of the sessions (per cent) a worker attends to complete the training.
    attendance_share = models.PositiveSmallIntegerField(_("attendance required (%)"), default=80)
    state = models.CharField(_("state"), max_length=12, choices=TrainingState.choices, default=TrainingState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org_path", "id"], name="training_scope"),
            models.Index(fields=["state", "org_path"], name="training_open"),
        ]

    def __str__(self):
        return self.title


@quick_choice_labels
class TrainingTransition(TransitionRecord):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=TrainingState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=TrainingState.choices)


class Material(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to=material_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Session(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    place = models.CharField(_("place"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at", "id"]

    def __str__(self):
        return f"{self.training_id} {self.date} {self.starts_at}"


@quick_choice_labels
class Enrolment(models.Model):
    """A worker's place on a training, or on its waiting list (first come: by created_at, then id)."""

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="enrolments")
    worker = models.ForeignKey("accounts.Worker", on_delete=models.PROTECT, related_name="training_enrolments")
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)  # the worker's employer, for scoping
    state = models.CharField(_("state"), max_length=12, choices=EnrolmentState.choices)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Completion: set when the organiser completes the training and the worker attended enough.
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    hours_credited = models.DecimalField(_("hours credited"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_code = models.CharField(_("verification code"), max_length=16, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "worker"],
                condition=~Q(state=EnrolmentState.CANCELLED),
                name="enrolment_once",
            )
        ]
        indexes = [
            models.Index(fields=["training", "state", "created_at"], name="enrolment_queue"),
            models.Index(fields=["worker", "completed_on"], name="enrolment_completed"),
            # The completions list, newest first (and a year's: a range of completed_on), at any scope.
            models.Index(
                fields=["completed_on", "id"], condition=Q(completed_on__isnull=False), name="enrolment_completions"
            ),
            # Its totals (count, hours, workers) read from the index alone, the scope's range first.
            models.Index(
                fields=["org_path", "completed_on", "worker", "hours_credited"],
                condition=Q(completed_on__isnull=False),
                name="enrolment_completion_totals",
            ),
        ]

    def __str__(self):
        return f"{self.training_id} {self.worker_id} {self.state}"


@quick_choice_labels
class Attendance(models.Model):
    """A worker's presence at a session: how it was taken (QR scan or roll call), when and by whom."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(_("how"), max_length=12, choices=CheckInMethod.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")]

    def __str__(self):
        return f"{self.session_id} {self.enrolment_id}"


@quick_choice_labels
class Apprenticeship(models.Model):
    """A 师带徒 pair: a master (a worker's talent profile) and an apprentice, for one to three years."""

    master = models.ForeignKey(
        "talent.TalentProfile", verbose_name=_("master"), on_delete=models.PROTECT, related_name="apprenticeships"
    )
    apprentice = models.ForeignKey(
        "accounts.Worker", verbose_name=_("apprentice"), on_delete=models.PROTECT, related_name="apprenticeships"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")  # the apprentice's
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)
    trade = models.CharField(_("trade"), max_length=50)
    goals = models.TextField(_("goals"), max_length=DESCRIPTION_MAX)
    know_how = models.TextField(_("know-how to pass on"), max_length=DESCRIPTION_MAX, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(_("state"), max_length=12, choices=PairState.choices, default=PairState.PROPOSED)
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    # The completion assessment.
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessment_note = models.TextField(_("assessment note"), max_length=DESCRIPTION_MAX, blank=True)
    # The master's reward, owed in the shared payout ledger when the apprentice passes (the city's setting at
    # that moment; none where it is 0).
    reward_payout = models.OneToOneField(
        "payouts.Payout",
        verbose_name=_("master's reward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="apprenticeship",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("apprenticeship")
        verbose_name_plural = _("apprenticeships")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org_path", "id"], name="apprenticeship_scope"),
            models.Index(fields=["master", "state"], name="apprenticeship_master"),
        ]

    def __str__(self):
        return f"{self.master_id} → {self.apprentice_id}"


@quick_choice_labels
class ApprenticeshipTransition(TransitionRecord):
    apprenticeship = models.ForeignKey(Apprenticeship, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=PairState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=PairState.choices)


class Milestone(models.Model):
    apprenticeship = models.ForeignKey(Apprenticeship, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


# ---- the completions' rollup (rollup.py keeps it equal to the completed enrolments) ---------------------

ALL_YEARS = 0  # the year of the rows that count every year


class CompletionCount(models.Model):
    """The completions of one node (an organisation path: a completion counts at the worker's employer's
    path and every path above it) in one year, or in every year (ALL_YEARS): how many, their hours and
    the distinct workers, exact, read in one row (the completions list's header and its count)."""

    node_path = models.CharField(max_length=PATH_MAX)
    year = models.PositiveSmallIntegerField()
    completions = models.PositiveIntegerField(default=0)
    hours = models.DecimalField(max_digits=14, decimal_places=1, default=0)
    workers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node_path", "year"], name="completioncount_key")]

    def __str__(self):
        return f"{self.node_path} {self.year}: {self.completions}"


class TraineeCount(models.Model):
    """A worker with at least one completion at the node in the year (or in any year): what makes
    CompletionCount.workers exact."""

    node_path = models.CharField(max_length=PATH_MAX)
    year = models.PositiveSmallIntegerField()
    worker_id = models.BigIntegerField()
    completions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node_path", "year", "worker_id"], name="traineecount_key")]

    def __str__(self):
        return f"{self.node_path} {self.year} {self.worker_id}"
