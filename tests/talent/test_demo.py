"""The talent pool's demo step: profiles with honours at every level and in every state, histories of skill
levels, people of the partner organisations, consent, and categories that follow from each record."""

import pytest

from tests import factories
from tests.proposals.test_demo import AS_OF, SMALL_CITY
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import DemoContext
from zhichuang.demo.generator import generate_city
from zhichuang.talent import selectors
from zhichuang.talent.demo import demo_talent
from zhichuang.talent.enums import HonourLevel, HonourState
from zhichuang.talent.models import Honour, HonourTransition, ProfileCategory, SkillLevelEntry, TalentProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_city():
    built = generate_city(seed=3, size=SMALL_CITY)
    admin = factories.make_admin(Role.CITY_ADMIN, built.city)
    context = DemoContext(city=built.city, workers=900, seed=3, as_of=AS_OF, accounts={"city-admin": admin.pk})
    return built, admin, demo_talent(context)


def test_the_demo_pool_has_every_level_state_and_category_from_evidence(pool_city):
    built, _admin, counts = pool_city
    externals = TalentProfile.objects.filter(worker__isnull=True)
    assert counts["talent_profiles"] == TalentProfile.objects.count() == 18 + externals.count()
    assert externals.count() and not externals.exclude(organization__kind="partner").exists()
    assert set(Honour.objects.values_list("honour_type__level", flat=True)) == set(HonourLevel.values)
    assert {HonourState.CONFIRMED, HonourState.NOMINATED} <= set(Honour.objects.values_list("state", flat=True))
    # Every honour's history is the workflow's: it starts with the nomination and ends in its state.
    for honour in Honour.objects.all()[:50]:
        steps = list(HonourTransition.objects.filter(honour=honour).order_by("at", "id"))
        assert steps[0].data == {"action": "honour_nominate"} and steps[-1].to_state == honour.state
    # Categories follow from the record: a confirmed craftsman honour makes a craftsman, a nomination does not.
    for profile in TalentProfile.objects.filter(worker__isnull=False)[:60]:
        confirmed = Honour.objects.filter(
            profile=profile, state=HonourState.CONFIRMED, honour_type__category="craftsman"
        )
        held = ProfileCategory.objects.filter(profile=profile, category="craftsman").exists()
        assert held == confirmed.exists(), profile.name
    # Skill levels: the worker's level is the last certificate's.
    entry = SkillLevelEntry.objects.order_by("worker", "-awarded_on").first()
    assert entry.worker.skill_level == entry.level
    # Some chose to be listed; what they did not choose is not read.
    public = list(selectors.public_profiles())
    assert 0 < len(public) < TalentProfile.objects.count()
    assert all(p.shown_biography == "" for p in public if not p.public_biography)
    # The district sees its own pool only.
    district = built.districts[0]
    seen = selectors.profile_list(user=factories.make_admin(Role.DISTRICT_ADMIN, district))
    assert seen.exists() and not seen.exclude(org_path__startswith=district.path).exists()


def test_the_same_seed_makes_the_same_pool(pool_city):
    _built, _admin, _counts = pool_city
    first = list(TalentProfile.objects.order_by("pk").values_list("name", "position", "expertise", "categories"))
    assert len(first) > 15 and len({row[1] for row in first}) > 3
