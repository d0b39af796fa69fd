"""Proposals' part of 待办: which states of its workflows wait on whom (zhichuang.todo.queues)."""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.navigation import is_worker
from zhichuang.todo.queues import Queue, Source

from .benefits import CLAIM_WORKFLOW
from .enums import ClaimStatus, ProposalState, RecommendationLevel
from .models import BenefitClaim, Evaluation, Recommendation
from .permissions import ProposalPerm as P
from .rules import own_proposal_ids
from .selectors import scored_this_round
from .workflow import PROPOSAL_WORKFLOW, RECOMMENDATION_WORKFLOW

S = ProposalState


def _title(proposal) -> str:
    return f"{proposal.number} {proposal.title}" if proposal.number else proposal.title


def _proposal_url(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _mine(user) -> Q:
    return Q(pk__in=own_proposal_ids(user))


# An implemented proposal waits on its enterprise to enter a benefit claim, unless one is with finance.
_claim_with_finance = Exists(
    BenefitClaim.objects.filter(proposal=OuterRef("pk"), status__in=[ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED])
)

PROPOSALS = Source(
    workflow=PROPOSAL_WORKFLOW,
    title=_title,
    url=_proposal_url,
    org_path="org_path",
    since="state_changed_at",
    due="due_at",
    related=("enterprise",),
    detail=lambda proposal: proposal.enterprise.name,
    started=lambda user: Q(pk__in=own_proposal_ids(user)) & ~Q(state=S.DRAFT),
    chasers=(P.MANAGE,),
    queues=(
        Queue(
            "proposals.submitted",
            _("To accept"),
            S.SUBMITTED,
            perms=(P.EVALUATE, P.MANAGE),
            icon="inbox",
            batch="proposals:batch_accept",
            batch_template="proposals/_batch_accept.html",
            order=10,
        ),
        # Under evaluation, a proposal waits on each evaluator until they have scored its round, then on a
        # decision by anyone who evaluates there.
        Queue(
            "proposals.evaluating",
            _("To score"),
            S.EVALUATING,
            perms=(P.EVALUATE,),
            where=lambda user: ~Exists(scored_this_round(user)),
            icon="clipboard",
            order=20,
        ),
        Queue(
            "proposals.to_decide",
            _("Scored, to decide"),
            S.EVALUATING,
            perms=(P.EVALUATE,),
            where=Exists(Evaluation.objects.filter(proposal=OuterRef("pk"), round=OuterRef("round"))),
            icon="check2-square",
            order=25,
        ),
        Queue("proposals.adopted", _("To implement"), S.ADOPTED, perms=(P.MANAGE,), icon="tools", order=30),
        Queue(
            "proposals.implementing",
            _("To complete implementation"),
            S.IMPLEMENTING,
            perms=(P.MANAGE,),
            icon="gear",
            order=40,
        ),
        Queue(
            "proposals.implemented",
            _("To claim the benefit"),
            S.IMPLEMENTED,
            perms=(P.MANAGE,),
            where=~_claim_with_finance,
            icon="calculator",
            order=50,
        ),
        Queue("proposals.verified", _("To decide the reward"), S.VERIFIED, perms=(P.MANAGE,), icon="trophy", order=60),
        Queue(
            "proposals.returned",
            _("To revise and resubmit"),
            S.RETURNED,
            mine=_mine,
            mine_for=is_worker,
            icon="arrow-repeat",
            order=5,
        ),
    ),
)


def _claim_title(claim) -> str:
    return _title(claim.proposal)


CLAIMS = Source(
    workflow=CLAIM_WORKFLOW,
    title=_claim_title,
    url=lambda claim: reverse("proposals:claim_detail", args=[claim.proposal_id, claim.pk]),
    org_path="proposal__org_path",
    since="submitted_at",
    related=("proposal__enterprise",),
    started=lambda user: Q(created_by_id=user.pk) & ~Q(status=ClaimStatus.DRAFT),
    chasers=(P.MANAGE,),
    queues=(
        Queue(
            "proposals.claim_submitted",
            _("Benefit to verify"),
            ClaimStatus.SUBMITTED,
            perms=(P.VERIFY_BENEFITS,),
            icon="calculator",
            order=55,
        ),
    ),
)


L = RecommendationLevel
# A recommendation waits from the moment it reached its level (not from the proposal's last state change);
# a level set without its Recommendation row (an import) waits from the last state change.
_recommended_at = Coalesce(
    Subquery(
        Recommendation.objects.filter(proposal=OuterRef("pk"), level=OuterRef("recommended_level")).values("at")[:1]
    ),
    "state_changed_at",
)


def _recommended_by(user, limit: int) -> list[tuple]:
    """The recommendations the user made (the recommendation workflow's history), newest first."""
    rows = (
        Recommendation.objects.filter(recommended_by=user)
        .select_related("proposal__enterprise")
        .order_by("-at", "-id")[:limit]
    )
    return [(r.at, r.pk, r.proposal, _("Recorded as %(level)s") % {"level": r.get_level_display()}) for r in rows]


RECOMMENDATIONS = Source(
    workflow=RECOMMENDATION_WORKFLOW,
    title=_title,
    url=_proposal_url,
    org_path="org_path",
    since="recommended_at",
    annotate={"recommended_at": _recommended_at},
    done=_recommended_by,
    related=("enterprise", "district__parent"),
    detail=lambda proposal: proposal.enterprise.name,
    queues=(
        Queue(
            "proposals.recommended_to_district",
            _("Recommended to you: decide on the district's excellent results"),
            L.ENTERPRISE,
            perms=(P.RECOMMEND,),
            level=2,
            deeper=False,
            decider=lambda proposal: proposal.district,
            where=Q(recommendation_declined_at__isnull=True),  # not 不予推荐
            icon="award",
            order=80,
        ),
        Queue(
            "proposals.recommended_to_city",
            _("Recommended to you: decide on the city's excellent results"),
            L.DISTRICT,
            perms=(P.RECOMMEND,),
            level=1,
            deeper=False,
            decider=lambda proposal: proposal.district.parent,
            where=Q(recommendation_declined_at__isnull=True),
            icon="award",
            order=90,
        ),
    ),
)

SOURCES = (PROPOSALS, CLAIMS, RECOMMENDATIONS)
