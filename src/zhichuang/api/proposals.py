from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate

from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.core.validators import ID_MAX
from zhichuang.proposals.listings import PROPOSALS
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.search import similar_to_proposal
from zhichuang.proposals.selectors import (
    colleague_list,
    merged_duplicates,
    proposal_get,
    proposal_members,
    transition_list,
)
from zhichuang.proposals.services import proposal_save_draft, proposal_submit
from zhichuang.proposals.workflow import allowed_targets, proposal_transition

from .auth import acting
from .listings import api_rows, query_schema
from .pagination import CappedLimitOffsetPagination
from .proposal_schemas import ProposalDetailOut, ProposalIn, ProposalOut, SimilarOut, TransitionIn

router = Router(tags=["proposals"])


# The list page's filters (proposals.listings.PROPOSALS), bounded like them: a value the database cannot
# compare is refused as invalid (422) instead of failing the query.
ProposalFilters = query_schema(PROPOSALS)


@router.get("/proposals", response=list[ProposalOut], summary="Proposals in your scope and your own, newest first")
@paginate(CappedLimitOffsetPagination)
def proposals(request, filters: Query[ProposalFilters]):
    return api_rows(PROPOSALS, request, filters)


def _detail(user, pk: int) -> Proposal:
    proposal = proposal_get(user=user, pk=pk)
    proposal.member_list = proposal_members(proposal=proposal)
    proposal.transition_list = transition_list(proposal=proposal)
    proposal.duplicates = merged_duplicates(user=user, proposal=proposal)
    proposal.allowed_transitions = allowed_targets(user=user, proposal=proposal, members=proposal.member_list)
    return proposal


@router.get("/proposals/{int:proposal_id}", response=ProposalDetailOut, summary="One proposal with its history")
def proposal_detail(request, proposal_id: int = Path(..., ge=1, le=ID_MAX)):
    return _detail(request.auth, proposal_id)


def _members(user, members) -> list | None:
    """The payload's proposers as workers: colleagues of the caller's enterprise only."""
    if members is None:
        return None
    colleagues = colleague_list(user=user)
    workers = colleagues.in_bulk([m.worker_id for m in members])
    if any(m.worker_id not in workers for m in members):
        if not colleagues.exists():
            raise PermissionDenied(_("Only a worker can hand in a proposal."))
        raise ValidationFailed(details={"members": [_("Co-proposers must work for the same enterprise.")]})
    return [(workers[m.worker_id], m.share) for m in members]


@router.post(
    "/proposals",
    response={200: ProposalDetailOut, 201: ProposalDetailOut},
    summary="Save a draft, or create and submit a proposal (idempotent by client_token)",
)
def proposal_create(request, payload: ProposalIn):
    user = request.auth
    # Only what the client sent: a draft may leave any field empty for now.
    fields = payload.dict(exclude={"submit", "client_token", "members", "campaign_id"}, exclude_unset=True)
    if "campaign_id" in payload.model_fields_set:
        fields["campaign"] = payload.campaign_id
    members = _members(user, payload.members)
    with acting(request):
        if not payload.submit:
            proposal = proposal_save_draft(actor=user, members=members, **fields)
            return Status(201, _detail(user, proposal.pk))
        if payload.client_token is None:
            raise ValidationFailed(details={"client_token": [_("This field is required.")]})
        replay = Proposal.objects.filter(client_token=payload.client_token).exists()
        proposal = proposal_submit(actor=user, client_token=payload.client_token, members=members, **fields)
    return Status(200 if replay else 201, _detail(user, proposal.pk))


@router.post(
    "/proposals/{int:proposal_id}/transitions",
    response=ProposalDetailOut,
    summary="Move a proposal to another state (refused with 400, 403 or 409 and nothing changed)",
)
def proposal_move(request, payload: TransitionIn, proposal_id: int = Path(..., ge=1, le=ID_MAX)):
    proposal = proposal_get(user=request.auth, pk=proposal_id)
    with acting(request):
        proposal_transition(
            actor=request.auth,
            proposal=proposal,
            to_state=payload.to_state,
            reason=payload.reason,
            data=payload.data.dict(exclude_none=True),
            expected_version=payload.expected_version,
        )
    return _detail(request.auth, proposal_id)


@router.get(
    "/proposals/{int:proposal_id}/similar",
    response=list[SimilarOut],
    summary="Similar proposals city-wide, each a likely duplicate or related; weak matches left out "
    "(outside your scope: title, enterprise, state and year only)",
)
def proposal_similar(request, proposal_id: int = Path(..., ge=1, le=ID_MAX), limit: int = Query(10, ge=1, le=50)):
    return similar_to_proposal(user=request.auth, proposal_id=proposal_id, limit=limit)
