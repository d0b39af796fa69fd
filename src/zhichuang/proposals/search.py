"""Proposals in the shared search piece (zhichuang.similarity): what is indexed, and who sees which hit.

Proposals are the document kind "proposal" (declared in module.py): their title, keywords,
problem and change are indexed for similar proposals, and a text search looks in the title,
problem and change. Drafts and withdrawn proposals are not indexed (nobody else may see them);
`proposal_reindex` runs in the task the workflow queues after each step commits.

Similar proposals are found city-wide (the same idea in another enterprise is the point), but
what is shown depends on the user: outside their VIEW_PROPOSALS scope (and not their own) a hit
carries only title, enterprise, state and year, never a person or the text.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from zhichuang.accounts.scoping import scope_for
from zhichuang.similarity import selectors as search
from zhichuang.similarity.services import document_text, index_document, index_remove

from .enums import ProposalState
from .models import Proposal, ProposalMember
from .permissions import ProposalPerm
from .selectors import proposal_get, proposal_list

KIND = "proposal"
# Proposals that are private or retracted are not shown to anyone else.
UNINDEXED_STATES = frozenset({ProposalState.DRAFT, ProposalState.WITHDRAWN})
INDEXED_FIELDS = ("title", "keywords", "problem", "change")
BUILD_BATCH = 2000


def proposal_text(*, title: str, keywords: str = "", problem: str = "", change: str = "") -> str:
    """The text a proposal is compared by (what the index holds for it)."""
    return document_text((title, keywords, problem, change))


def proposal_reindex(*, proposal_id: int) -> None:
    """Index a proposal as it is now; drafts, withdrawn and deleted proposals leave the index."""
    row = Proposal.objects.filter(pk=proposal_id).values(*INDEXED_FIELDS, "state").first()
    if row is None or row["state"] in UNINDEXED_STATES:
        index_remove(kind=KIND, object_id=proposal_id)
        return
    index_document(kind=KIND, object_id=proposal_id, fields=[row[name] for name in INDEXED_FIELDS])


def indexable_proposals(batch: int = BUILD_BATCH) -> Iterator[tuple[int, list[str]]]:
    """(id, text fields) of every indexable proposal, in id order, a batch of rows per query (the
    kind's rebuild source)."""
    rows = Proposal.objects.exclude(state__in=UNINDEXED_STATES).order_by("pk")
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", *INDEXED_FIELDS)[:batch])
        if not chunk:
            return
        for pk, *fields in chunk:
            yield pk, fields
        last = chunk[-1][0]


@dataclass(frozen=True)
class SimilarHit:
    proposal_id: int
    score: float  # 0–1
    match: search.MatchKind  # a likely duplicate or merely related (weak matches are not hits)
    title: str
    enterprise_name: str
    state: str
    state_label: str
    year: int | None
    in_scope: bool  # the fields below are filled only when the user may see the proposal
    number: str = ""
    kind_label: str = ""
    district_name: str = ""
    submitted_at: object = None

    @property
    def likely_duplicate(self) -> bool:
        return self.match == search.MatchKind.DUPLICATE


def similar_proposals(*, user, text: str, exclude_id: int | None = None, limit: int = 10) -> list[SimilarHit]:
    """The city's proposals most similar to `text`, best first, each a likely duplicate or related (for the
    submit form, the evaluator's panel and the API); weak matches are left out."""
    ranked = search.similar_documents(kind=KIND, text=text, exclude_id=exclude_id, limit=limit)
    if not ranked:
        return []
    ids = [r.object_id for r in ranked]
    proposals = Proposal.objects.select_related("enterprise", "district").in_bulk(ids)
    own = set(
        ProposalMember.objects.filter(proposal_id__in=ids, worker__user_id=user.pk).values_list(
            "proposal_id", flat=True
        )
    )
    scope = scope_for(user, ProposalPerm.VIEW)
    hits = []
    for r in ranked:
        proposal = proposals.get(r.object_id)
        if proposal is None:  # deleted since it was indexed
            continue
        visible = proposal.pk in own or proposal.created_by_id == user.pk or scope.covers(proposal.org_path)
        when = proposal.submitted_at or proposal.created_at
        common = {
            "proposal_id": proposal.pk,
            "score": round(r.score, 3),
            "match": r.kind,
            "title": proposal.title,
            "enterprise_name": proposal.enterprise.name,
            "state": proposal.state,
            "state_label": proposal.get_state_display(),
            "year": timezone.localtime(when).year if when else None,
            "in_scope": visible,
        }
        if visible:
            common |= {
                "number": proposal.number or "",
                "kind_label": proposal.get_kind_display(),
                "district_name": proposal.district.name if proposal.district_id else "",
                "submitted_at": proposal.submitted_at,
            }
        hits.append(SimilarHit(**common))
    return hits


def similar_to_proposal(*, user, proposal_id: int, limit: int = 10) -> list[SimilarHit]:
    """For the evaluator's page: proposals similar to one the user may see (NotFound otherwise)."""
    proposal = proposal_get(user=user, pk=proposal_id)
    text = proposal_text(
        title=proposal.title, keywords=proposal.keywords, problem=proposal.problem, change=proposal.change
    )
    return similar_proposals(user=user, text=text, exclude_id=proposal.pk, limit=limit)


def proposal_search(*, user, query: str) -> QuerySet:
    """The user's visible proposals whose title, problem or change contains every word of the query."""
    queryset = proposal_list(user=user, search=query)
    return queryset if search.search_terms(query) else queryset.none()
