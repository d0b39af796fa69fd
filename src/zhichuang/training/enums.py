from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("training", "Open for enrolment")
    CLOSED = "closed", pgettext_lazy("training", "Enrolment closed")
    FINISHED = "finished", pgettext_lazy("training", "Finished")


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    ROLL_CALL = "roll_call", _("Roll call")


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting the enterprise union")
    ACTIVE = "active", pgettext_lazy("apprenticeship", "Active")
    COMPLETED = "completed", pgettext_lazy("apprenticeship", "Completed (passed)")
    ENDED = "ended", _("Ended early")
    FAILED = "failed", pgettext_lazy("apprenticeship", "Assessment failed")


OPEN_PAIR_STATES = (PairState.PROPOSED, PairState.ACTIVE)
