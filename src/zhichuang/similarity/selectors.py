"""Reads: similar documents of a kind, and Chinese full-text search over a module's queryset.

Neither knows who is asking. Similar documents are found across the whole kind (the same
idea in another enterprise is the point); the owning module decides what of each hit a
user may see. A text search narrows the queryset it is given, so its results are exactly
as scoped as that queryset.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .kinds import kind_of_model
from .ranking import rank_similar

# Chosen on the labelled set (bench/similarity_quality.py, docs/benchmarks.md "Similar proposals"):
# at or above DUPLICATE_THRESHOLD two documents are probably the same idea (precision 0.99 over the
# labelled pairs; 1 % of hard negatives reach it); at or above RELATED_THRESHOLD they are worth a look;
# below it a match is weak (texts that share a few common words) and is not shown at all.
DUPLICATE_THRESHOLD = 0.30
RELATED_THRESHOLD = 0.25
MAX_SEARCH_TERMS = 8


class MatchKind(StrEnum):
    DUPLICATE = "duplicate"  # probably the same idea
    RELATED = "related"  # shares the subject, probably another idea


def match_kind(score: float) -> MatchKind | None:
    """What a score means to a reader; None for a weak match, which is not shown."""
    if score >= DUPLICATE_THRESHOLD:
        return MatchKind.DUPLICATE
    if score >= RELATED_THRESHOLD:
        return MatchKind.RELATED
    return None


@dataclass(frozen=True)
class Match:
    object_id: int
    score: float  # 0–1
    kind: MatchKind


def similar_documents(*, kind: str, text: str, exclude_id: int | None = None, limit: int = 10) -> list[Match]:
    """The kind's indexed documents most similar to `text`, best first, each a likely duplicate or
    related; weak matches are left out."""
    matches = []
    for ranked in rank_similar(text, kind=kind, exclude_id=exclude_id, limit=limit):
        meaning = match_kind(ranked.score)
        if meaning is None:
            break  # best first: every later one is weaker
        matches.append(Match(ranked.object_id, ranked.score, meaning))
    return matches


def search_terms(query: str) -> list[str]:
    return [term for term in query.split() if term][:MAX_SEARCH_TERMS]


def bigrams(term: str) -> list[str]:
    lowered = term.lower()
    return sorted({lowered[i : i + 2] for i in range(len(lowered) - 1)})


def bigrams_sql(model) -> str:
    """The bigram containment test over the kind's search fields, in their declared order. On
    PostgreSQL the owning module's migration indexes the same expression with GIN,
    `zhichuang_bigrams(lower(f1 || ' ' || f2 ...))` (proposals 0010): a term's bigrams must all
    be present, then LIKE confirms the substring on the few rows left."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [f"{table}.{quote(model._meta.get_field(name).column)}" for name in kind_of_model(model).search_fields]
    text = " || ' ' || ".join(columns)
    return f"zhichuang_bigrams(lower({text})) @> %s::text[]"


def _containing(queryset: QuerySet, terms: list[str]) -> QuerySet:
    fields = kind_of_model(queryset.model).search_fields
    for term in terms:
        anywhere = Q()
        for name in fields:
            anywhere |= Q(**{f"{name}__icontains": term})
        queryset = queryset.filter(anywhere)
    return queryset


def matching_text(queryset: QuerySet, query: str) -> QuerySet:
    """Narrow a queryset of a declared kind's model to the records whose search fields hold every
    word of the query (each word in one of them)."""
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    queryset = _containing(queryset, terms)
    grams = sorted({gram for term in terms for gram in bigrams(term)})
    if grams and connection.vendor == "postgresql":
        # Our own table and column names; the bigrams are parameters.
        sql = bigrams_sql(queryset.model)
        queryset = queryset.filter(RawSQL(sql, (grams,), output_field=BooleanField()))  # noqa: S611
    return queryset


# How many of the newest records of the list a search page looks at first (TextSearch.page_rows).
SEARCH_WINDOW = 1000
# Searches count their matches up to this many ("1,000+"), in the API too.
SEARCH_COUNT_CAP = 1000


class TextSearch:
    """A full-text search over a list (a queryset of a declared kind's model), paged newest first.

    The bigram index finds the rows containing a rare word in a few milliseconds, but a common
    one ("能耗" is in one proposal in fifteen) matches tens of thousands of rows that the database
    would fetch and sort to show the newest twenty (0.2–2 s at 1M). So a page is first looked
    for among the list's newest SEARCH_WINDOW records alone, with LIKE (about 10 ms at 1M):
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
