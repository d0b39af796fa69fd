"""The index on its own, with the toy kind (organisations, tests/similarity/conftest.py)."""

from functools import partial

import pytest

from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE, TOY, UNRELATED
from zhichuang.similarity import engine, ranking, services
from zhichuang.similarity.models import Document, IndexState, Posting, Term
from zhichuang.similarity.services import index_document, index_remove

pytestmark = pytest.mark.usefixtures("toy_kind")
rank_similar = partial(ranking.rank_similar, kind=TOY)


def _text(fields):
    return "\n".join(fields.values())


def index_text(*, object_id, text):
    index_document(kind=TOY, object_id=object_id, fields=[text])


def _code():
    return IndexState.objects.get(kind=TOY).pk


def test_index_text_stores_signature_postings_and_frequencies(db):
    index_text(object_id=7, text=_text(COMPRESSOR))
    assert IndexState.objects.get(kind=TOY).documents == 1
    assert Document.objects.filter(kind=_code(), object_id=7).exists()
    postings = set(Posting.objects.filter(kind=_code(), object_id=7).values_list("term", flat=True))
    signature = engine.Signature.decode(bytes(Document.objects.get(kind=_code(), object_id=7).signature))
    assert postings == set(signature.terms[: len(postings)])  # the heaviest ones, not every term
    assert 0 < len(postings) < len(signature.terms)
    assert set(Term.objects.filter(postings=1).values_list("hash", flat=True)) == postings


def test_index_text_again_replaces_postings_without_counting_twice(db):
    index_text(object_id=7, text=_text(COMPRESSOR))
    index_text(object_id=7, text=_text(COMPRESSOR_ELSEWHERE))
    assert IndexState.objects.get(kind=TOY).documents == 1
    postings = set(Posting.objects.filter(kind=_code(), object_id=7).values_list("term", flat=True))
    assert set(Term.objects.filter(postings=1).values_list("hash", flat=True)) == postings
    assert not Term.objects.filter(postings__lt=0).exists()
    assert not Term.objects.filter(postings__gt=1).exists()


def test_index_remove_takes_the_document_out(db):
    index_text(object_id=7, text=_text(COMPRESSOR))
    index_text(object_id=8, text=_text(COMPRESSOR_ELSEWHERE))
    index_remove(kind=TOY, object_id=7)
    assert IndexState.objects.get(kind=TOY).documents == 1
    assert not Posting.objects.filter(kind=_code(), object_id=7).exists()
    assert [r.object_id for r in rank_similar(_text(COMPRESSOR))] == [8]


def test_rank_similar_finds_the_paraphrase_first(db):
    index_text(object_id=1, text=_text(COMPRESSOR_ELSEWHERE))
    index_text(object_id=2, text="食堂排烟罩清洗改进\n油烟罩油污厚，有火灾隐患。")
    index_text(object_id=3, text="空压机储气罐自动排水改造\n储气罐积水靠人工排放。")
    ranked = rank_similar(_text(COMPRESSOR))
    assert ranked[0].object_id == 1
    assert 0 < ranked[0].score <= 1
    assert 2 not in [r.object_id for r in ranked]


def test_rank_similar_excludes_the_document_itself(db):
    index_text(object_id=1, text=_text(COMPRESSOR))
    assert rank_similar(_text(COMPRESSOR))[0].object_id == 1
    assert rank_similar(_text(COMPRESSOR), exclude_id=1) == []


def test_rank_similar_reads_the_rarest_lists_first_and_the_last_one_in_part(db, monkeypatch):
    # Five copies of the canteen idea make its words' lists long; the compressor's words have short ones.
    for pk in range(1, 6):
        index_text(object_id=pk, text=_text(UNRELATED))
    index_text(object_id=6, text=_text(COMPRESSOR_ELSEWHERE))
    for pk in (7, 8):
        index_text(object_id=pk, text=_text(COMPRESSOR))
    query = _text(COMPRESSOR) + "\n" + UNRELATED["title"]
    found = ranking.query_signature(query, kind=TOY)
    q, stats = found.signature, found.stats
    lengths = sorted(stats[term][1] for term in q.terms if stats.get(term, (0, 0))[1])
    monkeypatch.setattr(ranking, "READ_BUDGET", sum(lengths[:3]) + 1)
    chosen = ranking._lookup_terms(q, stats)
    assert [rows for _term, rows in chosen] == [*lengths[:3], 1]  # three lists whole, the fourth's newest row
    assert [stats[term][1] for term, _rows in chosen] == lengths[:4]
    # The candidates are the documents on the lists read: whole ones, and the last one's newest row.
    *whole, (last, _rows) = chosen
    postings = Posting.objects.filter(kind=_code())
    read = set(postings.filter(term__in=[term for term, _rows in whole]).values_list("object_id", flat=True))
    read.add(postings.filter(term=last).order_by("-object_id").values_list("object_id", flat=True)[0])
    assert {r.object_id for r in rank_similar(query)} == read


def test_rank_similar_finds_a_text_whose_every_list_is_longer_than_the_budget(db, monkeypatch):
    for pk in range(1, 4):
        index_text(object_id=pk, text=_text(UNRELATED))
    monkeypatch.setattr(ranking, "READ_BUDGET", 1)
    assert [r.object_id for r in rank_similar(_text(UNRELATED), exclude_id=3)] == [2]  # the newest, read in part


def test_a_document_of_common_words_only_can_be_found(db, monkeypatch):
    # Every word of the canteen text is in more documents than the cap allows in a posting list.
    monkeypatch.setattr(services, "MIN_POSTING_CAP", 2)
    for pk in range(1, 5):
        index_text(object_id=pk, text=_text(UNRELATED))
    assert Posting.objects.filter(kind=_code(), object_id=4).count() == engine.MIN_POSTING_TERMS
    assert rank_similar(_text(UNRELATED), exclude_id=4)[0].score > 0.99


def test_rank_similar_on_empty_index_or_text(db):
    assert rank_similar(_text(COMPRESSOR)) == []
    index_text(object_id=1, text=_text(COMPRESSOR))
    assert rank_similar("，。") == []
