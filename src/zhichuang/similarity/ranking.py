"""Rank indexed documents by similarity to a text: the index half of a lookup.

Four indexed queries, whatever the size of the city:
1. the number of indexed documents (IDF's N);
2. the query's terms' document frequencies and posting-list lengths;
3. candidates: documents sharing the most of the query's heaviest terms, counted
   in one GROUP BY over the postings key (lists longer than the cap and terms past
   the read budget are skipped, so a lookup reads a bounded number of rows);
4. the candidates' signatures, re-scored exactly by cosine in Python.
"""

from dataclasses import dataclass

from django.db import connection

from . import engine
from .models import Document, IndexState, Posting, Term
from .services import posting_cap

CANDIDATES = 200  # documents re-scored exactly
# Posting rows a lookup may read. The GROUP BY over them is most of a lookup's time (60,000 rows:
# p50 132 ms at 1M proposals; 10,000: 46 ms). Skipping the longest lists costs no recall: it
# leaves the rarer, more telling terms (bench/similarity_quality.py with 20,000 distractors and the
# budget scaled to that corpus, 200 rows: recall@10 0.978 against 0.950 unbounded).
READ_BUDGET = 10_000


@dataclass(frozen=True)
class Ranked:
    proposal_id: int
    score: float


def query_signature(text: str) -> tuple[engine.Signature, dict[int, tuple[int, int]], int]:
    """The text's signature under the index's current frequencies, its terms' (df, postings), and N."""
    counts = engine.term_counts(text)
    documents = IndexState.objects.filter(pk=1).values_list("documents", flat=True).first() or 0
    if not counts or not documents:
        return engine.Signature((), ()), {}, documents
    rows = Term.objects.filter(hash__in=list(counts)).values_list("hash", "documents", "postings")
    stats = {term: (df, postings) for term, df, postings in rows}
    query = engine.signature(counts, {term: df for term, (df, _) in stats.items()}, documents)
    return query, stats, documents


def rank_similar(text: str, *, exclude_id: int | None = None, limit: int = 10) -> list[Ranked]:
    query, stats, documents = query_signature(text)
    lookup_terms = _lookup_terms(query, stats, posting_cap(documents))
    if not lookup_terms:
        return []
    candidates = _candidates(lookup_terms, exclude_id)
    signatures = Document.objects.filter(proposal_id__in=candidates).values_list("proposal_id", "signature")
    weights = query.as_dict()
    ranked = [Ranked(pk, engine.cosine(weights, engine.Signature.decode(bytes(blob)))) for pk, blob in signatures]
    ranked.sort(key=lambda r: (-r.score, -r.proposal_id))
    return [r for r in ranked if r.score > 0][:limit]


def _lookup_terms(query: engine.Signature, stats: dict[int, tuple[int, int]], cap: int) -> list[int]:
    chosen, budget = [], READ_BUDGET
    for term in query.terms:
        postings = stats.get(term, (0, 0))[1]
        if not postings or postings >= cap or postings > budget:
            continue
        chosen.append(term)
        budget -= postings
        if len(chosen) == engine.QUERY_TERMS:
            break
    return chosen


def _candidates(terms: list[int], exclude_id: int | None) -> list[int]:
    table = connection.ops.quote_name(Posting._meta.db_table)
    placeholders = ", ".join(["%s"] * len(terms))
    params: list[int] = list(terms)
    exclude = ""
    if exclude_id is not None:
        exclude = "AND proposal_id <> %s"
        params.append(exclude_id)
    sql = (
        f"SELECT proposal_id FROM {table} WHERE term IN ({placeholders}) {exclude} "  # noqa: S608 - our names
        f"GROUP BY proposal_id ORDER BY COUNT(*) DESC, proposal_id DESC LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
