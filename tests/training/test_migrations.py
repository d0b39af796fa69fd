"""training 0004 counts the completions already recorded into the new rollup."""

import datetime

import pytest

from tests import factories
from tests.migrating import latest, migrate
from zhichuang.training import services
from zhichuang.training.models import ALL_YEARS, CompletionCount, TraineeCount

BEFORE = [("training", "0003_completion_indexes")]


@pytest.mark.django_db(transaction=True)
def test_the_completions_recorded_before_are_counted(city_tree):
    on = datetime.date(2026, 3, 9)
    training = factories.make_training(city_tree["steel"], hours="6", on=on)
    workers = (city_tree["steel_worker"], factories.make_worker(city_tree["steel"]))
    places = [services.enrol(actor=training.admin, training=training, worker=w) for w in workers]
    services.roll_call(actor=training.admin, session=training.sessions.get(), present={e.pk for e in places})
    services.training_complete(actor=training.admin, training=training, on=on)
    try:
        migrate(BEFORE)  # the rollup's tables go
    finally:
        migrate(latest())
    steel = city_tree["steel"].path
    figures = {
        (c.year, c.completions, str(c.hours), c.workers) for c in CompletionCount.objects.filter(node_path=steel)
    }
    assert figures == {(2026, 2, "12.0", 2), (ALL_YEARS, 2, "12.0", 2)}
    assert TraineeCount.objects.filter(node_path=city_tree["city"].path).count() == 4  # 2 workers × (2026, all)
