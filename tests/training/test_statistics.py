"""Training's statistics: hours per district, enterprise and worker, and 师带徒 pairs, each figure counting
the scope and opening a list whose count (and hours, and workers) is exactly the figure, at any size."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core import views as core_views
from zhichuang.core.views import grouped
from zhichuang.training import services
from zhichuang.training.statistics import training_section

pytestmark = pytest.mark.django_db


def _complete(training, *workers):
    places = [services.enrol(actor=training.admin, training=training, worker=w) for w in workers]
    services.roll_call(actor=training.admin, session=training.sessions.get(), present={e.pk for e in places})
    services.training_complete(actor=training.admin, training=training)


@pytest.fixture
def stocked(city_tree):
    t = city_tree
    colleague = factories.make_worker(t["steel"], name="赵敏")
    _complete(factories.make_training(t["steel"], hours="8"), t["steel_worker"], colleague)
    _complete(factories.make_training(t["city"], hours="12"), t["steel_worker"], t["port_worker"])
    _complete(factories.make_training(t["mill"], hours="4"), t["mill_worker"])
    # Enrolled but not completed: counts nowhere.
    services.enrol(actor=t["port_worker"].user, training=factories.make_training(t["port"]), worker=t["port_worker"])
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, t["steel"])
    master = factories.make_profile(factories.make_worker(t["steel"], name="师傅"))
    today = timezone.localdate()
    for name, passed in (("徒一", True), ("徒二", False), ("徒三", None)):
        pair = services.pair_propose(
            actor=admin,
            master=master,
            apprentice=factories.make_worker(t["steel"], name=name),
            trade="钳工",
            goals="掌握钳工技能",
            starts_on=today - datetime.timedelta(days=400),
            ends_on=today - datetime.timedelta(days=400) + datetime.timedelta(days=366),
        )
        services.pair_confirm(actor=admin, pair=pair)
        if passed is not None:
            services.pair_assess(
                actor=admin, pair=pair.__class__.objects.get(pk=pair.pk), passed=passed, assessed_on=today
            )
    return {
        "city": factories.make_admin(Role.CITY_ADMIN, t["city"]),
        "north": factories.make_admin(Role.DISTRICT_ADMIN, t["north"]),
        "steel": admin,
        "tree": t,
    }


def _figures(section):
    yield from section["training_totals"].values()
    for row in section["training_districts"] + section["training_enterprises"]:
        yield from (row.completions, row.workers, row.hours)
    for _name, _employer, completions, hours in section["training_workers"]:
        yield from (completions, hours)
    yield from section["training_pairs"].values()


def test_the_figures_count_the_scope(stocked):
    year = timezone.localdate().year
    city = training_section(user=stocked["city"], year=year)
    totals = {k: f.value for k, f in city["training_totals"].items()}
    assert totals == {"completions": 5, "workers": 4, "hours": Decimal("44.0")}
    assert city["training_per_worker"] == Decimal("11.0")
    assert [(r.name, r.completions.value, r.workers.value, r.hours.value) for r in city["training_districts"]] == [
        ("北区总工会", 4, 3, Decimal("32.0")),
        ("南区总工会", 1, 1, Decimal("12.0")),
    ]
    assert [(r.name, r.hours.value) for r in city["training_enterprises"]] == [
        ("北钢集团", Decimal("28.0")),
        ("南港公司", Decimal("12.0")),
        ("北纺厂", Decimal("4.0")),
    ]
    assert next((n, h.value) for n, _e, _c, h in city["training_workers"]) == ("张伟", Decimal("20.0"))
    pairs = {k: f.value for k, f in city["training_pairs"].items()}
    assert pairs == {"active": 1, "started": 0, "passed": 1, "failed": 1}  # the three started last year
    # The steel enterprise's union: its own workers' hours, whoever organised the training.
    steel = training_section(user=stocked["steel"], year=year)
    assert {k: f.value for k, f in steel["training_totals"].items()} == {
        "completions": 3,
        "workers": 2,
        "hours": Decimal("28.0"),
    }
    assert steel["training_districts"] == []
    # Another year: nothing.
    assert training_section(user=stocked["city"], year=year - 3)["training_totals"]["hours"].value == 0


@pytest.mark.parametrize("who", ["city", "north", "steel"])
def test_every_figure_opens_a_list_of_exactly_its_count(stocked, monkeypatch, who):
    monkeypatch.setattr(core_views, "LIST_COUNT_CAP", 1)
    user = stocked[who]
    client = Client()
    client.force_login(user)
    checked = 0
    for figure in _figures(training_section(user=user, year=timezone.localdate().year)):
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        context = response.context
        if figure.url_name == "training:pairs":
            assert context["page"].count_label == grouped(figure.value), figure.filters
        else:
            totals = context["totals"]
            assert figure.value == totals[figure.measure], (figure.measure, figure.filters)
            assert context["page"].count_label == grouped(totals["count"])
        checked += 1
    assert checked >= 10
    statistics = client.get("/statistics/").content.decode()
    assert 'data-figure="training-hours"' in statistics
