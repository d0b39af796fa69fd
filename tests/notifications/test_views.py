import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.notifications import services
from zhichuang.notifications.enums import EmailChoice
from zhichuang.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def _bell(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load notification_tags %}{% notification_bell %}").render(Context({"request": request}))


def test_the_bell_counts_the_unread_and_opening_a_notice_marks_it_read(client, city_tree):
    worker = city_tree["steel_worker"]
    proposal = factories.make_proposal(worker, state="submitted")
    detail = reverse("proposals:detail", args=[proposal.pk])
    for n in range(3):
        services.notify([worker.user], kind="x", message=f"消息{n}", target=proposal, url=detail)
    services.notify([city_tree["mill_worker"].user], kind="x", message="别人的")
    assert 'data-unread="3"' in _bell(worker.user)
    client.force_login(worker.user)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "消息2" in page and "别人的" not in page
    assert reverse("notifications:settings") in page
    first = Notification.objects.filter(user=worker.user).first()
    response = client.post(reverse("notifications:read"), {"id": first.pk, "open": "1"})
    assert response["Location"] == detail
    assert Notification.objects.filter(user=worker.user, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(user=worker.user, read_at__isnull=True).exists()
    assert "data-unread" not in _bell(worker.user)
    assert Notification.objects.filter(user=city_tree["mill_worker"].user, read_at__isnull=True).count() == 1


def test_the_bell_shows_99_plus_beyond_its_cap(city_tree):
    user = city_tree["steel_worker"].user
    Notification.objects.bulk_create(Notification(user=user, kind="x", message="m") for _ in range(120))
    bell = _bell(user)
    assert 'data-unread="100"' in bell and "99+" in bell


def test_someone_elses_notice_opens_nothing_and_marks_nothing(client, city_tree):
    other = city_tree["mill_worker"].user
    services.notify([other], kind="x", message="别人的", url="/proposals/1/")
    notice = Notification.objects.get()
    client.force_login(city_tree["steel_worker"].user)
    response = client.post(reverse("notifications:read"), {"id": notice.pk, "open": "1"})
    assert response["Location"] == reverse("notifications:inbox")
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_stored_link_to_another_site_is_never_followed(client, city_tree):
    user = city_tree["steel_worker"].user
    services.notify([user], kind="x", message="m", url="//evil.example/")
    client.force_login(user)
    response = client.post(reverse("notifications:read"), {"id": Notification.objects.get().pk, "open": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_the_inbox_costs_the_same_with_1_and_3_notices(client, city_tree, django_assert_max_num_queries):
    user = city_tree["steel_worker"].user
    proposal = factories.make_proposal(city_tree["steel_worker"])
    client.force_login(user)
    counts = []
    for total in (1, 3):
        while Notification.objects.filter(user=user).count() < total:
            services.notify([user], kind="x", message="消息", target=proposal, url="/proposals/1/")
        client.get(reverse("notifications:inbox"))  # warm the session's refresh
        with django_assert_max_num_queries(12) as captured:
            response = client.get(reverse("notifications:inbox"))
        assert len(response.context["page"].rows) == total
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_settings_page_saves_the_choice_and_refuses_an_unknown_one(client, city_tree):
    user = city_tree["steel_worker"].user
    client.force_login(user)
    page = client.get(reverse("notifications:settings"))
    assert page.context["form"].initial["email"] == EmailChoice.IMMEDIATELY
    assert "每日" in page.content.decode() or "每天" in page.content.decode()
    response = client.post(reverse("notifications:settings"), {"email": EmailChoice.DAILY})
    assert response["Location"] == reverse("notifications:inbox")
    assert Preference.objects.get(user=user).email == EmailChoice.DAILY
    assert client.post(reverse("notifications:settings"), {"email": "hourly"}).status_code == 400
    assert Preference.objects.get(user=user).email == EmailChoice.DAILY


def test_the_pages_need_a_login(client):
    for name in ("notifications:inbox", "notifications:settings"):
        assert client.get(reverse(name))["Location"].startswith(reverse("accounts:login"))


def test_send_notification_digest_command(city_tree, capsys, mailoutbox):
    user = city_tree["steel_worker"].user
    user.email = "w@x.cn"
    user.save(update_fields=["email"])
    services.preference_set(user=user, email=EmailChoice.DAILY)
    services.notify([user], kind="x", message="待办")
    Notification.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    call_command("send_notification_digest")
    assert "1" in capsys.readouterr().out
    assert [m.to for m in mailoutbox] == [["w@x.cn"]]
