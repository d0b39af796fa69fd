from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailChoice(models.TextChoices):
    """When a person is e-mailed about their notices (the inbox always has them)."""

    IMMEDIATELY = "now", _("Immediately, one e-mail per notice")
    DAILY = "daily", _("Once a day, a digest of the unread notices")
    NEVER = "never", _("No e-mail, only the inbox")
