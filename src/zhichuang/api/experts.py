"""The expert pool's endpoints: the pool's search (the page's own list and filters), one expert with their
fields, conflicts, reviews and history, and the matching for a proposal under evaluation (the suggestions
and the exclusions, each with its reason) for whoever may invite experts to it. Names, organisations,
titles and fields: never an ID number, mobile number or birth date."""

import datetime

from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from zhichuang.core.validators import ID_MAX, mask_identifiers
from zhichuang.experts import selectors
from zhichuang.experts.listings import EXPERTS
from zhichuang.orgs.industries import industry_name
from zhichuang.proposals import evaluation
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.selectors import proposal_get

from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination

router = Router(tags=["experts"])
ExpertFilters = query_schema(EXPERTS)


class IndustryOut(Schema):
    code: str
    name: str


def _industries(codes) -> list[dict]:
    return [{"code": code, "name": industry_name(code) or code} for code in codes]


class ExpertOut(Schema):
    id: int
    name: str
    organization: str | None
    title: str
    title_label: str
    fields: list[str]
    industries: list[IndustryOut]
    district: str | None
    state: str
    state_label: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    busy_until: datetime.date | None
    load: int
    yearly_limit: int

    @staticmethod
    def resolve_name(expert) -> str:
        return expert.profile.name

    @staticmethod
    def resolve_organization(expert) -> str | None:
        return expert.profile.organization.name if expert.profile.organization_id else None

    @staticmethod
    def resolve_title_label(expert) -> str:
        return str(expert.get_title_display()) if expert.title else ""

    @staticmethod
    def resolve_fields(expert) -> list[str]:
        return [f.name for f in expert.fields.all()]

    @staticmethod
    def resolve_industries(expert) -> list[dict]:
        return _industries(expert.industries)

    @staticmethod
    def resolve_district(expert) -> str | None:
        return expert.district.name if expert.district_id else None

    @staticmethod
    def resolve_state_label(expert) -> str:
        return str(expert.get_state_display())


class ConflictOut(Schema):
    credit_code: str = ""
    person: str = ""
    note: str = ""


class ReviewOut(Schema):
    kind: str
    item_id: int
    title: str
    year: int
    state: str
    due_on: datetime.date | None
    invited_at: datetime.datetime
    done_at: datetime.datetime | None


class StepOut(Schema):
    from_state: str
    to_state: str
    at: datetime.datetime
    actor: str
    reason: str


class ExpertDetailOut(ExpertOut):
    """The expert with what the view attached (expert_detail): conflicts, reviews and history as rows."""

    expertise: str
    profile_expertise: str
    conflicts: list[ConflictOut]
    reviews: list[ReviewOut]
    history: list[StepOut]

    @staticmethod
    def resolve_profile_expertise(expert) -> str:
        return expert.profile.expertise

    @staticmethod
    def resolve_conflicts(expert) -> list[dict]:
        return expert.conflict_rows

    @staticmethod
    def resolve_reviews(expert) -> list[dict]:
        return expert.review_rows

    @staticmethod
    def resolve_history(expert) -> list[dict]:
        return expert.history_rows


@router.get("/experts", response=list[ExpertOut], summary="Experts of the pool in your scope")
@paginate(CappedLimitOffsetPagination)
def experts(request, filters: Query[ExpertFilters]):
    return api_rows(EXPERTS, request, filters)


@router.get("/experts/{int:expert_id}", response=ExpertDetailOut, summary="One expert with reviews and history")
def expert_detail(request, expert_id: int = Path(..., ge=1, le=ID_MAX)):
    expert = selectors.expert_get(user=request.auth, pk=expert_id)
    expert.load = selectors.load_this_year(expert)
    expert.conflict_rows = [
        {"credit_code": c.credit_code, "person": c.person.name if c.person_id else "", "note": c.note}
        for c in selectors.expert_conflicts(expert)
    ]
    expert.review_rows = [
        {
            "kind": a.kind,
            "item_id": a.item_id,
            "title": a.title,
            "year": a.year,
            "state": a.state,
            "due_on": a.due_on,
            "invited_at": a.created_at,
            "done_at": a.done_at,
        }
        for a in selectors.review_history(expert)
    ]
    expert.history_rows = [
        {
            "from_state": step.from_state,
            "to_state": step.to_state,
            "at": step.at,
            "actor": mask_identifiers(step.actor.display_name or step.actor.username) if step.actor_id else "",
            "reason": step.reason,
        }
        for step in selectors.expert_history(expert)
    ]
    return expert


class CandidateOut(Schema):
    expert_id: int
    name: str
    organization: str | None
    title: str


class SuggestionOut(CandidateOut):
    score: float
    load: int
    reasons: list[str]
    reason: str


class ExclusionOut(CandidateOut):
    reason: str


class InvitedOut(Schema):
    expert_id: int
    name: str
    state: str
    due_on: datetime.date | None


class MatchOut(Schema):
    proposal_id: int
    evaluating: bool
    tags: list[str] = []
    suggestions: list[SuggestionOut] = []
    excluded: list[ExclusionOut] = []
    invited: list[InvitedOut] = []


def _candidate(expert) -> dict:
    profile = expert.profile
    return {
        "expert_id": expert.pk,
        "name": profile.name,
        "organization": profile.organization.name if profile.organization_id else None,
        "title": expert.title,
    }


@router.get(
    "/proposals/{int:proposal_id}/experts",
    response=MatchOut,
    tags=["experts"],
    summary="Experts of the pool for a proposal under evaluation: suggested and excluded, each with the reason "
    "(for whoever may invite experts to it)",
)
def proposal_experts(request, proposal_id: int = Path(..., ge=1, le=ID_MAX)):
    proposal = proposal_get(user=request.auth, pk=proposal_id)
    found = evaluation.experts_match(user=request.auth, proposal=proposal)
    invited = selectors.item_assignments(kind=evaluation.REVIEW_KIND, item_id=proposal.pk)
    return {
        "proposal_id": proposal.pk,
        "evaluating": proposal.state == ProposalState.EVALUATING,
        "tags": found.tags,
        "suggestions": [
            {**_candidate(s.expert), "score": s.score, "load": s.load, "reasons": s.reasons, "reason": s.reason}
            for s in found.suggestions
        ],
        "excluded": [{**_candidate(x.expert), "reason": x.reason} for x in found.excluded],
        "invited": [
            {"expert_id": a.expert_id, "name": a.expert.profile.name, "state": a.state, "due_on": a.due_on}
            for a in invited
        ],
    }
