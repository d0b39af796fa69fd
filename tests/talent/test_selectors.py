"""Who sees which profile and honour: the scoping rules, with the records that must not be seen."""

import datetime

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import NotFound
from zhichuang.talent import selectors
from zhichuang.talent.enums import TalentCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(pool):
    t = pool.tree
    return {
        "steel": factories.make_profile(t["steel_worker"], expertise="数控加工、液压系统维修", biography="二十年车工"),
        "mill": factories.make_profile(t["mill_worker"], expertise="纺织设备"),
        "port": factories.make_profile(t["port_worker"], expertise="港口机械"),
        "external": factories.make_profile(name="王教授", expertise="材料腐蚀"),
    }


def _names(rows):
    return sorted(p.name for p in (rows.page_rows(0, 100) if hasattr(rows, "page_rows") else rows))


def test_each_union_sees_its_own_people(pool, people):
    t = pool.tree
    assert _names(selectors.profile_list(user=pool.city)) == ["张伟", "李娜", "王强", "王教授"]
    assert _names(selectors.profile_list(user=pool.north)) == ["张伟", "李娜"]
    assert _names(selectors.profile_list(user=pool.south)) == ["王强"]
    assert _names(selectors.profile_list(user=pool.steel_admin)) == ["张伟"]
    assert _names(selectors.profile_list(user=t["steel_worker"].user)) == ["张伟"]  # their own
    assert _names(selectors.profile_list(user=factories.make_admin(Role.EVALUATOR, t["steel"]))) == []
    assert _names(selectors.profile_list(user=factories.make_admin(Role.FINANCE, t["mill"]))) == []
    with pytest.raises(NotFound):
        selectors.profile_get(user=pool.north, pk=people["port"].pk)
    with pytest.raises(NotFound):
        selectors.profile_get(user=t["mill_worker"].user, pk=people["steel"].pk)


def test_search_reads_name_expertise_biography_and_methods_within_scope(pool, people):
    assert _names(selectors.profile_list(user=pool.city, q="液压")) == ["张伟"]
    assert _names(selectors.profile_list(user=pool.city, q="车工")) == ["张伟"]
    assert _names(selectors.profile_list(user=pool.south, q="液压")) == []
    assert _names(selectors.profile_list(user=pool.city, q="腐蚀")) == ["王教授"]


def test_filters_by_category_level_honour_and_district(pool, people):
    factories.make_honour(people["steel"], "市工匠", year=2023)
    factories.make_honour(people["port"], "企业工匠", year=2024)
    craftsmen = selectors.profile_list(user=pool.city, category=TalentCategory.CRAFTSMAN)
    assert _names(craftsmen) == ["张伟", "王强"]
    assert _names(selectors.profile_list(user=pool.city, category=TalentCategory.CRAFTSMAN, level="city")) == ["张伟"]
    assert _names(selectors.profile_list(user=pool.north, category=TalentCategory.CRAFTSMAN)) == ["张伟"]
    assert _names(selectors.profile_list(user=pool.city, district=pool.tree["south"].pk)) == ["王强"]
    from zhichuang.talent.models import HonourType

    assert _names(selectors.profile_list(user=pool.city, honour_type=HonourType.objects.get(name="市工匠"))) == ["张伟"]


def test_honours_are_seen_where_their_people_are(pool, people):
    steel = factories.make_honour(people["steel"], "市工匠", year=2023, state="nominated")
    port = factories.make_honour(people["port"], "企业工匠", year=2024, state="nominated")
    assert {h.pk for h in selectors.honour_list(user=pool.north)} == {steel.pk}
    assert {h.pk for h in selectors.honour_list(user=pool.south)} == {port.pk}
    assert {h.pk for h in selectors.honour_list(user=pool.tree["steel_worker"].user)} == {steel.pk}
    with pytest.raises(NotFound):
        selectors.honour_get(user=pool.tree["port_worker"].user, pk=steel.pk)


def test_the_public_pages_read_only_what_each_person_chose(pool, people):
    from zhichuang.talent import services

    services.consent_save(
        actor=pool.tree["steel_worker"].user, profile=people["steel"], parts=["public", "public_methods"]
    )
    services.consent_save(actor=pool.tree["mill_worker"].user, profile=people["mill"], parts=["public_biography"])
    listed = list(selectors.public_profiles())
    assert [p.name for p in listed] == ["张伟"]
    (steel,) = listed
    assert (steel.shown_biography, steel.shown_photo) == ("", "")  # not chosen: not even read
    assert selectors.public_honours(steel) == []
    with pytest.raises(NotFound):
        selectors.public_profile_get(people["mill"].pk)


def test_the_skill_level_filter_reads_the_level_the_profile_keeps(pool, people):
    """The level is the profile's copy of the worker's: it follows the ledger, the people pages (any save of
    the worker) and a transfer; an external person has none."""
    from zhichuang.accounts.enums import SkillLevel
    from zhichuang.accounts.services import worker_change_employer, worker_update
    from zhichuang.talent import services

    t = pool.tree
    services.skill_level_enter(
        actor=pool.steel_admin, worker=t["steel_worker"], level=SkillLevel.LEVEL_2, awarded_on=datetime.date(2022, 3, 1)
    )
    worker_update(actor=factories.make_admin(Role.ENTERPRISE_ADMIN, t["mill"]), worker=t["mill_worker"], skill_level=2)
    worker_update(actor=None, worker=t["port_worker"], skill_level=SkillLevel.LEVEL_3)
    technicians = selectors.profile_list(user=pool.city, skill_level=SkillLevel.LEVEL_2)
    assert _names(technicians) == ["张伟", "李娜"]
    assert _names(selectors.profile_list(user=pool.south, skill_level=SkillLevel.LEVEL_2)) == []  # 李娜 is north's
    assert _names(selectors.profile_list(user=pool.city, skill_level=SkillLevel.LEVEL_3)) == ["王强"]
    people["port"].refresh_from_db()
    assert (people["port"].skill_level, people["port"].categories) == (SkillLevel.LEVEL_3, "高技能人才")
    assert people["external"].skill_level is None

    # 李娜 moves to the port: her profile lies with her new employer, under the south's scope.
    worker_change_employer(actor=None, worker=t["mill_worker"], employer=t["port"])
    assert _names(selectors.profile_list(user=pool.south, skill_level=SkillLevel.LEVEL_2)) == ["李娜"]
    assert _names(selectors.profile_list(user=pool.north)) == ["张伟"]
    moved = selectors.profile_get(user=pool.south, pk=people["mill"].pk)
    assert (moved.organization, moved.district) == (t["port"], t["south"])
