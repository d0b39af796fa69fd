"""The scorecard experts score a named method with: 承钢's four qualities of an advanced operating method
(独创性 originality, 先进性 advancement, 科学性 soundness, 普及性 how widely it can be practised), equally
weighted, and the pass mark its recognition needs. The arithmetic is the shared zhichuang.scoring."""

from zhichuang.scoring.scorecards import validate_scorecard

RECOGNITION_GRADE = "recognisable"

CRITERIA, THRESHOLDS = validate_scorecard(
    [
        {"key": "originality", "name": "独创性", "weight": 25},
        {"key": "advancement", "name": "先进性", "weight": 25},
        {"key": "soundness", "name": "科学性", "weight": 25},
        {"key": "spread", "name": "普及性", "weight": 25},
    ],
    [{"grade": RECOGNITION_GRADE, "min_score": 75}],
    grades=[RECOGNITION_GRADE],
)
