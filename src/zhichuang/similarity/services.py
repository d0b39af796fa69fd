"""Writes to the similar-document index: one document at a time, or a whole kind.

The module that owns the records calls `index_document` when one is created or its text
changes (proposals from the task its workflow queues after a commit, so the index follows
within seconds) and `index_remove` when it leaves the index. `index_rebuild` is the build
command's full build of a kind: two passes over the kind's documents (document
frequencies, then signatures) and bulk writes.

Document frequencies only grow when a new document enters the index; an edit or a
removal does not take its old terms back out (they are no longer known: a
signature keeps at most 256 of them). IDF is a logarithm of a ratio, so this drift is
small; a rebuild resets it.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from zhichuang.core.bulk import insert_rows, settle

from . import engine
from .kinds import kind_named
from .models import Document, IndexState, Posting, Term

# A term in more than this share of documents is too common to be a posting.
MAX_POSTING_SHARE = 0.02
MIN_POSTING_CAP = 200
BUILD_BATCH = 2000


def document_text(fields: Iterable[str]) -> str:
    """The indexed text of a record: its non-empty text fields, one a line."""
    return "\n".join(part for part in fields if part)


def posting_cap(documents: int) -> int:
    return max(MIN_POSTING_CAP, int(documents * MAX_POSTING_SHARE))


def kind_state(kind: str, *, lock: bool = False) -> IndexState:
    """The kind's row (made on first use): its code in the index tables and its document count."""
    kind_named(kind)  # a kind no module declares is a mistake, not a new corpus
    rows = IndexState.objects.select_for_update() if lock else IndexState.objects
    state = rows.filter(kind=kind).first()
    if state is None:
        state, _created = IndexState.objects.get_or_create(kind=kind)
    return state


def _upsert_terms(code: int, rows: list[tuple[int, int, int]]) -> None:
    """Add (documents, postings) deltas per term hash, in hash order so that concurrent tasks never deadlock."""
    if not rows:
        return
    rows.sort()
    table = connection.ops.quote_name(Term._meta.db_table)
    sql = (
        f"INSERT INTO {table} (kind, hash, documents, postings) VALUES (%s, %s, %s, %s) "  # noqa: S608 - our table name
        "ON CONFLICT (kind, hash) DO UPDATE SET documents = "
        f"{table}.documents + excluded.documents, postings = {table}.postings + excluded.postings"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(code, *row) for row in rows])


@transaction.atomic
def index_document(*, kind: str, object_id: int, fields: Sequence[str]) -> None:
    """Put one record of a kind into the index, or refresh it after an edit (fields: its texts)."""
    counts = engine.term_counts(document_text(fields))
    if not counts:
        index_remove(kind=kind, object_id=object_id)
        return
    state = kind_state(kind)
    code, documents = state.pk, state.documents
    old = Document.objects.select_for_update().filter(kind=code, object_id=object_id).first()
    is_new = old is None
    if is_new:
        IndexState.objects.filter(pk=code).update(documents=F("documents") + 1)
        documents += 1
    frequency = dict(Term.objects.filter(kind=code, hash__in=list(counts)).values_list("hash", "documents"))
    if is_new:  # the document counts itself, as in a build
        for term in counts:
            frequency[term] = frequency.get(term, 0) + 1
    sig = engine.signature(counts, frequency, documents)
    new_postings = set(engine.posting_terms(sig, frequency, posting_cap(documents)))
    mine = Posting.objects.filter(kind=code, object_id=object_id)
    old_postings = set(mine.values_list("term", flat=True))

    deltas: dict[int, list[int]] = {}
    if is_new:
        for term in counts:
            deltas[term] = [1, 0]
    for term in new_postings - old_postings:
        deltas.setdefault(term, [0, 0])[1] += 1
    for term in old_postings - new_postings:
        deltas.setdefault(term, [0, 0])[1] -= 1
    _upsert_terms(code, [(term, d, p) for term, (d, p) in deltas.items()])

    mine.filter(term__in=old_postings - new_postings).delete()
    Posting.objects.bulk_create(
        [Posting(kind=code, term=term, object_id=object_id) for term in new_postings - old_postings],
    )
    Document.objects.update_or_create(
        kind=code, object_id=object_id, defaults={"signature": sig.encode(), "indexed_at": timezone.now()}
    )


