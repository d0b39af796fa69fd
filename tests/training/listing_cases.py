"""Rows of the trainings list for the generic list test (tests/listing_cases.py)."""

from tests import factories
from tests.listing_cases import PLACES, serial

# Who sees a training organised at each place (the organiser's union and those above it).
SEES = {
    "steel": {"city_admin@city", "district_admin@north", "enterprise_admin@steel"},
    "mill": {"city_admin@city", "district_admin@north"},
    "port": {"city_admin@city", "district_admin@south", "enterprise_admin@port"},
    "north": {"city_admin@city", "district_admin@north"},
    "city": {"city_admin@city"},
}


def trainings(city_tree, positions, n):
    made = {}
    for place in [place for place, _worker in PLACES] + ["north", "city"]:
        for _ in range(n):
            training = factories.make_training(city_tree[place], title=f"{place}培训{serial()}")
            made[training.title] = place
    visible = {p.label: {title for title, place in made.items() if p.label in SEES[place]} for p in positions}
    return set(made), visible


CASES = {"training.trainings": trainings}


def completions(city_tree, positions, n):
    """A completed training at each enterprise (its worker credited): seen by the worker's enterprise, its
    district and the city, whoever organised it."""
    from zhichuang.training import services

    made, seen_by = {}, {}
    for place, worker_key in PLACES:
        for _ in range(n):
            training = factories.make_training(city_tree[place], title=f"{place}结业{serial()}")
            worker = city_tree[worker_key]
            enrolment = services.enrol(actor=training.admin, training=training, worker=worker)
            services.roll_call(actor=training.admin, session=training.sessions.get(), present={enrolment.pk})
            services.training_complete(actor=training.admin, training=training)
            made[training.title] = place
    for title, place in made.items():
        seen_by[title] = SEES[place] - {"district_admin@north"} | (
            {"district_admin@north"} if place in ("steel", "mill") else set()
        )
    visible = {p.label: {t for t, who in seen_by.items() if p.label in who} for p in positions}
    return set(made), visible


CASES["training.completions"] = completions
