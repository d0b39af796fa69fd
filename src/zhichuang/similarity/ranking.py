"""Rank indexed documents of a kind by similarity to a text: the index half of a lookup.

Four indexed queries, whatever the size of the city:
1. the kind's code and its number of indexed documents (IDF's N);
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
    object_id: int
    score: float


@dataclass(frozen=True)
class Query:
    signature: engine.Signature
    stats: dict[int, tuple[int, int]]  # the text's terms' (document frequency, posting-list length)
    documents: int  # N
    code: int | None  # the kind's code in the index tables (None: nothing of the kind indexed yet)


def query_signature(text: str, *, kind: str) -> Query:
    """The text's signature under the kind's current frequencies, its terms' (df, postings), and N."""
    counts = engine.term_counts(text)
    code, documents = IndexState.objects.filter(kind=kind).values_list("pk", "documents").first() or (None, 0)
    if not counts or not documents:
        return Query(engine.Signature((), ()), {}, documents, code)
    rows = Term.objects.filter(kind=code, hash__in=list(counts)).values_list("hash", "documents", "postings")
    stats = {term: (df, postings) for term, df, postings in rows}
    query = engine.signature(counts, {term: df for term, (df, _) in stats.items()}, documents)
    return Query(query, stats, documents, code)


def rank_similar(text: str, *, kind: str, exclude_id: int | None = None, limit: int = 10) -> list[Ranked]:
    """The kind's indexed documents most similar to the text, best first (newest first among equals)."""
    query = query_signature(text, kind=kind)
    lookup_terms = _lookup_terms(query.signature, query.stats)
    if not lookup_terms:
        return []
    candidates = _candidates(query.code, lookup_terms, exclude_id)
    signatures = Document.objects.filter(kind=query.code, object_id__in=candidates).values_list(
        "object_id", "signature"
    )
    weights = query.signature.as_dict()
    ranked = [Ranked(pk, engine.cosine_encoded(weights, bytes(blob))) for pk, blob in signatures]
    ranked.sort(key=lambda r: (-r.score, -r.object_id))
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


def _candidates(code: int, terms: list[tuple[int, int]], exclude_id: int | None) -> list[int]:
    """The documents sharing the most of the terms, counted in one GROUP BY over the postings key:
    the lists read whole in one IN, the last one chosen (perhaps in part) newest first by the key."""
    # Every value is a bound parameter; only our own table name is formatted into the SQL text.
    table = connection.ops.quote_name(Posting._meta.db_table)
    *whole, (last, last_rows) = terms
    # The excluded document (the one being evaluated, often the newest) must not take a row of a part read.
    exclude, excluded = ("AND object_id <> %s", [exclude_id]) if exclude_id is not None else ("", [])
    part = f"SELECT object_id FROM {table} WHERE kind = %s AND term = %s {exclude} ORDER BY object_id DESC LIMIT %s"  # noqa: S608
    reads = [f"SELECT * FROM ({part}) l"]  # noqa: S608
    params = [code, last, *excluded, last_rows]
    if whole:
        listed = ", ".join(["%s"] * len(whole))
        reads.insert(0, f"SELECT object_id FROM {table} WHERE kind = %s AND term IN ({listed}) {exclude}")  # noqa: S608
        params = [code] + [term for term, _rows in whole] + excluded + params
    sql = (
        f"SELECT object_id FROM ({' UNION ALL '.join(reads)}) hits "  # noqa: S608
        f"GROUP BY object_id ORDER BY COUNT(*) DESC, object_id DESC LIMIT {CANDIDATES}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
