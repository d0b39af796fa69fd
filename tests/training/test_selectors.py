"""Who sees which trainings and pairs: the district its district's, the enterprise its own, the worker
their own enrolments and pairs and the open trainings they may join; nothing else (404 on the pages)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import NotFound
from zhichuang.training import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings(city_tree):
    made = {
        place: factories.make_training(city_tree[place], title=f"{place}培训")
        for place in ("city", "north", "south", "steel", "mill", "port")
    }
    draft_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    made["steel_draft"] = services.training_create(
        actor=draft_admin, organizer=city_tree["steel"], title="steel草稿", capacity=5, hours="2"
    )
    return made


def _titles(user):
    return {t.title for t in selectors.training_list(user=user)}


def test_a_district_admin_sees_its_districts_trainings_only(city_tree, trainings):
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    assert _titles(north) == {"north培训", "steel培训", "mill培训", "steel草稿"}


def test_an_enterprise_admin_sees_its_own_trainings_only(city_tree, trainings):
    port = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"])
    assert _titles(port) == {"port培训"}


def test_a_worker_sees_the_open_trainings_covering_them_and_their_own(city_tree, trainings):
    worker = city_tree["steel_worker"]
    # Open ones organised above or at the employer; not the draft, not another district's or enterprise's.
    assert {t.title for t in selectors.joinable_trainings(worker=worker)} == {"city培训", "north培训", "steel培训"}
    assert _titles(worker.user) == set()  # the admin list: enrolled in none yet
    services.enrol(actor=worker.user, training=trainings["steel"], worker=worker)
    assert _titles(worker.user) == {"steel培训"}
    assert {t.title for t in selectors.joinable_trainings(worker=worker)} == {"city培训", "north培训"}
    with pytest.raises(NotFound):
        selectors.training_get(user=worker.user, pk=trainings["mill"].pk)
    with pytest.raises(NotFound):
        selectors.training_get(user=worker.user, pk=trainings["steel_draft"].pk)
    assert selectors.training_get(user=worker.user, pk=trainings["city"].pk).title == "city培训"


def test_a_teacher_sees_the_training_they_teach_and_nobody_else_outside_the_scope_does(city_tree, trainings):
    teacher = city_tree["port_worker"]
    trainings["mill"].teacher = factories.make_profile(teacher)
    trainings["mill"].save(update_fields=["teacher"])
    assert _titles(teacher.user) == {"mill培训"}  # found by the teacher's worker, not by the scope
    assert "mill培训" not in _titles(city_tree["steel_worker"].user)
    assert selectors.training_get(user=teacher.user, pk=trainings["mill"].pk).title == "mill培训"


def test_pages_outside_the_scope_answer_404(client, city_tree, trainings):
    port = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"])
    client.force_login(port)
    assert client.get(reverse("training:detail", args=[trainings["steel"].pk])).status_code == 404
    assert client.get(reverse("training:detail", args=[trainings["port"].pk])).status_code == 200
    session = trainings["steel"].sessions.get()
    assert client.get(reverse("training:roll_call", args=[trainings["steel"].pk, session.pk])).status_code == 404
    client.force_login(city_tree["port_worker"].user)
    assert client.get(reverse("training:detail", args=[trainings["steel"].pk])).status_code == 404
    assert client.get(reverse("training:list")).status_code == 404  # the union's list


def test_pairs_are_seen_by_their_enterprise_district_and_the_two_people(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    master = factories.make_profile(city_tree["steel_worker"])
    apprentice = factories.make_worker(steel, name="徒弟甲")
    start = timezone.localdate()
    pair = services.pair_propose(
        actor=admin,
        master=master,
        apprentice=apprentice,
        trade="钳工",
        goals="目标",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=400),
    )
    sees = {
        "north": factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]),
        "steel": admin,
        "master": city_tree["steel_worker"].user,
        "apprentice": apprentice.user,
    }
    blind = {
        "south": factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]),
        "mill": factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["mill"]),
        "colleague": factories.make_worker(steel).user,
        "port_worker": city_tree["port_worker"].user,
    }
    for user in sees.values():
        assert list(selectors.pair_list(user=user)) == [pair]
    for user in blind.values():
        assert list(selectors.pair_list(user=user)) == []
        with pytest.raises(NotFound):
            selectors.pair_get(user=user, pk=pair.pk)
    assert pair.state == "proposed"


def test_the_record_section_gives_this_years_hours_and_completions(city_tree):
    from zhichuang.training.record import training_hours

    worker = city_tree["steel_worker"]
    training = factories.make_training(city_tree["steel"], hours="6.5")
    enrolment = services.enrol(actor=worker.user, training=training, worker=worker)
    services.roll_call(actor=training.admin, session=training.sessions.get(), present={enrolment.pk})
    services.training_complete(actor=training.admin, training=training)
    part = training_hours(worker, user=None)
    assert part.figures == {"training.hours": 6.5, "training.completed": 1} and part.items == ()
    shown = training_hours(worker, user=worker.user)
    assert [item.title for item in shown.items] == [training.title] and shown.items[0].url
    blind = training_hours(worker, user=factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"]))
    assert blind.items == () and blind.total == 1
