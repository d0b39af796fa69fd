"""Writes to the similar-proposal index: one proposal at a time, or all of them.

`index_proposal` runs in the task the workflow queues after a submission or edit
commits, so the index follows within seconds. `index_rebuild` is the command's
full build: two passes over the proposals (document frequencies, then signatures)
and bulk writes.

Document frequencies only grow when a new document enters the index; an edit or a
removal does not take its old terms back out (they are no longer known: a
signature keeps 64 of them). IDF is a logarithm of a ratio, so this drift is
small; a rebuild resets it.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from zhichuang.core.bulk import insert_rows, settle

from . import engine
from .models import Document, IndexState, Posting, Term

# Proposals that are private or retracted are not shown to anyone else.
UNINDEXED_STATES = frozenset({"draft", "withdrawn"})
# A term in more than this share of documents is too common to be a posting.
MAX_POSTING_SHARE = 0.02
MIN_POSTING_CAP = 200
BUILD_BATCH = 2000


def proposal_text(*, title: str, keywords: str = "", problem: str = "", change: str = "") -> str:
    return "\n".join(part for part in (title, keywords, problem, change) if part)


def posting_cap(documents: int) -> int:
    return max(MIN_POSTING_CAP, int(documents * MAX_POSTING_SHARE))


def _upsert_terms(rows: list[tuple[int, int, int]]) -> None:
    """Add (documents, postings) deltas per term hash, in hash order so that concurrent tasks never deadlock."""
    if not rows:
        return
    rows.sort()
    table = connection.ops.quote_name(Term._meta.db_table)
    sql = (
        f"INSERT INTO {table} (hash, documents, postings) VALUES (%s, %s, %s) "  # noqa: S608 - our table name
        "ON CONFLICT (hash) DO UPDATE SET documents = "
        f"{table}.documents + excluded.documents, postings = {table}.postings + excluded.postings"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def index_text(*, proposal_id: int, text: str) -> None:
    """Put one document into the index, or refresh it after an edit."""
    counts = engine.term_counts(text)
    if not counts:
        index_remove(proposal_id=proposal_id)
        return
    old = Document.objects.select_for_update().filter(proposal_id=proposal_id).first()
    is_new = old is None
    if is_new:
        IndexState.objects.get_or_create(pk=1)
        IndexState.objects.filter(pk=1).update(documents=F("documents") + 1)
    documents = IndexState.objects.values_list("documents", flat=True).get(pk=1)
    frequency = dict(Term.objects.filter(hash__in=list(counts)).values_list("hash", "documents"))
    if is_new:  # the document counts itself, as in a build
        for term in counts:
            frequency[term] = frequency.get(term, 0) + 1
    sig = engine.signature(counts, frequency, documents)
    new_postings = set(engine.posting_terms(sig, frequency, posting_cap(documents), engine.POSTING_TERMS))
    old_postings = set(Posting.objects.filter(proposal_id=proposal_id).values_list("term", flat=True))

    deltas: dict[int, list[int]] = {}
    if is_new:
        for term in counts:
            deltas[term] = [1, 0]
    for term in new_postings - old_postings:
        deltas.setdefault(term, [0, 0])[1] += 1
    for term in old_postings - new_postings:
        deltas.setdefault(term, [0, 0])[1] -= 1
    _upsert_terms([(term, d, p) for term, (d, p) in deltas.items()])

    Posting.objects.filter(proposal_id=proposal_id, term__in=old_postings - new_postings).delete()
    Posting.objects.bulk_create(
        [Posting(term=term, proposal_id=proposal_id) for term in new_postings - old_postings],
    )
    Document.objects.update_or_create(
        proposal_id=proposal_id, defaults={"signature": sig.encode(), "indexed_at": timezone.now()}
    )


@transaction.atomic
def index_remove(*, proposal_id: int) -> None:
    """Take a document out of the index (it no longer shows as similar to anything)."""
    deleted, _ = Document.objects.filter(proposal_id=proposal_id).delete()
    if not deleted:
        return
    terms = list(Posting.objects.filter(proposal_id=proposal_id).values_list("term", flat=True))
    _upsert_terms([(term, 0, -1) for term in terms])
    Posting.objects.filter(proposal_id=proposal_id).delete()
    IndexState.objects.filter(pk=1).update(documents=F("documents") - 1)


def index_proposal(*, proposal_id: int) -> None:
    """Index a proposal as it is now; drafts, withdrawn and deleted proposals leave the index."""
    from zhichuang.proposals.models import Proposal  # the index is a layer over proposals

    row = Proposal.objects.filter(pk=proposal_id).values("title", "keywords", "problem", "change", "state").first()
    if row is None or row["state"] in UNINDEXED_STATES:
        index_remove(proposal_id=proposal_id)
        return
    index_text(
        proposal_id=proposal_id,
        text=proposal_text(title=row["title"], keywords=row["keywords"], problem=row["problem"], change=row["change"]),
    )


def _proposal_texts(batch: int = BUILD_BATCH) -> Iterator[tuple[int, str]]:
    """(id, text) of every indexable proposal, in id order, a batch of rows per query."""
    from zhichuang.proposals.models import Proposal

    rows = Proposal.objects.exclude(state__in=UNINDEXED_STATES).order_by("pk")
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", "title", "keywords", "problem", "change")[:batch])
        if not chunk:
            return
        for pk, title, keywords, problem, change in chunk:
            yield pk, proposal_text(title=title, keywords=keywords, problem=problem, change=change)
        last = chunk[-1][0]


def index_rebuild(
    *,
    documents: Callable[[], Iterable[tuple[int, str]]] | None = None,
    total: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Build the whole index from scratch; returns the number of documents.

    `documents` is a callable returning (id, text) pairs (called twice: one pass for
    frequencies, one for signatures); by default every indexable proposal.
    `progress(done, total)` is called as the two passes advance (total counts both).
    """
    source = documents or _proposal_texts
    if total is None:
        total = sum(1 for _ in source())
    report = progress or (lambda done, total: None)

    frequency: Counter = Counter()
    count = 0
    for count, (_pk, text) in enumerate(source(), start=1):
        frequency.update(engine.term_counts(text).keys())
        if count % BUILD_BATCH == 0:
            report(count, 2 * total)
    documents_total = count
    cap = posting_cap(documents_total)
    postings_per_term: Counter = Counter()
    now = timezone.now()

    with transaction.atomic():
        _clear()
        signatures: list[tuple[int, bytes, object]] = []
        postings: list[tuple[int, int]] = []
        done = documents_total
        for pk, text in source():
            counts = engine.term_counts(text)
            if not counts:
                continue
            sig = engine.signature(counts, frequency, documents_total)
            signatures.append((pk, sig.encode(), now))
            for term in engine.posting_terms(sig, frequency, cap, engine.POSTING_TERMS):
                postings.append((term, pk))
                postings_per_term[term] += 1
            done += 1
            if len(signatures) >= BUILD_BATCH:
                insert_rows(Document, ["proposal_id", "signature", "indexed_at"], signatures)
                insert_rows(Posting, ["term", "proposal_id"], postings)
                signatures, postings = [], []
                report(done, 2 * total)
        insert_rows(Document, ["proposal_id", "signature", "indexed_at"], signatures)
        insert_rows(Posting, ["term", "proposal_id"], postings)
        insert_rows(
            Term,
            ["hash", "documents", "postings"],
            ((term, df, postings_per_term.get(term, 0)) for term, df in frequency.items()),
        )
        IndexState.objects.update_or_create(pk=1, defaults={"documents": documents_total, "built_at": now})
    settle(Document, Posting, Term)
    report(2 * total, 2 * total)
    return documents_total


def _clear() -> None:
    if connection.vendor != "postgresql":
        for model in (Posting, Document, Term):
            model.objects.all().delete()
        return
    names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Posting, Document, Term))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {names}")
