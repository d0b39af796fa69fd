"""Scorecards and evaluations.

Each enterprise (or a district/the city for all below it) configures a scorecard: criteria
with weights summing to 100 and grade thresholds. Editing makes a new version; evaluations
keep the version they were scored with. Every evaluator gives 0–100 per criterion; their
total is the weighted sum (weights / 100); the proposal's score is the mean of the totals of
the current round, and its grade the highest threshold that score reaches.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import PermissionDenied, ValidationFailed

from .enums import Grade, ProposalState
from .models import Evaluation, Proposal, Scorecard
from .money import FEN, HUNDRED, fen
from .permissions import ProposalPerm

# The customary criteria and grades; names are data the enterprise may rename.
DEFAULT_CRITERIA = [
    {"key": "innovation", "name": "创新性", "weight": 30},
    {"key": "feasibility", "name": "可行性", "weight": 20},
    {"key": "economic", "name": "经济效益", "weight": 30},
    {"key": "promotion", "name": "推广价值", "weight": 20},
]
DEFAULT_THRESHOLDS = [
    {"grade": Grade.FIRST.value, "min_score": 90},
    {"grade": Grade.SECOND.value, "min_score": 80},
    {"grade": Grade.THIRD.value, "min_score": 70},
]
GRADE_ORDER = [Grade.FIRST, Grade.SECOND, Grade.THIRD]


@dataclass(frozen=True)
class Aggregate:
    count: int
    score: Decimal | None
    grade: str  # "" when no threshold is reached: not adopting is suggested

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


def validate_scorecard(criteria: list[dict], thresholds: list[dict]) -> tuple[list[dict], list[dict]]:
    """Normalised criteria and thresholds, or ValidationFailed."""
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

    clean_thresholds = []
    by_grade = {}
    for item in thresholds or []:
        grade = item.get("grade")
        minimum = _decimal(item.get("min_score"), "thresholds")
        if grade not in Grade.values or grade in by_grade or not 0 <= minimum <= HUNDRED:
            errors.setdefault("thresholds", []).append(_("Each grade needs one minimum score from 0 to 100."))
            break
        by_grade[grade] = minimum
    ordered = [by_grade[g] for g in GRADE_ORDER if g in by_grade]
    if any(higher <= lower for higher, lower in pairwise(ordered)):
        errors.setdefault("thresholds", []).append(_("A higher grade needs a higher minimum score."))
    clean_thresholds = [{"grade": g.value, "min_score": str(by_grade[g])} for g in GRADE_ORDER if g in by_grade]
    if errors:
        raise ValidationFailed(details=errors)
    return clean_criteria, clean_thresholds


def scorecard_for(organization) -> Scorecard:
    """The scorecard in use for an organisation: its own, else the nearest above it, else the default.

    Reading never writes: the default comes back unsaved (pk None) and is stored when the first
    evaluation is recorded with it, or replaced when an administrator saves a scorecard.
    """
    found = (
        Scorecard.objects.filter(active=True, organization__path__in=organization.ancestor_paths())
        .select_related("organization")
        .order_by("-organization__path")
        .first()
    )
    return found or Scorecard(
        organization=organization, criteria=DEFAULT_CRITERIA, thresholds=DEFAULT_THRESHOLDS, version=1
    )


def _stored(scorecard: Scorecard) -> Scorecard:
    """The scorecard as a row evaluations can point at: an unsaved default is saved now."""
    if scorecard.pk is not None:
        return scorecard
    try:
        with transaction.atomic():
            scorecard.save()
    except IntegrityError:  # stored meanwhile by another request, or an administrator saved one
        return Scorecard.objects.get(organization=scorecard.organization, active=True)
    return scorecard


@transaction.atomic
def scorecard_save(*, actor, organization, criteria: list[dict], thresholds: list[dict]) -> Scorecard:
    """A new version of the organisation's scorecard; the previous one stays for the evaluations made with it."""
    if not has_perm(actor, ProposalPerm.MANAGE, organization):
        raise PermissionDenied()
    criteria, thresholds = validate_scorecard(criteria, thresholds)
    latest = Scorecard.objects.select_for_update().filter(organization=organization).aggregate(v=Max("version"))["v"]
    Scorecard.objects.filter(organization=organization, active=True).update(active=False)
    scorecard = Scorecard.objects.create(
        organization=organization,
        criteria=criteria,
        thresholds=thresholds,
        version=(latest or 0) + 1,
        created_by=actor,
    )
    audit_record(
        action="proposals.scorecard_save",
        obj=scorecard,
        changes={"version": scorecard.version, "criteria": criteria, "thresholds": thresholds},
        actor=actor,
    )
    return scorecard


def weighted_total(scorecard: Scorecard, scores: dict) -> tuple[dict, Decimal]:
    """Checked scores (0–100 for every criterion) and their weighted total, to the hundredth."""
    clean = {}
    total = Decimal(0)
    for criterion in scorecard.criteria:
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
    if score is None:
        return ""
    for threshold in sorted(thresholds, key=lambda t: Decimal(str(t["min_score"])), reverse=True):
        if score >= Decimal(str(threshold["min_score"])):
            return threshold["grade"]
    return ""


@transaction.atomic
def evaluation_record(*, actor, proposal: Proposal, scores: dict, comment: str = "") -> Evaluation:
    """Record (or revise) the actor's scores for the proposal's current round."""
    if not has_perm(actor, ProposalPerm.EVALUATE, proposal.enterprise):
        raise PermissionDenied()
    proposal = Proposal.objects.select_related("enterprise").get(pk=proposal.pk)
    if proposal.state != ProposalState.EVALUATING:
        raise ValidationFailed(_("Only a proposal under evaluation can be scored."))
    if proposal.members.filter(worker__user_id=actor.pk).exists():
        raise PermissionDenied(_("You cannot score a proposal you are a proposer of."))
    scorecard = _stored(scorecard_for(proposal.enterprise))
    clean, total = weighted_total(scorecard, scores)
    evaluation, created = Evaluation.objects.update_or_create(
        proposal=proposal,
        round=proposal.round,
        evaluator=actor,
        defaults={"scorecard": scorecard, "scores": clean, "total": total, "comment": comment.strip()},
    )
    audit_record(
        action="proposals.evaluate",
        obj=proposal,
        changes={"scores": clean, "total": total, "round": proposal.round, "revised": not created},
        actor=actor,
    )
    return evaluation


def aggregate(proposal: Proposal) -> Aggregate:
    """Mean of the weighted totals of the current round, and the grade it reaches."""
    evaluations = list(
        Evaluation.objects.filter(proposal=proposal, round=proposal.round).select_related("scorecard").order_by("id")
    )
    if not evaluations:
        return Aggregate(0, None, "")
    score = fen(sum((e.total for e in evaluations), Decimal(0)) / len(evaluations))
    return Aggregate(len(evaluations), score, grade_for(score, evaluations[-1].scorecard.thresholds))
