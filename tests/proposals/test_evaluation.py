from decimal import Decimal

import pytest

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.evaluation import aggregate, evaluation_record, scorecard_for, scorecard_save
from zhichuang.proposals.models import Scorecard
from zhichuang.scoring.scorecards import grade_for

SCORES = {"innovation": 95, "feasibility": 80, "economic": 90, "promotion": 70}


def test_default_scorecard_is_read_without_writing(shop):
    card = scorecard_for(shop.steel)
    assert [(c["name"], c["weight"]) for c in card.criteria] == [
        ("创新性", 30),
        ("可行性", 20),
        ("经济效益", 30),
        ("推广价值", 20),
    ]
    assert (card.pk, card.organization, Scorecard.objects.count()) == (None, shop.steel, 0)


def test_default_scorecard_is_stored_with_the_first_evaluation(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    first = evaluation_record(actor=shop.evaluator, proposal=proposal, scores=SCORES)
    second = evaluation_record(actor=factories.make_admin(Role.EVALUATOR, shop.steel), proposal=proposal, scores=SCORES)
    stored = Scorecard.objects.get()
    assert (first.scorecard_id, second.scorecard_id, stored.organization, stored.version) == (
        stored.pk,
        stored.pk,
        shop.steel,
        1,
    )
    assert scorecard_for(shop.steel).pk == stored.pk


def test_scorecard_of_the_district_applies_below_it(shop):
    card = scorecard_save(
        actor=shop.district,
        organization=shop.tree["north"],
        criteria=[{"key": "safety", "name": "安全性", "weight": 100}],
        thresholds=[{"grade": "first", "min_score": 80}],
    )
    assert scorecard_for(shop.steel).pk == card.pk


def test_weighted_total_and_mean_of_evaluators(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    first = evaluation_record(actor=shop.evaluator, proposal=proposal, scores=SCORES)
    # 95×.3 + 80×.2 + 90×.3 + 70×.2 = 28.5 + 16 + 27 + 14 = 85.5
    assert first.total == Decimal("85.50")
    second = factories.make_admin(Role.EVALUATOR, shop.steel)
    evaluation_record(
        actor=second, proposal=proposal, scores={"innovation": 91, "feasibility": 91, "economic": 91, "promotion": 92}
    )
    result = aggregate(proposal)
    # (85.50 + 91.20) / 2 = 88.35 → second grade
    assert (result.count, result.score, result.grade) == (2, Decimal("88.35"), "second")


def test_rescoring_replaces_the_evaluators_own_scores(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    evaluation_record(actor=shop.evaluator, proposal=proposal, scores=SCORES)
    evaluation_record(actor=shop.evaluator, proposal=proposal, scores=dict.fromkeys(SCORES, 60))
    result = aggregate(proposal)
    assert (result.count, result.score, result.grade, result.suggests_adoption) == (1, Decimal("60.00"), "", False)


@pytest.mark.parametrize(
    ("score", "grade"),
    [("90", "first"), ("89.99", "second"), ("80", "second"), ("70", "third"), ("69.99", ""), (None, "")],
)
def test_grade_thresholds(score, grade):
    from zhichuang.proposals.evaluation import DEFAULT_THRESHOLDS

    assert grade_for(Decimal(score) if score else None, DEFAULT_THRESHOLDS) == grade


def test_evaluation_refuses_bad_scores_and_wrong_people(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    with pytest.raises(ValidationFailed):
        evaluation_record(actor=shop.evaluator, proposal=proposal, scores={**SCORES, "economic": 101})
    with pytest.raises(ValidationFailed):
        evaluation_record(actor=shop.evaluator, proposal=proposal, scores={"innovation": 90})
    with pytest.raises(PermissionDenied):
        evaluation_record(actor=shop.other_evaluator, proposal=proposal, scores=SCORES)
    submitted = factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED)
    with pytest.raises(ValidationFailed):
        evaluation_record(actor=shop.evaluator, proposal=submitted, scores=SCORES)


def test_evaluator_cannot_score_own_proposal(shop):
    from zhichuang.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=shop.lead.user, role=Role.EVALUATOR, organization=shop.steel)
    shop.lead.user.__dict__.pop("_zhichuang_grants", None)
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    with pytest.raises(PermissionDenied):
        evaluation_record(actor=shop.lead.user, proposal=proposal, scores=SCORES)


def test_scorecard_save_makes_a_new_version_and_old_evaluations_keep_theirs(shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
    old = evaluation_record(actor=shop.evaluator, proposal=proposal, scores=SCORES).scorecard
    card = scorecard_save(
        actor=shop.admin,
        organization=shop.steel,
        criteria=[{"key": "safety", "name": "安全性", "weight": 60}, {"key": "cost", "name": "成本", "weight": 40}],
        thresholds=[{"grade": "first", "min_score": 85}, {"grade": "second", "min_score": 75}],
    )
    assert (card.version, scorecard_for(shop.steel).pk) == (old.version + 1, card.pk)
    old.refresh_from_db()
    assert not old.active
    assert proposal.evaluations.get().scorecard_id == old.pk


@pytest.mark.parametrize(
    ("criteria", "thresholds"),
    [
        ([{"key": "a", "name": "甲", "weight": 50}], [{"grade": "first", "min_score": 90}]),
        ([{"key": "a", "name": "甲", "weight": 50}, {"key": "a", "name": "乙", "weight": 50}], []),
        (
            [{"key": "a", "name": "甲", "weight": 100}],
            [{"grade": "first", "min_score": 70}, {"grade": "second", "min_score": 80}],
        ),
        ([{"key": "a", "name": "甲", "weight": 100}], [{"grade": "gold", "min_score": 70}]),
    ],
)
def test_scorecard_save_refuses_inconsistent_rules(shop, criteria, thresholds):
    with pytest.raises(ValidationFailed):
        scorecard_save(actor=shop.admin, organization=shop.steel, criteria=criteria, thresholds=thresholds)


def test_scorecard_save_needs_manage_permission(shop):
    with pytest.raises(PermissionDenied):
        scorecard_save(
            actor=shop.evaluator,
            organization=shop.steel,
            criteria=[{"key": "a", "name": "甲", "weight": 100}],
            thresholds=[],
        )
