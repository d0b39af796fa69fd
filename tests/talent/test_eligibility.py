"""Eligibility checks over a person's record: each rule met or not, with its evidence from the record."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.accounts.enums import SkillLevel
from zhichuang.proposals.models import Proposal
from zhichuang.talent import eligibility, services
from zhichuang.talent.models import HonourType
from zhichuang.talent.selectors import honour_checks

pytestmark = pytest.mark.django_db


def _checks(honour):
    return [(c.rule, c.met, c.evidence) for c in honour_checks(honour)]


def test_the_city_craftsman_s_checks_read_the_skill_ledger_the_proposals_and_the_position(pool):
    profile = factories.make_profile(pool.worker, position="车间主任")
    honour = services.honour_enter(
        actor=pool.steel_admin, profile=profile, honour_type=HonourType.objects.get(name="市工匠"), year=2025
    )
    assert _checks(honour) == [
        ("min_skill_level", False, "未登记技能等级。"),
        ("results_years", False, "尚无被采纳的项目。"),
        ("not_enterprise_head", True, "不是企业负责人（车间主任）。"),
    ]
    services.skill_level_enter(
        actor=pool.steel_admin, worker=pool.worker, level=SkillLevel.LEVEL_2, awarded_on=datetime.date(2021, 6, 1)
    )
    adopted = factories.make_proposal(pool.worker, state="verified")
    decided = timezone.make_aware(datetime.datetime(2022, 3, 15, 10))
    Proposal.objects.filter(pk=adopted.pk).update(decided_at=decided, net_annual_benefit="125000.00")
    services.profile_update(actor=pool.steel_admin, profile=profile, enterprise_head=True, position="总经理")
    honour.profile.refresh_from_db()
    assert _checks(honour) == [
        ("min_skill_level", True, "二级/技师（2021-06-01）"),
        ("results_years", True, "首个项目于 2022-03-15 被采纳。"),
        ("not_enterprise_head", False, "登记为企业负责人（总经理）。"),
    ]


def test_counts_savings_and_earlier_honours(pool):
    profile = factories.make_profile(pool.worker)
    for net in ("60000.00", "50000.50"):
        proposal = factories.make_proposal(pool.worker, state="verified")
        Proposal.objects.filter(pk=proposal.pk).update(net_annual_benefit=net)
    factories.make_proposal(pool.worker, state="not_adopted")
    record = eligibility.Record(
        profile,
        {"proposals.adopted": 2, "proposals.savings": 110000.5, "proposals.first_adopted": None},
        (),
        datetime.date(2026, 1, 1),
    )
    honour_type = HonourType(
        name="t",
        rules=[
            {"rule": "min_adopted", "count": 3},
            {"rule": "min_savings", "yuan": "100000"},
            {"rule": "holds_honour", "category": "model_worker", "level": "provincial"},
        ],
    )
    assert [(c.met, c.evidence) for c in eligibility.checks(honour_type, record)] == [
        (False, "已采纳项目 2 项。"),
        (True, "核定年节约 ¥110,000.50。"),
        (False, "尚无已确认的此类荣誉。"),
    ]
    # The figures come from the proposals' part of the record: two adopted, their verified savings.
    from zhichuang.talent.selectors import record_figures

    figures = record_figures(profile)
    assert (figures["proposals.adopted"], Decimal(figures["proposals.savings"]).quantize(Decimal("0.01"))) == (
        2,
        Decimal("110000.50"),
    )


def test_an_external_person_s_skill_rule_cannot_be_told(pool):
    profile = factories.make_profile(name="王教授")
    honour = services.honour_enter(
        actor=pool.city, profile=profile, honour_type=HonourType.objects.get(name="全国技术能手"), year=2024
    )
    assert _checks(honour) == [("min_skill_level", None, "无技能等级记录（非本市职工）。")]


def test_a_national_model_worker_needs_a_provincial_one_first(pool):
    profile = factories.make_profile(pool.worker)
    national = HonourType.objects.get(name="全国劳动模范")
    honour = services.honour_enter(actor=pool.steel_admin, profile=profile, honour_type=national, year=2025)
    assert _checks(honour) == [("holds_honour", False, "尚无已确认的此类荣誉。")]
    factories.make_honour(profile, "省劳动模范", year=2020)
    assert _checks(honour) == [("holds_honour", True, "省劳动模范（2020）")]


def test_rules_are_read_and_refused_as_data():
    assert eligibility.clean_rules([{"rule": "min_savings", "yuan": "5e4"}]) == [
        {"rule": "min_savings", "yuan": "5E+4"}
    ]
    for bad in (
        [{"rule": "min_adopted", "count": 0}],
        [{"rule": "min_skill_level", "level": 9}],
        ["x"],
        [{"rule": "?"}],
    ):
        with pytest.raises((ValueError, KeyError)):
            eligibility.clean_rules(bad)
