"""Training's API reads and writes through the same selectors and services as the pages: the trainings of
the caller's scope (another district's and another enterprise's never), enrolment with its waiting list,
the QR check-in and the roll call, and the worker's own record of hours per year; refusals in Chinese."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.training import checkin, services
from zhichuang.training.models import Attendance, Enrolment, Training

pytestmark = pytest.mark.django_db


def _api(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _titles(response) -> set[str]:
    return {item["title"] for item in response.json()["items"]}


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_trainings_of_each_scope_and_the_ones_a_worker_may_join(city_tree):
    for place in ("city", "north", "south", "steel", "mill", "port"):
        factories.make_training(city_tree[place], title=f"{place}培训")
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    steel = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    assert _titles(_api(north).get("/api/v1/trainings")) == {"north培训", "steel培训", "mill培训"}
    assert _titles(_api(steel).get("/api/v1/trainings")) == {"steel培训"}
    assert _titles(_api(steel).get("/api/v1/trainings", {"q": "mill"})) == set()
    item = _api(steel).get("/api/v1/trainings").json()["items"][0]
    assert (item["organizer"], item["state"], item["state_label"], item["capacity"], item["enrolled"]) == (
        "北钢集团",
        "open",
        "报名中",
        10,
        0,
    )
    # A worker opens the trainings they may join (their employer's, its district's, the city's), not others.
    worker = _api(city_tree["steel_worker"].user)
    for place, seen in (("city", 200), ("north", 200), ("steel", 200), ("south", 404), ("mill", 404), ("port", 404)):
        training = Training.objects.get(title=f"{place}培训")
        assert worker.get(f"/api/v1/trainings/{training.pk}").status_code == seen, place


@pytest.mark.parametrize(
    ("params", "field"),
    [({"state": "running"}, "state"), ({"q": "x" * 101}, "q"), ({"limit": 1000}, "limit"), ({"offset": -1}, "offset")],
)
def test_bad_list_filters_are_refused(city_tree, params, field):
    response = _api(factories.make_admin(Role.CITY_ADMIN, city_tree["city"])).get("/api/v1/trainings", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == "部分填写内容无效。" and field in {key.split(".")[0] for key in error["details"]}


def test_a_worker_enrols_on_the_phone_and_the_full_training_puts_the_next_on_the_waiting_list(city_tree):
    steel = city_tree["steel"]
    training = factories.make_training(steel, capacity=1, on=timezone.localdate() + datetime.timedelta(days=3))
    first, second = city_tree["steel_worker"], factories.make_worker(steel, name="赵敏")
    url = f"/api/v1/trainings/{training.pk}/enrolments"
    mine = _post(_api(first.user), url)
    assert mine.status_code == 201
    assert (mine.json()["state"], mine.json()["worker"], mine.json()["waiting_position"]) == ("enrolled", "张伟", None)
    waiting = _post(_api(second.user), url).json()
    assert (waiting["state"], waiting["state_label"], waiting["waiting_position"]) == ("waiting", "候补中", 1)
    again = _post(_api(first.user), url)
    assert again.status_code == 409 and again.json()["error"]["message"] == "张伟 已报名。"
    detail = _api(first.user).get(f"/api/v1/trainings/{training.pk}").json()
    assert (detail["own"]["state"], detail["may_enrol"], detail["may_cancel"], detail["enrolments"]) == (
        "enrolled",
        False,
        True,
        [],
    )
    manager = _api(training.admin).get(f"/api/v1/trainings/{training.pk}").json()
    assert [(e["worker"], e["state"], e["waiting_position"]) for e in manager["enrolments"]] == [
        ("张伟", "enrolled", None),
        ("赵敏", "waiting", 1),
    ]
    # Cancelling frees the place for the first on the waiting list.
    cancelled = _post(_api(first.user), f"/api/v1/trainings/enrolments/{mine.json()['id']}/cancel")
    assert cancelled.json()["state"] == "cancelled"
    assert Enrolment.objects.get(pk=waiting["id"]).state == "enrolled"
    # Someone else's place is not found; nor is a worker's enrolment in a closed training's session.
    other = factories.make_worker(city_tree["mill"])
    response = _post(_api(other.user), f"/api/v1/trainings/enrolments/{waiting['id']}/cancel")
    assert response.status_code == 404


def test_an_enterprise_enrols_its_own_workers_only(city_tree):
    training = factories.make_training(city_tree["north"])
    steel = _api(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    url = f"/api/v1/trainings/{training.pk}/enrolments"
    # The district's training is not the steel union's to see: it names it by the worker it enrols.
    north = _api(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    made = _post(north, url, {"worker_id": city_tree["steel_worker"].pk})
    assert made.status_code == 201 and made.json()["employer"] == "北钢集团"
    # Another district's worker is outside the union's scope: not found, nothing written.
    response = _post(north, url, {"worker_id": city_tree["port_worker"].pk})
    assert response.status_code == 404
    assert not Enrolment.objects.filter(worker=city_tree["port_worker"]).exists()
    # An enterprise union does not see the district's training at all.
    assert _post(steel, url, {"worker_id": city_tree["mill_worker"].pk}).status_code == 404
    # A closed training refuses, in Chinese.
    services.training_move(actor=training.admin, training=training, to_state="closed")
    refused = _post(north, url, {"worker_id": city_tree["mill_worker"].pk})
    assert refused.status_code == 400 and refused.json()["error"]["message"] == "该培训未开放报名。"
    for body in ({"worker_id": 0}, {"worker_id": "x"}, {"worker_id": 2**63}):
        assert _post(north, url, body).status_code == 422


def test_a_non_worker_cannot_enrol_themselves(city_tree):
    training = factories.make_training(city_tree["steel"])
    response = _post(_api(training.admin), f"/api/v1/trainings/{training.pk}/enrolments")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "只有职工本人可以报名；工会报名时请指明职工。"


def test_qr_check_in_and_the_roll_call(city_tree):
    training = factories.make_training(city_tree["steel"])  # its session is today
    worker = city_tree["steel_worker"]
    enrolment = services.enrol(actor=worker.user, training=training, worker=worker)
    colleague = factories.make_worker(city_tree["steel"], name="赵敏")
    other = services.enrol(actor=colleague.user, training=training, worker=colleague)
    session = training.sessions.get()
    token = checkin.make_token(session.pk)
    phone = _api(worker.user)
    first = _post(phone, "/api/v1/trainings/check-in", {"token": token}).json()
    assert (first["training"], first["session_id"], first["method"], first["checked_in_now"]) == (
        training.title,
        session.pk,
        "qr",
        True,
    )
    assert _post(phone, "/api/v1/trainings/check-in", {"token": token}).json()["checked_in_now"] is False
    # Refusals in words: a forged code, a code of someone not enrolled, an empty one.
    forged = _post(phone, "/api/v1/trainings/check-in", {"token": token[:-2] + "xx"})
    assert forged.status_code == 400 and forged.json()["error"]["message"] == "这不是培训签到二维码。"
    stranger = _post(
        _api(factories.make_worker(city_tree["steel"]).user), "/api/v1/trainings/check-in", {"token": token}
    )
    assert stranger.status_code == 400 and stranger.json()["error"]["message"] == "您未报名该培训，不能签到。"
    assert _post(phone, "/api/v1/trainings/check-in", {"token": ""}).status_code == 422
    # The organiser's roll call: the roll, then ticks.
    roll_url = f"/api/v1/trainings/{training.pk}/sessions/{session.pk}/roll"
    organiser = _api(training.admin)
    assert [(r["worker"], r["present"], r["method"]) for r in organiser.get(roll_url).json()] == [
        ("张伟", True, "qr"),
        ("赵敏", False, None),
    ]
    saved = organiser.put(roll_url, {"present": [other.pk]}, content_type="application/json").json()
    assert (saved["added"], saved["removed"]) == (1, 1)
    assert set(Attendance.objects.values_list("enrolment_id", "method")) == {(other.pk, "roll_call")}
    bad = organiser.put(roll_url, {"present": [enrolment.pk, 999999]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "只能勾选已报名该培训的职工。"
    # The roll is the organiser's and the teacher's: a worker, another enterprise's union and another
    # district's see nothing.
    for user in (
        worker.user,
        factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["mill"]),
        factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]),
    ):
        assert _api(user).get(roll_url).status_code == 404
        assert _api(user).put(roll_url, {"present": []}, content_type="application/json").status_code == 404
    assert Attendance.objects.count() == 1


def test_the_workers_record_has_hours_per_year_and_no_personal_data(city_tree):
    worker = city_tree["steel_worker"]
    training = factories.make_training(city_tree["steel"], hours="12")
    services.enrol(actor=worker.user, training=training, worker=worker)
    services.roll_call(
        actor=training.admin,
        session=training.sessions.get(),
        present=set(training.enrolments.values_list("pk", flat=True)),
    )
    services.training_complete(actor=training.admin, training=training)
    response = _api(worker.user).get("/api/v1/me/trainings")
    body = response.json()
    year = timezone.localdate().year
    assert body["years"] == [{"year": year, "hours": "12.0", "completed": 1}]
    assert [(e["training_id"], e["hours_credited"], len(e["certificate_code"])) for e in body["enrolments"]] == [
        (training.pk, "12.0", 12)
    ]
    raw = response.content.decode()
    for secret in (worker.reveal_id_number(), worker.reveal_mobile(), worker.birth_date.isoformat()):
        assert secret not in raw
    refused = _api(training.admin).get("/api/v1/me/trainings")
    assert refused.status_code == 404 and refused.json()["error"]["message"] == "只有职工才有培训记录。"
