"""The completions' rollup: each node's and year's (and every year's) completions, hours and distinct workers,
kept by training_complete and equal to a rebuild from the enrolments; and the completions list's header read
from it, against the rows' own count."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.test import Client

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.training import services
from zhichuang.training.models import ALL_YEARS, CompletionCount, Enrolment, TraineeCount
from zhichuang.training.rollup import completion_figures, completions_rebuild

pytestmark = pytest.mark.django_db

LAST_YEAR = datetime.date(2025, 6, 2)
THIS_YEAR = datetime.date(2026, 3, 9)


def _complete(training, *workers, on):
    places = [services.enrol(actor=training.admin, training=training, worker=w) for w in workers]
    services.roll_call(actor=training.admin, session=training.sessions.get(), present={e.pk for e in places})
    services.training_complete(actor=training.admin, training=training, on=on)


@pytest.fixture
def done(city_tree):
    """张伟 twice this year and once last year, 王强 once, 李娜 enrolled but absent (no completion)."""
    t = city_tree
    _complete(factories.make_training(t["steel"], hours="8", on=LAST_YEAR), t["steel_worker"], on=LAST_YEAR)
    _complete(
        factories.make_training(t["city"], hours="12", on=THIS_YEAR), t["steel_worker"], t["port_worker"], on=THIS_YEAR
    )
    _complete(factories.make_training(t["steel"], hours="4.5", on=THIS_YEAR), t["steel_worker"], on=THIS_YEAR)
    absent = factories.make_training(t["mill"], on=THIS_YEAR)
    services.enrol(actor=absent.admin, training=absent, worker=t["mill_worker"])
    services.training_complete(actor=absent.admin, training=absent, on=THIS_YEAR)
    return t


def _rollup():
    counts = {(c.node_path, c.year): (c.completions, c.hours, c.workers) for c in CompletionCount.objects.all()}
    trainees = set(TraineeCount.objects.values_list("node_path", "year", "worker_id", "completions"))
    return counts, trainees


def _two_enterprises(t):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, t["steel"])
    factories.grant(admin, Role.ENTERPRISE_ADMIN, t["port"])
    return admin


def test_each_node_counts_its_completions_hours_and_distinct_workers(done):
    t = done
    counts, _ = _rollup()
    city, north, south = t["city"].path, t["north"].path, t["south"].path
    steel, port, mill = t["steel"].path, t["port"].path, t["mill"].path
    assert counts[(city, ALL_YEARS)] == (4, Decimal("36.5"), 2)
    assert counts[(city, 2026)] == (3, Decimal("28.5"), 2)
    assert counts[(city, 2025)] == (1, Decimal("8.0"), 1)
    assert counts[(north, ALL_YEARS)] == counts[(steel, ALL_YEARS)] == (3, Decimal("24.5"), 1)
    assert counts[(south, 2026)] == counts[(port, 2026)] == (1, Decimal("12.0"), 1)
    assert (port, 2025) not in counts and (mill, 2026) not in counts  # no completion: no row
    # Every figure is what the enrolments themselves give.
    for (node, year), figures in counts.items():
        rows = Enrolment.objects.filter(completed_on__isnull=False, org_path__startswith=node)
        if year != ALL_YEARS:
            rows = rows.filter(completed_on__year=year)
        direct = rows.aggregate(n=Count("pk"), h=Sum("hours_credited"), w=Count("worker", distinct=True))
        assert figures == (direct["n"], direct["h"], direct["w"]), (node, year)


def test_a_rebuild_gives_the_rollup_the_completions_kept(done):
    kept = _rollup()
    CompletionCount.objects.update(completions=99)
    TraineeCount.objects.filter(year=ALL_YEARS).delete()
    assert completions_rebuild() == 4
    assert _rollup() == kept


def test_the_list_header_is_one_node_s_row(done):
    t = done
    city = factories.make_admin(Role.CITY_ADMIN, t["city"])
    north = factories.make_admin(Role.DISTRICT_ADMIN, t["north"])
    assert completion_figures(user=city) == {"count": 4, "hours": Decimal("36.5"), "workers": 2}
    assert completion_figures(user=city, year=2026, district=t["south"]) == {
        "count": 1,
        "hours": Decimal("12.0"),
        "workers": 1,
    }
    assert completion_figures(user=north, year=2025, enterprise=t["steel"])["count"] == 1
    # A district's union asking for the other district's enterprise, or a year without completions: nothing.
    nothing = {"count": 0, "hours": Decimal(0), "workers": 0}
    assert completion_figures(user=north, enterprise=t["port"]) == nothing
    assert completion_figures(user=city, year=2020) == nothing
    # Two subtrees (an admin of two enterprises): the rows are counted, not read from one node.
    assert completion_figures(user=_two_enterprises(t)) is None


@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        ("city", {}, (4, Decimal("36.5"), 2)),
        ("city", {"year": 2025}, (1, Decimal("8.0"), 1)),
        ("north", {"year": 2026}, (2, Decimal("16.5"), 1)),
        ("two", {}, (4, Decimal("36.5"), 2)),  # counted from the rows
        ("city", {"worker": "steel_worker"}, (3, Decimal("24.5"), 1)),  # a worker's: counted from the rows
    ],
)
def test_the_completions_page_shows_the_same_totals_either_way(done, who, query, expected):
    t = done
    users = {
        "city": lambda: factories.make_admin(Role.CITY_ADMIN, t["city"]),
        "north": lambda: factories.make_admin(Role.DISTRICT_ADMIN, t["north"]),
        "two": lambda: _two_enterprises(t),
    }
    client = Client()
    client.force_login(users[who]())
    if "worker" in query:
        query = {"worker": t[query["worker"]].pk}
    response = client.get("/training/hours/", query)
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals["count"], totals["hours"], totals["workers"]) == expected
    assert response.context["page"].count_label == str(expected[0])
    assert len(response.context["page"].rows) == expected[0]
