from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.mail.backends import locmem
from django.utils import timezone

from tests import factories
from zhichuang.accounts.models import User
from zhichuang.core.errors import ValidationFailed
from zhichuang.core.validators import mask_id_number, mask_mobile
from zhichuang.notifications import services
from zhichuang.notifications.enums import EmailChoice
from zhichuang.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def _people(*emails):
    return [factories.make_user(email=email) for email in emails]


def test_notify_stores_one_row_per_person_with_its_target_and_link(city_tree, django_assert_num_queries):
    a, b = _people("", "")
    proposal = factories.make_proposal(city_tree["steel_worker"])
    ContentType.objects.get_for_model(proposal)  # cached for the process, as in production
    with django_assert_num_queries(2):  # the recipients with their choice, one insert
        told = services.notify([a, b.pk, a, None], kind="x", message="消息", target=proposal, url="/p/")
    assert told == 2
    rows = Notification.objects.order_by("user_id")
    assert [(n.user_id, n.kind, n.message, n.url, n.target) for n in rows] == [
        (a.pk, "x", "消息", "/p/", proposal),
        (b.pk, "x", "消息", "/p/", proposal),
    ]
    assert set(Notification.objects.filter(proposal=proposal).values_list("user_id", flat=True)) == {a.pk, b.pk}


def test_notices_go_with_their_record(city_tree):
    (a,) = _people("")
    proposal = factories.make_proposal(city_tree["steel_worker"])
    services.notify([a], kind="x", message="消息", target=proposal)
    services.notify([a], kind="x", message="无关")
    proposal.delete()
    assert list(Notification.objects.values_list("message", flat=True)) == ["无关"]


def test_the_mail_goes_after_the_commit_to_each_person_who_wants_it_at_once(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    now, daily, never, none, disabled = _people("a@x.cn", "b@x.cn", "c@x.cn", "", "e@x.cn")
    Preference.objects.create(user=daily, email=EmailChoice.DAILY)
    Preference.objects.create(user=never, email=EmailChoice.NEVER)
    User.objects.filter(pk=disabled.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.notify([now, daily, never, none, disabled], kind="x", message="请审核") == 5
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [(m.to, m.body, m.cc, m.bcc) for m in mailoutbox] == [(["a@x.cn"], "请审核", [], [])]
    assert Notification.objects.count() == 5  # the inbox always


def test_no_id_or_mobile_number_reaches_a_notice_or_an_e_mail(db, django_capture_on_commit_callbacks, mailoutbox):
    (person,) = _people("a@x.cn")
    id_number, mobile = factories.new_id_number(), factories.new_mobile()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([person], kind="x", message=f"身份证 {id_number} 手机 {mobile}")
    stored = Notification.objects.get().message
    assert id_number not in stored and mobile not in stored
    assert mask_id_number(id_number) in stored and mask_mobile(mobile) in stored
    assert id_number not in mailoutbox[0].body and mobile not in mailoutbox[0].body


def test_a_mail_server_down_keeps_the_notice_and_logs_no_text(
    db, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    (person,) = _people("a@x.cn")

    def down(backend, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", down)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([person], kind="x", message="秘密的文字")
    assert Notification.objects.filter(user=person).exists()
    assert "1 notification e-mails could not be sent" in caplog.text
    assert "秘密的文字" not in caplog.text and "a@x.cn" not in caplog.text


def test_mark_read_marks_only_the_users_own(db):
    a, b = _people("", "")
    services.notify([a, b], kind="x", message="一")
    services.notify([a], kind="x", message="二")
    first = Notification.objects.filter(user=a).order_by("pk").first()
    assert services.notifications_mark_read(user=b, ids=[first.pk]) == 0
    assert services.notifications_mark_read(user=a, ids=[first.pk]) == 1
    assert services.notifications_mark_read(user=a) == 1
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("user_id", flat=True)) == [b.pk]


def test_preference_set_refuses_an_unknown_choice(db):
    (a,) = _people("")
    with pytest.raises(ValidationFailed):
        services.preference_set(user=a, email="hourly")
    assert services.preference_set(user=a, email=EmailChoice.DAILY).email == EmailChoice.DAILY
    assert Preference.objects.get(user=a).email == EmailChoice.DAILY


def test_the_digest_sends_one_mail_per_person_with_the_unread_notices_of_the_last_day(db, mailoutbox):
    daily, other_daily, immediate = _people("d@x.cn", "e@x.cn", "i@x.cn")
    for user in (daily, other_daily):
        services.preference_set(user=user, email=EmailChoice.DAILY)
    now = timezone.now()
    services.notify([daily, immediate], kind="x", message="今天的一")
    services.notify([daily], kind="x", message="今天的二")
    services.notify([daily], kind="x", message="已读的")
    services.notify([daily], kind="x", message="前天的")
    Notification.objects.filter(message="已读的").update(read_at=now)
    Notification.objects.filter(message="前天的").update(created_at=now - timedelta(days=2))
    mailoutbox.clear()
    assert services.digest_send(now=now + timedelta(seconds=1)) == 1
    (mail,) = mailoutbox
    assert mail.to == ["d@x.cn"]
    assert "今天的一" in mail.body and "今天的二" in mail.body
    assert "已读的" not in mail.body and "前天的" not in mail.body
    # A second run the same day sends nothing again; a new notice goes in the next one.
    assert services.digest_send(now=now + timedelta(hours=1)) == 0
    services.notify([daily], kind="x", message="新的")
    Notification.objects.filter(message="新的").update(created_at=now + timedelta(hours=2))
    assert services.digest_send(now=now + timedelta(hours=3)) == 1
    assert "新的" in mailoutbox[-1].body and "今天的一" not in mailoutbox[-1].body


def test_the_digest_lists_at_most_its_maximum_and_counts_the_rest(db, mailoutbox, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_MAX", 2)
    (daily,) = _people("d@x.cn")
    services.preference_set(user=daily, email=EmailChoice.DAILY)
    for n in range(5):
        services.notify([daily], kind="x", message=f"消息{n}")
    assert services.digest_send(now=timezone.now() + timedelta(seconds=1)) == 1
    body = mailoutbox[0].body
    assert "消息0" in body and "消息1" in body and "消息2" not in body
    assert "3" in body.splitlines()[-1]
