"""Scoring by a scorecard: criteria with weights summing to 100, grade thresholds, several reviewers.

A scorecard is data: criteria [{"key", "name", "weight"}] and thresholds [{"grade", "min_score"}].
Each reviewer gives 0–100 per criterion; their total is the weighted sum (weights / 100), to the
hundredth; the score of the thing reviewed is the mean of its reviewers' totals, and its grade the
highest threshold that score reaches (none reached: "", which suggests not adopting or not
awarding). Which grades exist, and which ranks above which, is the caller's: proposals grade
一/二/三等, a contest may grade 金/银/铜. Where scorecards and scores are stored is the caller's too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.translation import gettext as _

from zhichuang.core.errors import ValidationFailed
from zhichuang.core.money import FEN, HUNDRED, fen


@dataclass(frozen=True)
class Aggregate:
    count: int
    score: Decimal | None
    grade: str  # "" when no threshold is reached

    @property
    def suggests_adoption(self) -> bool:
        return bool(self.grade)


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed(details={field: [_("Enter a number.")]}) from None
    if not number.is_finite():
        raise ValidationFailed(details={field: [_("Enter a number.")]})
    return number


def validate_scorecard(
    criteria: list[dict], thresholds: list[dict], *, grades: Sequence[str]
) -> tuple[list[dict], list[dict]]:
    """Normalised criteria and thresholds, or ValidationFailed. grades: the grade codes, highest first."""
    errors: dict[str, list] = {}
    clean_criteria = []
    keys = set()
    for item in criteria or []:
        key = str(item.get("key", "")).strip()
        name = str(item.get("name", "")).strip()
        weight = _decimal(item.get("weight"), "criteria")
        if not key or not name or key in keys or weight <= 0:
            errors.setdefault("criteria", []).append(_("Each criterion needs its own key, a name and a weight."))
            break
        keys.add(key)
        clean_criteria.append({"key": key, "name": name, "weight": str(weight)})
    if not clean_criteria:
        errors.setdefault("criteria", []).append(_("Add at least one criterion."))
    elif sum(Decimal(c["weight"]) for c in clean_criteria) != HUNDRED:
        errors.setdefault("criteria", []).append(_("The weights must add up to 100."))

    by_grade = {}
    for item in thresholds or []:
        grade = item.get("grade")
        minimum = _decimal(item.get("min_score"), "thresholds")
        if grade not in grades or grade in by_grade or not 0 <= minimum <= HUNDRED:
            errors.setdefault("thresholds", []).append(_("Each grade needs one minimum score from 0 to 100."))
            break
        by_grade[grade] = minimum
    ordered = [by_grade[g] for g in grades if g in by_grade]
    if any(higher <= lower for higher, lower in pairwise(ordered)):
        errors.setdefault("thresholds", []).append(_("A higher grade needs a higher minimum score."))
    clean_thresholds = [{"grade": str(g), "min_score": str(by_grade[g])} for g in grades if g in by_grade]
    if errors:
        raise ValidationFailed(details=errors)
    return clean_criteria, clean_thresholds


def weighted_total(criteria: list[dict], scores: dict) -> tuple[dict, Decimal]:
    """Checked scores (0–100 for every criterion) and their weighted total, to the hundredth."""
    clean = {}
    total = Decimal(0)
    for criterion in criteria:
        key = criterion["key"]
        if key not in scores or scores[key] in (None, ""):
            raise ValidationFailed(details={key: [_("Give a score from 0 to 100.")]})
        score = _decimal(scores[key], key)
        if not 0 <= score <= HUNDRED:
            raise ValidationFailed(details={key: [_("Give a score from 0 to 100.")]})
        clean[key] = str(score)
        total += score * Decimal(str(criterion["weight"])) / HUNDRED
    return clean, total.quantize(FEN)


def grade_for(score: Decimal | None, thresholds: list[dict]) -> str:
    """The highest grade whose minimum the score reaches; "" if none (or no score)."""
    if score is None:
        return ""
    for threshold in sorted(thresholds, key=lambda t: Decimal(str(t["min_score"])), reverse=True):
        if score >= Decimal(str(threshold["min_score"])):
            return threshold["grade"]
    return ""


def aggregate(totals: Sequence[Decimal], thresholds: list[dict]) -> Aggregate:
    """The mean of the reviewers' totals, to the fen, and the grade it reaches."""
    if not totals:
        return Aggregate(0, None, "")
    score = fen(sum(totals, Decimal(0)) / len(totals))
    return Aggregate(len(totals), score, grade_for(score, thresholds))
