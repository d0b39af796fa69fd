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
