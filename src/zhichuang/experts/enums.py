from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExpertTitle(models.TextChoices):
    """The expert's professional title as the pool records it (职称)."""

    NONE = "", pgettext_lazy("professional title", "None")
    INTERMEDIATE = "intermediate", _("Intermediate title")
    ASSOCIATE_SENIOR = "associate_senior", _("Associate senior title")
    SENIOR = "senior", _("Senior title")


class ExpertState(models.TextChoices):
    APPLIED = "applied", _("Applied, awaiting the city")
    INVITED = "invited", _("Invited by the city")
    ACTIVE = "active", _("In the pool")
    DECLINED = "declined", _("Not admitted")
    SUSPENDED = "suspended", _("Suspended")


class ReviewState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Reviewed")


# What an expert's yearly load counts: the reviews done and those still open (so a limit is not overrun).
LOAD_STATES = (ReviewState.INVITED, ReviewState.ACCEPTED, ReviewState.DONE)
OPEN_REVIEW_STATES = (ReviewState.INVITED, ReviewState.ACCEPTED)
TERM_YEARS = 3
DEFAULT_YEARLY_LIMIT = 20
