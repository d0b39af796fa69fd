"""Rank indexed documents by similarity to a text: the index half of a lookup.

Four indexed queries, whatever the size of the city:
1. the number of indexed documents (IDF's N);
2. the query's terms' document frequencies and posting-list lengths;
3. candidates: documents sharing the most of the query's terms, counted in one
   GROUP BY over the postings key (rarest lists first, at most READ_BUDGET rows);
4. the candidates' signatures, re-scored exactly by cosine in Python.
"""

from dataclasses import dataclass

from django.db import connection

from . import engine
from .models import Document, IndexState, Posting, Term

CANDIDATES = 200  # documents re-scored exactly
# Posting rows a lookup may read; the GROUP BY over them is most of a lookup's time. The rarest lists
# are read first: they are the most telling terms, and leaving out the longest ones costs no recall
# (bench/similarity_quality.py among 20,000 distractors with the budget scaled to that corpus:
# recall@10 0.966 against 0.950 reading every list; docs/benchmarks.md "Similar proposals").
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
    query, stats, _documents = query_signature(text)
    lookup_terms = _lookup_terms(query, stats)
    if not lookup_terms:
        return []
    candidates = _candidates(lookup_terms, exclude_id)
    signatures = Document.objects.filter(proposal_id__in=candidates).values_list("proposal_id", "signature")
    weights = query.as_dict()
    ranked = [Ranked(pk, engine.cosine(weights, engine.Signature.decode(bytes(blob)))) for pk, blob in signatures]
    ranked.sort(key=lambda r: (-r.score, -r.proposal_id))
    return [r for r in ranked if r.score > 0][:limit]


def _lookup_terms(query: engine.Signature, stats: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    """(term, rows to read) for the query's posted terms, rarest first, within the read budget: the
    lists that fit are read whole, the first that does not is read in part (its newest rows), so a
    text whose every term has a long list still finds candidates."""
    posted = sorted((stats[term][1], term) for term in query.terms[: engine.QUERY_TERMS] if stats.get(term, (0, 0))[1])
    chosen, budget = [], READ_BUDGET
    for postings, term in posted:
        if budget <= 0:
            break
        chosen.append((term, min(postings, budget)))
        budget -= postings
    return chosen


def _candidates(terms: list[tuple[int, int]], exclude_id: int | None) -> list[int]:
    """The documents sharing the most of the terms, counted in one GROUP BY over the postings key:
    the lists read whole in one IN, the last one chosen (perhaps in part) newest first by the key."""
    # Every value is a bound parameter; only our own table name is formatted into the SQL text.
    table = connection.ops.quote_name(Posting._meta.db_table)
    *whole, (last, last_rows) = terms
    # The excluded document (the one being evaluated, often the newest) must not take a row of a part read.
    exclude, excluded = ("AND proposal_id <> %s", [exclude_id]) if exclude_id is not None else ("", [])
    part = f"SELECT proposal_id FROM {table} WHERE term = %s {exclude} ORDER BY proposal_id DESC LIMIT %s"  # noqa: S608
    reads = [f"SELECT * FROM ({part}) l"]  # noqa: S608
    params = [last, *excluded, last_rows]
    if whole:
        reads.insert(0, f"SELECT proposal_id FROM {table} WHERE term IN ({', '.join(['%s'] * len(whole))}) {exclude}")  # noqa: S608
        params = [term for term, _rows in whole] + excluded + params
    sql = (
        f"SELECT proposal_id FROM ({' UNION ALL '.join(reads)}) hits "  # noqa: S608
        f"GROUP BY proposal_id ORDER BY COUNT(*) DESC, proposal_id DESC LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
