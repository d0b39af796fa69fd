"""Reads: similar proposals from the whole city, and Chinese full-text search in the user's scope.

Similar proposals are found city-wide (the same idea in another enterprise is the
point), but what is shown depends on the user: outside their VIEW_PROPOSALS scope
(and not their own) a hit carries only title, enterprise, state and year, never a
person or the text.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from zhichuang.accounts.scoping import scope_for
from zhichuang.proposals.permissions import ProposalPerm

from .ranking import rank_similar
from .services import proposal_text

# At or above this score two proposals are probably the same idea (precision 0.99 on the labelled set).
DUPLICATE_THRESHOLD = 0.25
MAX_SEARCH_TERMS = 8


@dataclass(frozen=True)
class SimilarHit:
    proposal_id: int
    score: float  # 0–1
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
        return self.score >= DUPLICATE_THRESHOLD


def similar_proposals(*, user, text: str, exclude_id: int | None = None, limit: int = 10) -> list[SimilarHit]:
    """The city's proposals most similar to `text`, best first (for the submit form and the evaluator)."""
    from zhichuang.proposals.models import Proposal, ProposalMember

    ranked = rank_similar(text, exclude_id=exclude_id, limit=limit)
    if not ranked:
        return []
    ids = [r.proposal_id for r in ranked]
    proposals = Proposal.objects.select_related("enterprise", "district").in_bulk(ids)
    own = set(
        ProposalMember.objects.filter(proposal_id__in=ids, worker__user_id=user.pk).values_list(
            "proposal_id", flat=True
        )
    )
    scope = scope_for(user, ProposalPerm.VIEW)
    hits = []
    for r in ranked:
        proposal = proposals.get(r.proposal_id)
        if proposal is None:  # deleted since it was indexed
            continue
        visible = proposal.pk in own or proposal.created_by_id == user.pk or scope.covers(proposal.org_path)
        when = proposal.submitted_at or proposal.created_at
        common = {
            "proposal_id": proposal.pk,
            "score": round(r.score, 3),
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
    from zhichuang.proposals.selectors import proposal_get

    proposal = proposal_get(user=user, pk=proposal_id)
    text = proposal_text(
        title=proposal.title, keywords=proposal.keywords, problem=proposal.problem, change=proposal.change
    )
    return similar_proposals(user=user, text=text, exclude_id=proposal.pk, limit=limit)


def search_terms(query: str) -> list[str]:
    return [term for term in query.split() if term][:MAX_SEARCH_TERMS]


def bigrams(term: str) -> list[str]:
    lowered = term.lower()
    return sorted({lowered[i : i + 2] for i in range(len(lowered) - 1)})


# On PostgreSQL, migration 0002 indexes this expression with GIN: a term's bigrams must
# all be present, then LIKE confirms the substring on the few rows left.
_BIGRAMS_SQL = (
    'zhichuang_bigrams(lower("proposals_proposal"."title" || \' \' || "proposals_proposal"."problem" '
    '|| \' \' || "proposals_proposal"."change")) @> %s::text[]'
)


def _containing(queryset: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        queryset = queryset.filter(Q(title__icontains=term) | Q(problem__icontains=term) | Q(change__icontains=term))
    return queryset


def matching_text(queryset: QuerySet, query: str) -> QuerySet:
    """Narrow a proposal queryset to those whose title, problem or change contains every word of the query."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    queryset = _containing(queryset, terms)
    grams = sorted({gram for term in terms for gram in bigrams(term)})
    if grams and connection.vendor == "postgresql":
        # Constant SQL; the bigrams are parameters.
        queryset = queryset.filter(RawSQL(_BIGRAMS_SQL, (grams,), output_field=BooleanField()))  # noqa: S611
    return queryset


# How many of the newest proposals of the list a search page looks at first (TextSearch.page_rows).
SEARCH_WINDOW = 1000
# Searches count their matches up to this many ("1,000+"), in the API too.
SEARCH_COUNT_CAP = 1000


class TextSearch:
    """A full-text search over a list of proposals, paged newest first.

    The bigram index finds the rows containing a rare word in a few milliseconds, but a common
    one ("能耗" is in one proposal in fifteen) matches tens of thousands of rows that the database
    would fetch and sort to show the newest twenty (0.2–2 s at 1M). So a page is first looked
    for among the list's newest SEARCH_WINDOW proposals alone, with LIKE (about 10 ms at 1M):
    every match outside them is older than all of them, so when they hold the whole page it is
    exactly the page the index would give. Only when they do not (a rare word, or a page deep
    down) does the page come from the index. Either way the rows are those of
    matching_text(queryset, query), in the list's order. core.views.paginate and the API's
    pagination page through it like a queryset.
    """

    count_cap = SEARCH_COUNT_CAP

    def __init__(self, queryset: QuerySet, query: str):
        self.queryset = queryset  # the list without the search, in its newest-first order
        self.terms = search_terms(query)
        self.matches = matching_text(queryset, query)

    def page_rows(self, offset: int, limit: int) -> list:
        if not self.terms:
            return []
        newest = self.queryset.values("pk")[:SEARCH_WINDOW]
        rows = list(_containing(self.queryset.filter(pk__in=newest), self.terms)[offset : offset + limit])
        if len(rows) == limit:
            return rows
        return list(self.matches[offset : offset + limit])

    def capped_count(self, cap: int) -> int:
        return self.matches.order_by()[: min(cap, self.count_cap) + 1].count()


def proposal_search(*, user, query: str) -> QuerySet:
    """The user's visible proposals whose title, problem or change contains every word of the query."""
    from zhichuang.proposals.selectors import proposal_list

    queryset = proposal_list(user=user, search=query)
    return queryset if search_terms(query) else queryset.none()
