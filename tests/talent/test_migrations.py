"""talent 0003 gives every worker's profile the worker's skill level (kept from then on by profile_refresh and
the worker's saves)."""

import pytest

from tests import factories
from tests.migrating import latest, migrate
from zhichuang.accounts.enums import SkillLevel
from zhichuang.accounts.models import Worker
from zhichuang.talent.models import TalentProfile

BEFORE = [("talent", "0002_honour_list_and_search")]


@pytest.mark.django_db(transaction=True)
def test_the_profiles_take_their_workers_levels(city_tree):
    factories.seed_honour_list()
    steel, port = city_tree["steel_worker"], city_tree["port_worker"]
    profiles = [factories.make_profile(steel), factories.make_profile(port), factories.make_profile(name="王教授")]
    try:
        migrate(BEFORE)
        Worker.objects.filter(pk=steel.pk).update(skill_level=SkillLevel.LEVEL_2)  # levels as they stood before
    finally:
        migrate(latest())
    levels = dict(TalentProfile.objects.filter(pk__in=[p.pk for p in profiles]).values_list("name", "skill_level"))
    assert levels == {steel.name: SkillLevel.LEVEL_2, port.name: None, "王教授": None}
