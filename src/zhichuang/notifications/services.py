"""Sending notices, marking them read, each person's e-mail choice and the daily digest.

`notify` is the one call every module makes: one inbox row per recipient in one insert, and after the
commit an e-mail to each recipient who wants one at once (one message per person: nobody sees who else
was told). The caller renders the text in the site language; no ID or mobile number reaches a notice,
an e-mail or a log line (the text is masked here, and nothing logged carries it).
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.core.validators import mask_identifiers

from .enums import EmailChoice
from .models import MESSAGE_MAX, Notification, Preference

logger = logging.getLogger(__name__)

DIGEST_WINDOW = timedelta(days=1)
# Notices listed in one digest; the rest are counted ("and 12 more in your inbox").
DIGEST_MAX = 50
# People per batch of the digest: one read of their notices and one connection to the mail server.
DIGEST_BATCH = 500


def _user_id(recipient) -> int | None:
    return recipient if isinstance(recipient, int) else getattr(recipient, "pk", None)


def notify(recipients: Iterable, *, kind: str, message: str, target=None, url: str | None = None) -> int:
    """Tell each recipient (users or user ids; repeats and None are dropped): one inbox row each.

    target: the record the notice is about (any model, or None); url: the page the notice opens,
    target.get_absolute_url() when not given. Returns the number of people told.
    """
    ids = {_user_id(r) for r in recipients} - {None}
    if not ids:
        return 0
    people = list(
        get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "is_active", "email", "notice_preference__email")
        .order_by("pk")
    )
    text = mask_identifiers(message)[:MESSAGE_MAX]
    if url is None:
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            user_id=pk,
            kind=kind,
            message=text,
            url=url,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            created_at=now,
        )
        for pk, *_rest in people
    )
    addresses = [
        email
        for _pk, active, email, chosen in people
        if active and email and (chosen or EmailChoice.IMMEDIATELY) == EmailChoice.IMMEDIATELY
    ]
    if addresses:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("zhichuang notification")
        messages = [EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
        transaction.on_commit(partial(_send_mail, messages))
    return len(people)


def _send_mail(messages: list[EmailMessage]) -> bool:
    try:
        mailers.default.send_messages(messages)
    except OSError:
        # The inbox row is the record; a mail server being down must not fail the change. The log line
        # names no address and no text.
        logger.warning("%d notification e-mails could not be sent", len(messages), exc_info=True)
        return False
    return True


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all unread ones when ids is None). Returns how many."""
    unread = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def preference_set(*, user, email: str) -> Preference:
    """The user's own choice of when they are e-mailed (EmailChoice)."""
    if email not in EmailChoice.values:
        raise ValidationFailed(details={"email": [_("Choose one of the offered options.")]})
    preference, _created = Preference.objects.update_or_create(user_id=user.pk, defaults={"email": email})
    return preference


def _digest_body(notices: list[tuple[str, object]]) -> str:
    lines = [_("Your unread notices of the last day (%(count)d):") % {"count": len(notices)}, ""]
    for message, created_at in notices[:DIGEST_MAX]:
        lines.append(f"{timezone.localtime(created_at):%m-%d %H:%M}  {message}")
    if len(notices) > DIGEST_MAX:
        lines += ["", _("… and %(count)d more in your inbox.") % {"count": len(notices) - DIGEST_MAX}]
    return "\n".join(lines)


def digest_send(*, now=None) -> int:
    """One e-mail to each person who chose the daily digest, with their notices of the last day that are
    still unread; a second run within the day sends none of them again. Returns the e-mails sent."""
    now = now or timezone.now()
    start = now - DIGEST_WINDOW
    chosen = (
        Preference.objects.filter(email=EmailChoice.DAILY, user__is_active=True)
        .filter(Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lt=now))
        .exclude(user__email="")
        .order_by("user_id")
        .values_list("user_id", "user__email", "digest_sent_at")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("zhichuang: your notices of the day")
        batch: list[tuple] = []
        for row in chosen.iterator(chunk_size=DIGEST_BATCH):
            batch.append(row)
            if len(batch) == DIGEST_BATCH:
                sent += _digest_batch(batch, subject, start, now)
                batch = []
        if batch:
            sent += _digest_batch(batch, subject, start, now)
    return sent


def _digest_batch(people: list[tuple], subject: str, start, now) -> int:
    since = {user_id: max(start, last or start) for user_id, _email, last in people}
    notices: dict[int, list[tuple[str, object]]] = {}
    for user_id, message, created_at in (
        Notification.objects.filter(
            user_id__in=list(since), read_at__isnull=True, created_at__gt=start, created_at__lte=now
        )
        .order_by("user_id", "created_at", "id")
        .values_list("user_id", "message", "created_at")
    ):
        if created_at > since[user_id]:
            notices.setdefault(user_id, []).append((message, created_at))
    told = [(user_id, email) for user_id, email, _last in people if user_id in notices]
    if not told:
        return 0
    messages = [
        EmailMessage(subject, _digest_body(notices[user_id]), settings.DEFAULT_FROM_EMAIL, [email])
        for user_id, email in told
    ]
    if not _send_mail(messages):
        return 0
    Preference.objects.filter(user_id__in=[user_id for user_id, _email in told]).update(digest_sent_at=now)
    return len(messages)
