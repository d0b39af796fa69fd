"""Profiles, consent, honours through their workflow, categories from evidence, and the skill-level ledger."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.accounts.enums import SkillLevel
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.talent import services
from zhichuang.talent.enums import HonourState, SkillEntryState, TalentCategory
from zhichuang.talent.models import Honour, HonourTransition, HonourType, ProfileCategory, SkillLevelEntry

pytestmark = pytest.mark.django_db
H = HonourState


def _type(name):
    return HonourType.objects.get(name=name)


def test_a_union_creates_its_workers_profile_only(pool):
    profile = services.profile_create(actor=pool.steel_admin, worker=pool.worker, position="班组长")
    assert (profile.name, profile.organization, profile.org_path) == (
        "张伟",
        pool.tree["steel"],
        pool.tree["steel"].path,
    )
    assert profile.district == pool.tree["north"]
    with pytest.raises(Conflict):
        services.profile_create(actor=pool.steel_admin, worker=pool.worker)
    with pytest.raises(PermissionDenied):
        services.profile_create(actor=pool.port_admin, worker=pool.tree["mill_worker"])
    with pytest.raises(PermissionDenied):  # an external person is the city's to enter
        services.profile_create(actor=pool.north, name="王教授")


def test_the_city_enters_an_external_person_of_a_partner_organisation(pool):
    university = factories.make_partner("示范大学")
    profile = services.profile_create(actor=pool.city, name="王教授", organization=university, expertise="材料")
    assert (profile.worker, profile.organization, profile.org_path, profile.district) == (
        None,
        university,
        pool.tree["city"].path,
        None,
    )
    with pytest.raises(ValidationFailed) as refused:
        services.profile_create(actor=pool.city, name="李", organization=pool.tree["steel"])
    assert refused.value.details == {"organization": ["请选择合作单位。"]}


def test_bad_profile_input_is_refused_and_nothing_is_written(pool):
    with pytest.raises(ValidationFailed) as refused:
        services.profile_create(actor=pool.steel_admin, worker=pool.worker, biography="长" * 2001)
    assert (
        refused.value.details == {"biography": ["请输入不超过 2000 个字符的文本。"]}
        or "biography" in refused.value.details
    )
    assert not services.TalentProfile.objects.exists()


def test_consent_is_the_person_s_own_and_nothing_is_public_unless_listed(pool):
    profile = factories.make_profile(pool.worker)
    with pytest.raises(PermissionDenied):
        services.consent_save(actor=pool.steel_admin, profile=profile, parts=["public"])
    saved = services.consent_save(actor=pool.worker.user, profile=profile, parts=["public_biography"])
    assert not saved.public and not saved.public_biography  # not listed: nothing shows
    saved = services.consent_save(actor=pool.worker.user, profile=profile, parts=["public", "public_honours"])
    assert (saved.public, saved.public_honours, saved.public_biography, saved.public_photo) == (
        True,
        True,
        False,
        False,
    )
    assert AuditEntry.objects.filter(action="talent.consent").count() == 1
    # The city records the consent an external person gave it.
    external = factories.make_profile(name="王教授")
    assert services.consent_save(actor=pool.city, profile=external, parts=["public"]).public


def test_an_honour_below_the_city_s_level_is_confirmed_by_the_district(pool):
    profile = factories.make_profile(pool.worker)
    honour = services.honour_enter(
        actor=pool.steel_admin, profile=profile, honour_type=_type("企业工匠"), year=2024, certificate_no="QY-01"
    )
    assert (honour.state, honour.issuing_body, honour.district) == (H.NOMINATED, "", pool.tree["north"])
    with pytest.raises(PermissionDenied):  # the other district
        services.honour_verify(actor=pool.south, honour=honour, reason="核实")
    with pytest.raises(PermissionDenied):  # the enterprise does not check its own nominations
        services.honour_verify(actor=pool.steel_admin, honour=honour, reason="核实")
    # 企业工匠 asks for one adopted proposal: not met, so only with a reason.
    with pytest.raises(ValidationFailed) as refused:
        services.honour_verify(actor=pool.north, honour=honour)
    assert "理由" in str(refused.value.message)
    honour = services.honour_verify(actor=pool.north, honour=honour, reason="车间推荐材料充分")
    assert honour.state == H.CONFIRMED
    profile.refresh_from_db()
    assert profile.categories == "企业级工匠"
    assert set(ProfileCategory.objects.filter(profile=profile).values_list("category", "level")) == {
        (TalentCategory.CRAFTSMAN, "enterprise")
    }
    steps = list(HonourTransition.objects.filter(honour=honour).values_list("to_state", "reason", "data"))
    assert [s[:2] for s in steps] == [(H.NOMINATED, ""), (H.CONFIRMED, "车间推荐材料充分")]


def test_a_city_honour_goes_to_the_city_after_the_district(pool):
    profile = factories.make_profile(pool.worker)
    honour = services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市技术能手"), year=2025)
    honour = services.honour_verify(actor=pool.north, honour=honour, reason="已考核")
    assert honour.state == H.VERIFIED
    with pytest.raises(PermissionDenied):
        services.honour_confirm(actor=pool.north, honour=honour)
    honour = services.honour_confirm(actor=pool.city, honour=honour)
    assert honour.state == H.CONFIRMED
    profile.refresh_from_db()
    assert profile.categories == "市级技术能手"


def test_return_and_refusal_need_a_reason_and_a_returned_honour_is_corrected_and_sent_again(pool):
    profile = factories.make_profile(pool.worker)
    honour = services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市工匠"), year=2023)
    with pytest.raises(ValidationFailed):
        services.honour_return(actor=pool.north, honour=honour, reason="")
    honour = services.honour_return(actor=pool.north, honour=honour, reason="缺少证书")
    assert honour.state == H.RETURNED
    honour = services.honour_resubmit(
        actor=pool.steel_admin, honour=honour, year=2024, certificate_no="SGJ-2024-7", expected_version=honour.version
    )
    assert (honour.state, honour.year, honour.certificate_no) == (H.NOMINATED, 2024, "SGJ-2024-7")
    honour = services.honour_reject(actor=pool.north, honour=honour, reason="不符合条件")
    assert honour.state == H.REJECTED
    # A refused honour does not block entering it again.
    again = services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市工匠"), year=2024)
    assert again.state == H.NOMINATED


def test_bad_honour_input_is_refused_with_words_and_nothing_is_written(pool):
    profile = factories.make_profile(pool.worker)
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationFailed) as refused:
        services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市工匠"), year=next_year)
    assert refused.value.details["year"] == [f"请填写 1950 至 {next_year - 1} 年之间的年份。"]
    services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市工匠"), year=2024)
    with pytest.raises(Conflict) as twice:
        services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=_type("市工匠"), year=2024)
    assert str(twice.value.message) == "此人该年度已有这项荣誉。"
    assert Honour.objects.count() == 1


def test_categories_follow_the_skill_level_ledger(pool):
    profile = factories.make_profile(pool.worker)
    services.skill_level_enter(
        actor=pool.steel_admin,
        worker=pool.worker,
        level=SkillLevel.LEVEL_3,
        awarded_on=datetime.date(2020, 5, 1),
        certificate_no="S2020",
    )
    pool.worker.refresh_from_db()
    profile.refresh_from_db()
    assert (pool.worker.skill_level, profile.categories) == (SkillLevel.LEVEL_3, "高技能人才")
    services.skill_level_enter(
        actor=pool.steel_admin,
        worker=pool.worker,
        level=SkillLevel.CHIEF_TECHNICIAN,
        awarded_on=datetime.date(2024, 5, 1),
    )
    profile.refresh_from_db()
    assert profile.categories == "首席技师、高技能人才"
    # An older certificate entered later does not lower the level: the latest by date counts.
    services.skill_level_enter(
        actor=pool.steel_admin, worker=pool.worker, level=SkillLevel.LEVEL_4, awarded_on=datetime.date(2018, 1, 1)
    )
    pool.worker.refresh_from_db()
    assert pool.worker.skill_level == SkillLevel.CHIEF_TECHNICIAN


def test_a_rule_proposes_a_level_and_the_union_confirms_or_declines(pool):
    proposed = services.skill_level_propose(
        worker=pool.worker, level=SkillLevel.LEVEL_2, source="师带徒考核通过", rule="apprenticeship.passed"
    )
    assert proposed.state == SkillEntryState.PROPOSED
    pool.worker.refresh_from_db()
    assert pool.worker.skill_level is None  # not until someone confirms it
    assert services.skill_level_propose(worker=pool.worker, level=SkillLevel.LEVEL_2, source="x", rule="r") is None
    with pytest.raises(PermissionDenied):
        services.skill_level_decide(actor=pool.port_admin, entry=proposed, confirm=True)
    services.skill_level_decide(actor=pool.steel_admin, entry=proposed, confirm=True, certificate_no="JS-1")
    pool.worker.refresh_from_db()
    assert pool.worker.skill_level == SkillLevel.LEVEL_2
    with pytest.raises(Conflict):
        services.skill_level_decide(actor=pool.steel_admin, entry=proposed, confirm=False)
    assert SkillLevelEntry.objects.get(pk=proposed.pk).certificate_no == "JS-1"


def test_the_honour_list_is_the_city_s_and_its_rules_are_checked(pool):
    with pytest.raises(PermissionDenied):
        services.honour_type_save(
            actor=pool.north, honour_type=None, name="区首席员工", category="other", level="district"
        )
    with pytest.raises(ValidationFailed):
        services.honour_type_save(
            actor=pool.city, honour_type=None, name="X", category="other", level="city", rules=[{"rule": "luck"}]
        )
    saved = services.honour_type_save(
        actor=pool.city,
        honour_type=None,
        name="市金牌职工",
        category="other",
        level="city",
        rules=[{"rule": "min_adopted", "count": "3"}],
    )
    assert saved.rules == [{"rule": "min_adopted", "count": 3}]
    with pytest.raises(Conflict):
        services.honour_type_save(actor=pool.city, honour_type=None, name="市金牌职工", category="other", level="city")
