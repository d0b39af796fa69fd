"""Scorecards and evaluations.

Each enterprise (or a district/the city for all below it) configures a scorecard: criteria
with weights summing to 100 and grade thresholds. Editing makes a new version; evaluations
keep the version they were scored with. The arithmetic (weighted totals, the mean of several
evaluators, grades) is the shared zhichuang.scoring; the proposal's score is the mean of the
totals of its current round.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.services import audit_record
from zhichuang.core.errors import NotFound, PermissionDenied, ValidationFailed
from zhichuang.experts import matching
from zhichuang.experts import selectors as expert_selectors
from zhichuang.experts import services as expert_services
from zhichuang.experts.matching import ReviewItem
from zhichuang.scoring import scorecards
from zhichuang.scoring.scorecards import Aggregate, weighted_total

from .enums import Grade, ProposalState
from .models import Evaluation, Proposal, Scorecard
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


def validate_scorecard(criteria: list[dict], thresholds: list[dict]) -> tuple[list[dict], list[dict]]:
    """Normalised criteria and thresholds with proposals' grades (一/二/三等), or ValidationFailed."""
    return scorecards.validate_scorecard(criteria, thresholds, grades=GRADE_ORDER)


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


@transaction.atomic
def evaluation_record(*, actor, proposal: Proposal, scores: dict, comment: str = "") -> Evaluation:
    """Record (or revise) the actor's scores for the proposal's current round: an evaluator of the
    proposal's enterprise, or an expert asked to review this proposal (whose review is then done)."""
    expert = not has_perm(actor, ProposalPerm.EVALUATE, proposal.enterprise)
    if expert and not expert_selectors.reviews_item(user=actor, kind=REVIEW_KIND, item_id=proposal.pk):
        raise PermissionDenied()
    proposal = Proposal.objects.select_related("enterprise").get(pk=proposal.pk)
    if proposal.state != ProposalState.EVALUATING:
        raise ValidationFailed(_("Only a proposal under evaluation can be scored."))
    if proposal.members.filter(worker__user_id=actor.pk).exists():
        raise PermissionDenied(_("You cannot score a proposal you are a proposer of."))
    scorecard = _stored(scorecard_for(proposal.enterprise))
    clean, total = weighted_total(scorecard.criteria, scores)
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
    # An evaluator of the enterprise may have been invited from the pool as well: their review is done too.
    expert_services.review_done(actor=actor, kind=REVIEW_KIND, item_id=proposal.pk)
    return evaluation


# ---- experts from the pool (zhichuang.experts) ----------------------------------------------------------

REVIEW_KIND = "proposal"


def review_item(proposal: Proposal) -> ReviewItem:
    """The proposal as the expert matching sees it: its text, industry, enterprise and proposers."""
    enterprise = proposal.enterprise
    text = " ".join(part for part in (proposal.keywords, proposal.problem, proposal.change, proposal.expected_benefit))
    return ReviewItem(
        kind=REVIEW_KIND,
        title=proposal.title,
        text=text,
        industry=proposal.industry or enterprise.industry,
        credit_codes=tuple(code for code in (enterprise.credit_code,) if code),
        org_paths=(enterprise.path,),
        worker_ids=tuple(proposal.members.values_list("worker_id", flat=True)),
        item_id=proposal.pk,
    )


def experts_match(*, user, proposal: Proposal) -> matching.Match:
    """The pool's suggestions and exclusions, each with its reason, for whoever may invite experts to the
    proposal (who manages its enterprise; anyone else: NotFound). Only a proposal under evaluation is
    reviewed: for another the answer is empty. The page and the API ask this."""
    if not has_perm(user, ProposalPerm.MANAGE, proposal.enterprise):
        raise NotFound()
    if proposal.state != ProposalState.EVALUATING:
        return matching.Match([], [], [])
    return matching.match(review_item(proposal))


def experts_invite(*, actor, proposal: Proposal, experts, due_on=None):
    """Invite experts of the pool to score a proposal under evaluation: by whoever manages its enterprise."""
    if not has_perm(actor, ProposalPerm.MANAGE, proposal.enterprise):
        raise PermissionDenied()
    if proposal.state != ProposalState.EVALUATING:
        raise ValidationFailed(_("Only a proposal under evaluation can be reviewed."))
    return expert_services.review_invite(
        actor=actor,
        item=review_item(proposal),
        experts=experts,
        due_on=due_on,
        url=reverse("proposals:review", args=[proposal.pk]),
    )


def aggregate(proposal: Proposal) -> Aggregate:
    """Mean of the weighted totals of the current round, and the grade it reaches."""
    evaluations = list(
        Evaluation.objects.filter(proposal=proposal, round=proposal.round).select_related("scorecard").order_by("id")
    )
    thresholds = evaluations[-1].scorecard.thresholds if evaluations else []
    return scorecards.aggregate([e.total for e in evaluations], thresholds)
