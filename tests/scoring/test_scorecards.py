"""The scoring piece on its own, with a contest's grades (金/银/铜), not proposals' ones."""

from decimal import Decimal

import pytest

from zhichuang.core.errors import ValidationFailed
from zhichuang.scoring.scorecards import aggregate, grade_for, validate_scorecard, weighted_total

CONTEST_GRADES = ("gold", "silver", "bronze")
CRITERIA = [
    {"key": "skill", "name": "操作技能", "weight": 60},
    {"key": "safety", "name": "安全规范", "weight": 40},
]
THRESHOLDS = [
    {"grade": "bronze", "min_score": 60},
    {"grade": "gold", "min_score": 90},
    {"grade": "silver", "min_score": 75},
]


def test_a_valid_scorecard_comes_back_normalised_in_grade_order():
    criteria, thresholds = validate_scorecard(CRITERIA, THRESHOLDS, grades=CONTEST_GRADES)
    assert criteria == [
        {"key": "skill", "name": "操作技能", "weight": "60"},
        {"key": "safety", "name": "安全规范", "weight": "40"},
    ]
    assert [t["grade"] for t in thresholds] == ["gold", "silver", "bronze"]


@pytest.mark.parametrize(
    ("criteria", "thresholds", "field", "message"),
    [
        (CRITERIA[:1], THRESHOLDS, "criteria", "权重之和须为 100。"),
        ([], THRESHOLDS, "criteria", "请至少添加一项评分标准。"),
        (
            CRITERIA,
            [{"grade": "gold", "min_score": 60}, {"grade": "silver", "min_score": 75}],
            "thresholds",
            "等级越高，最低分须越高。",
        ),
        (CRITERIA, [{"grade": "first", "min_score": 90}], "thresholds", "每个等级须设一个 0 至 100 之间的最低分。"),
        (CRITERIA, [{"grade": "gold", "min_score": "NaN"}], "thresholds", "请输入数字。"),
    ],
)
def test_an_invalid_scorecard_is_refused_with_the_reason(criteria, thresholds, field, message):
    with pytest.raises(ValidationFailed) as refused:
        validate_scorecard(criteria, thresholds, grades=CONTEST_GRADES)
    assert [str(m) for m in refused.value.details[field]] == [message]


def test_a_reviewers_total_is_the_weighted_sum_to_the_hundredth():
    clean, total = weighted_total(CRITERIA, {"skill": "88.5", "safety": 71})
    assert clean == {"skill": "88.5", "safety": "71"}
    assert total == Decimal("81.50")  # 88.5 × 0.6 + 71 × 0.4


@pytest.mark.parametrize("scores", [{"skill": 101, "safety": 50}, {"skill": 80}, {"skill": "Infinity", "safety": 1}])
def test_a_score_outside_0_to_100_or_missing_is_refused_at_its_criterion(scores):
    with pytest.raises(ValidationFailed) as refused:
        weighted_total(CRITERIA, scores)
    assert set(refused.value.details) <= {"skill", "safety"} and refused.value.details


def test_several_reviewers_are_averaged_and_graded_by_the_thresholds():
    result = aggregate([Decimal("92.00"), Decimal("88.00"), Decimal("71.51")], THRESHOLDS)
    assert (result.count, result.score, result.grade) == (3, Decimal("83.84"), "silver")
    assert aggregate([], THRESHOLDS).score is None and aggregate([], THRESHOLDS).grade == ""
    assert grade_for(Decimal("59.99"), THRESHOLDS) == "" and grade_for(Decimal("90"), THRESHOLDS) == "gold"
