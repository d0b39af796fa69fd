"""Reads of a person's own inbox and settings: every one takes the user and sees only their rows."""

from django.db.models import QuerySet

from zhichuang.core.errors import NotFound

from .enums import EmailChoice
from .models import Notification, Preference

# The bell shows "99+" beyond this: the count reads at most this many index entries.
UNREAD_CAP = 100


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's notices, newest first, with what the inbox shows (the link is stored: no join)."""
    return Notification.objects.filter(user_id=user.pk).only("id", "message", "url", "created_at", "read_at")


def unread_count(*, user) -> int:
    """How many of the user's notices are unread, up to UNREAD_CAP (the partial index, one query)."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True)[:UNREAD_CAP].count()


def notification_get(*, user, pk: int) -> Notification:
    notice = Notification.objects.filter(user_id=user.pk, pk=pk).only("id", "url").first()
    if notice is None:
        raise NotFound
    return notice


def email_preference(*, user) -> str:
    """When the user is e-mailed (EmailChoice); at once for someone who never chose."""
    chosen = Preference.objects.filter(user_id=user.pk).values_list("email", flat=True).first()
    return chosen or EmailChoice.IMMEDIATELY