@transaction.atomic
def index_remove(*, kind: str, object_id: int) -> None:
    """Take a record out of the index (it no longer shows as similar to anything)."""
    kind_named(kind)
    code = IndexState.objects.filter(kind=kind).values_list("pk", flat=True).first()
    if code is None:
        return
    deleted, _ = Document.objects.filter(kind=code, object_id=object_id).delete()
    if not deleted:
        return
    mine = Posting.objects.filter(kind=code, object_id=object_id)
    _upsert_terms(code, [(term, 0, -1) for term in mine.values_list("term", flat=True)])
    mine.delete()
    IndexState.objects.filter(pk=code).update(documents=F("documents") - 1)


def index_rebuild(
    *,
    kind: str,
    documents: Callable[[], Iterable[tuple[int, Sequence[str]]]] | None = None,
    total: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Build a kind's whole index from scratch; returns the number of documents.

    `documents` is a callable returning (id, text fields) pairs (called twice: one pass for
    frequencies, one for signatures); by default the kind's declared source, every indexable
    record. `progress(done, total)` is called as the two passes advance (total counts both).
    """
    declared = kind_named(kind)
    source: Callable[[], Iterator] = documents or declared.all_documents
    if total is None:
        total = sum(1 for _ in source())
    report = progress or (lambda done, total: None)

    frequency: Counter = Counter()
    count = 0
    for count, (_pk, fields) in enumerate(source(), start=1):
        frequency.update(engine.term_counts(document_text(fields)).keys())
        if count % BUILD_BATCH == 0:
            report(count, 2 * total)
    documents_total = count
    cap = posting_cap(documents_total)
    postings_per_term: Counter = Counter()
    now = timezone.now()

    with transaction.atomic():
        code = kind_state(kind, lock=True).pk
        _clear(code)
        signatures: list[tuple[int, bytes, object]] = []
        postings: list[tuple[int, int]] = []
        done = documents_total
        for pk, fields in source():
            counts = engine.term_counts(document_text(fields))
            if not counts:
                continue
            sig = engine.signature(counts, frequency, documents_total)
            signatures.append((pk, sig.encode(), now))
            for term in engine.posting_terms(sig, frequency, cap):
                postings.append((term, pk))
                postings_per_term[term] += 1
            done += 1
            if len(signatures) >= BUILD_BATCH:
                insert_rows(Document, ["object_id", "signature", "indexed_at"], signatures, kind=code)
                insert_rows(Posting, ["term", "object_id"], postings, kind=code)
                signatures, postings = [], []
                report(done, 2 * total)
        insert_rows(Document, ["object_id", "signature", "indexed_at"], signatures, kind=code)
        insert_rows(Posting, ["term", "object_id"], postings, kind=code)
        insert_rows(
            Term,
            ["hash", "documents", "postings"],
            ((term, df, postings_per_term.get(term, 0)) for term, df in frequency.items()),
            kind=code,
        )
        IndexState.objects.filter(pk=code).update(documents=documents_total, built_at=now)
    settle(Document, Posting, Term)
    report(2 * total, 2 * total)
    return documents_total


def _clear(code: int) -> None:
    """Empty the kind's part of the index: TRUNCATE on PostgreSQL while no other kind has any (far
    faster than deleting millions of rows, and no dead rows left behind)."""
    tables = (Posting, Document, Term)
    if connection.vendor == "postgresql" and not Term.objects.exclude(kind=code).exists():
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names}")
        return
    for model in tables:
        model.objects.filter(kind=code).delete()
