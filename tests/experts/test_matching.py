import datetime

import pytest
from django.utils import timezone, translation

from tests import factories
from zhichuang.experts import services
from zhichuang.experts.matching import ReviewItem, match
from zhichuang.experts.models import ReviewAssignment

pytestmark = pytest.mark.django_db

TEXT = "数控加工中心的夹具定位靠人工目测，改为定位销，属于机械设计的改进。"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _item(tree, **fields):
    steel = tree["steel"]
    defaults = {
        "kind": "proposal",
        "title": "数控夹具定位改进",
        "text": TEXT,
        "industry": "38",
        "credit_codes": (steel.credit_code,),
        "org_paths": (steel.path,),
        "worker_ids": (tree["steel_worker"].pk,),
        "item_id": 1,
    }
    return ReviewItem(**{**defaults, **fields})


def _done(expert, n):
    admin = factories.make_user()
    for i in range(n):
        ReviewAssignment.objects.create(
            expert=expert,
            kind="proposal",
            item_id=10_000 + i,
            title="t",
            url="/",
            org_path="000001",
            year=timezone.localdate().year,
            state="done",
            invited_by=admin,
        )


def test_experts_rank_by_the_fields_they_meet_and_the_text(city_tree, english):
    both = factories.make_expert(name="甲", fields=["数控加工", "机械设计"], expertise="数控机床夹具定位")
    one = factories.make_expert(name="乙", fields=["数控加工"])
    factories.make_expert(name="丙", fields=["纺织工艺"])  # meets nothing: not a candidate
    found = match(_item(city_tree))
    assert [s.expert for s in found.suggestions] == [both, one]
    first = found.suggestions[0]
    assert first.reasons[0] == "Fields met: 数控加工、机械设计"
    assert first.reasons[1].startswith("Text similarity 0.")
    assert first.reasons[-1] == "Reviews this year 0/20"
    assert "数控加工" in found.tags and "机械设计" in found.tags  # named in the text
    assert found.excluded == []


def test_the_reason_reads_in_chinese(city_tree):
    factories.make_expert(name="甲", fields=["数控加工"])
    with translation.override("zh-hans"):
        reason = match(_item(city_tree)).suggestions[0].reason
    assert reason.startswith("领域匹配：数控加工") and "本年已审 0/20" in reason


def test_the_industry_alone_finds_candidates(city_tree, english):
    expert = factories.make_expert(name="丁", industries=["38"])
    found = match(_item(city_tree, text="", title="改进"))
    assert [s.expert for s in found.suggestions] == [expert]


def test_who_may_not_review_is_excluded_with_the_reason(city_tree, english):
    tree = city_tree
    fine = factories.make_expert(name="可选", fields=["数控加工"])
    same_code = factories.make_expert(
        name="同单位", fields=["数控加工"], employer_credit_code=tree["steel"].credit_code
    )
    colleague = factories.make_expert(worker=factories.make_worker(tree["steel"], name="同事"), fields=["数控加工"])
    conflicted = factories.make_expert(name="有冲突", fields=["数控加工"])
    services.conflict_declare(
        actor=factories.expert_pool_admin(tree["city"]),
        expert=conflicted,
        credit_code=tree["steel"].credit_code,
        note="配偶在北钢集团任职",
    )
    proposer = factories.make_expert(worker=tree["steel_worker"], fields=["数控加工"])
    suspended = factories.make_expert(name="暂停", fields=["数控加工"])
    services.expert_suspend(actor=factories.expert_pool_admin(tree["city"]), expert=suspended, reason="违规")
    full = factories.make_expert(name="已满", fields=["数控加工"], yearly_limit=2)
    _done(full, 2)
    over = factories.make_expert(name="过期", fields=["数控加工"])
    type(over).objects.filter(pk=over.pk).update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    busy = factories.make_expert(
        name="忙", fields=["数控加工"], busy_until=timezone.localdate() + datetime.timedelta(days=5)
    )

    found = match(_item(tree))
    assert [s.expert for s in found.suggestions] == [fine]
    reasons = {x.expert.pk: x.reason for x in found.excluded}
    assert reasons == {
        same_code.pk: "Same employer (same unified social credit code)",
        colleague.pk: "Same employer (same unified social credit code)",
        conflicted.pk: "Declared a conflict of interest: 配偶在北钢集团任职",
        proposer.pk: "Is a proposer of the item",
        suspended.pk: "Suspended",
        full.pk: "This year's reviews are used up: 2/2",
        over.pk: f"Term over ({(timezone.localdate() - datetime.timedelta(days=1)).isoformat()})",
        busy.pk: f"Busy until {(timezone.localdate() + datetime.timedelta(days=5)).isoformat()}",
    }


def test_a_conflict_with_a_person_of_the_item(city_tree, english):
    tree = city_tree
    lead_profile = factories.make_expert(worker=tree["mill_worker"], active=False).profile
    expert = factories.make_expert(name="戊", fields=["数控加工"])
    services.conflict_declare(
        actor=factories.expert_pool_admin(tree["city"]), expert=expert, person=lead_profile, note="师徒"
    )
    found = match(_item(tree, worker_ids=(tree["mill_worker"].pk,)))
    assert [(x.expert, x.reason) for x in found.excluded] == [
        (expert, f"Declared a conflict of interest: {lead_profile.name}（师徒）")
    ]


def test_a_lighter_load_comes_first_and_ties_go_to_the_older_expert(city_tree, english):
    first = factories.make_expert(name="先", fields=["数控加工"])
    second = factories.make_expert(name="后", fields=["数控加工"])
    loaded = factories.make_expert(name="忙碌", fields=["数控加工"])
    _done(loaded, 10)
    found = match(_item(city_tree))
    assert [s.expert for s in found.suggestions] == [first, second, loaded]
    assert found.suggestions[0].score == found.suggestions[1].score > found.suggestions[2].score
    assert found.suggestions[2].reasons[-1] == "Reviews this year 10/20"


def test_an_item_without_industry_or_fields_finds_nobody(city_tree):
    factories.make_expert(name="甲", fields=["数控加工"])
    assert match(_item(city_tree, industry="", text="食堂菜品", title="建议")).suggestions == []
