import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.training import checkin, services
from zhichuang.training.enums import EnrolmentState
from zhichuang.training.models import Attendance

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_organiser_sees_a_qr_code_that_encodes_the_scan_url(client, city_tree):
    training = factories.make_training(city_tree["steel"])
    session = training.sessions.get()
    page = _login(client, training.admin).get(reverse("training:check_in", args=[training.pk, session.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "data-qr-code" in body
    url = page.context["url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert checkin.read_token(token) == session.pk
    fragment = client.get(reverse("training:check_in", args=[training.pk, session.pk]), HTTP_HX_REQUEST="true")
    assert fragment.templates[0].name == "training/_qr.html"


def test_a_worker_cannot_open_the_check_in_page(client, city_tree):
    training = factories.make_training(city_tree["steel"])
    worker = city_tree["steel_worker"]
    services.enrol(actor=worker.user, training=training, worker=worker)
    page = _login(client, worker.user).get(reverse("training:check_in", args=[training.pk, training.sessions.get().pk]))
    assert page.status_code == 404


def test_the_teacher_opens_the_check_in_page(client, city_tree):
    teacher = factories.make_profile(city_tree["steel_worker"])
    training = factories.make_training(city_tree["steel"], teacher=teacher)
    page = _login(client, teacher.worker.user).get(
        reverse("training:check_in", args=[training.pk, training.sessions.get().pk])
    )
    assert page.status_code == 200


def test_scanning_checks_the_worker_in_once_and_says_so(client, city_tree):
    training = factories.make_training(city_tree["steel"])
    worker = city_tree["steel_worker"]
    services.enrol(actor=worker.user, training=training, worker=worker)
    url = reverse("training:scan", args=[checkin.make_token(training.sessions.get().pk)])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous.url  # logs in first, then comes back
    _login(client, worker.user)
    first = client.get(url)
    assert first.status_code == 200 and 'data-checked-in="new"' in first.content.decode()
    again = client.get(url)
    assert 'data-checked-in="again"' in again.content.decode()
    assert Attendance.objects.count() == 1


def test_scanning_without_a_place_is_refused_politely(client, city_tree):
    training = factories.make_training(city_tree["steel"])
    url = reverse("training:scan", args=[checkin.make_token(training.sessions.get().pk)])
    page = _login(client, city_tree["steel_worker"].user).get(url)
    assert page.status_code == 400 and "data-refused" in page.content.decode()
    assert not Attendance.objects.exists()


def test_roll_call_page_saves_ticks(client, city_tree):
    training = factories.make_training(city_tree["steel"])
    worker = city_tree["steel_worker"]
    enrolment = services.enrol(actor=worker.user, training=training, worker=worker)
    session = training.sessions.get()
    url = reverse("training:roll_call", args=[training.pk, session.pk])
    _login(client, training.admin)
    assert worker.name in client.get(url).content.decode()
    assert client.post(url, {"present": [enrolment.pk]}).status_code == 302
    assert Attendance.objects.get().method == "roll_call"


def test_a_worker_enrols_and_sees_the_training_in_my_trainings(client, city_tree):
    training = factories.make_training(city_tree["north"], on=timezone.localdate() + datetime.timedelta(days=2))
    worker = city_tree["steel_worker"]
    _login(client, worker.user)
    mine = client.get(reverse("training:mine")).content.decode()
    assert training.title in mine  # open to them
    detail = client.get(reverse("training:detail", args=[training.pk]))
    assert "data-enrol" in detail.content.decode()
    client.post(reverse("training:enrol", args=[training.pk]))
    assert training.enrolments.get().state == EnrolmentState.ENROLLED


def _completed(city_tree, mobile):
    worker = factories.make_worker(city_tree["steel"], name="赵大明", mobile=mobile)
    training = factories.make_training(city_tree["steel"], title="数控车床安全操作", hours="16")
    enrolment = services.enrol(actor=worker.user, training=training, worker=worker)
    services.roll_call(actor=training.admin, session=training.sessions.get(), present={enrolment.pk})
    services.training_complete(actor=training.admin, training=training)
    enrolment.refresh_from_db()
    return worker, training, enrolment


def test_the_certificate_is_a_pdf_carrying_its_code(client, city_tree):
    worker, _training, enrolment = _completed(city_tree, "13912345678")
    _login(client, worker.user)
    mine = client.get(reverse("training:mine")).content.decode()
    assert "data-certificate" in mine and f'data-year="{timezone.localdate().year}"' in mine
    response = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert enrolment.certificate_code.encode() in response.content
    other = factories.make_worker(city_tree["steel"])
    _login(client, other.user)
    assert client.get(reverse("training:certificate", args=[enrolment.pk])).status_code == 404


def test_the_verification_page_shows_the_certificate_and_no_personal_identifiers(client, city_tree):
    mobile = "13912345678"
    worker, training, enrolment = _completed(city_tree, mobile)
    page = client.get(reverse("training_verify:detail", args=[enrolment.certificate_code]))  # no account
    assert page.status_code == 200
    body = page.content.decode()
    assert "赵*明" in body and "赵大明" not in body
    assert training.title in body and "16.0" in body and training.organizer.name in body
    assert enrolment.completed_on.isoformat() in body
    id_number = worker.id_number if hasattr(worker, "id_number") else None
    for secret in (mobile, mobile[-4:] + "", worker.mobile_masked, worker.id_number_masked, id_number):
        if secret and len(secret) > 4:
            assert secret not in body
    assert worker.birth_date.isoformat() not in body
    assert not re.search(r"1[3-9]\d{9}", body)
    unknown = client.get(reverse("training_verify:detail", args=["NOSUCHCODE23"]))
    assert unknown.status_code == 404 and "data-unknown" in unknown.content.decode()
    form = client.get(reverse("training_verify:form"), {"code": enrolment.certificate_code.lower()})
    assert form.status_code == 302 and enrolment.certificate_code in form.url


def test_pair_pages_confirm_and_assess(client, city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    master = factories.make_profile(city_tree["steel_worker"])
    apprentice = factories.make_worker(steel)
    _login(client, admin)
    start = timezone.localdate() - datetime.timedelta(days=400)
    response = client.post(
        reverse("training:pair_new"),
        {
            "master": master.pk,
            "apprentice": apprentice.pk,
            "trade": "焊工",
            "goals": "取得高级工",
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=730)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    pair = master.apprenticeships.get()
    client.post(reverse("training:pair_decide", args=[pair.pk, "confirm"]), {"version": pair.version})
    pair.refresh_from_db()
    assert pair.state == "active"
    detail = client.get(reverse("training:pair", args=[pair.pk])).content.decode()
    assert "data-assess" in detail
    client.post(
        reverse("training:pair_decide", args=[pair.pk, "assess"]),
        {"passed": "1", "assessed_on": timezone.localdate().isoformat(), "version": pair.version},
    )
    pair.refresh_from_db()
    assert pair.state == "completed"
    assert client.get(reverse("training:pairs")).status_code == 200
