"""The session idle timeout, kept without a session write on every request."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from tests import factories
from zhichuang.accounts.roles import Role

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
IDLE = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
REFRESH = datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS)


def log_in(client, city_tree):
    factories.make_admin(Role.CITY_ADMIN, city_tree["city"], username="boss")
    response = client.post(LOGIN, {"username": "boss", "password": factories.PASSWORD})
    assert response.status_code == 302 and response.url == HOME


def expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_session_request_within_the_interval_writes_nothing(client, city_tree):
    with freeze_time(START) as clock:
        log_in(client, city_tree)
        clock.tick(REFRESH - datetime.timedelta(seconds=1))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME)
    assert response.status_code == 200 and response.context["user"].username == "boss"
    assert session_writes(queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert expiry(client) == START + IDLE


def test_session_request_after_the_interval_pushes_the_expiry_back(client, city_tree):
    with freeze_time(START) as clock:
        log_in(client, city_tree)
        clock.tick(REFRESH)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
    assert len(session_writes(queries)) == 1
    assert expiry(client) == START + REFRESH + IDLE


def test_session_kept_alive_by_requests_then_ends_when_idle(client, city_tree):
    with freeze_time(START) as clock:
        log_in(client, city_tree)
        for _ in range(6):  # a request every ten minutes: well past the idle timeout since the login
            clock.tick(datetime.timedelta(minutes=10))
            response = client.get(HOME)
            assert response.status_code == 200, "an active session must not expire"
        clock.tick(IDLE + datetime.timedelta(seconds=1))
        response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_idle_session_expires_after_the_timeout(client, city_tree):
    with freeze_time(START) as clock:
        log_in(client, city_tree)
        clock.tick(IDLE - datetime.timedelta(seconds=1))
        assert client.get(HOME).status_code == 200
        clock.tick(IDLE + datetime.timedelta(seconds=1))
        response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_visitor_without_a_session_gets_none(client, db):
    assert client.get(LOGIN).status_code == 200
    assert client.get(HOME).status_code == 302
    assert not Session.objects.exists()
