"""The search piece on its own: a toy document kind (organisations, searched by name and address)
indexed, matched and text-searched, with no proposal anywhere."""

import dataclasses

import pytest
from django.db import connection

from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE, TOY, TOY_KIND, UNRELATED
from zhichuang.accounts.models import Worker
from zhichuang.orgs.models import Organization
from zhichuang.similarity import selectors
from zhichuang.similarity.kinds import document_kinds, kind_of_model
from zhichuang.similarity.models import Document, IndexState
from zhichuang.similarity.selectors import TextSearch, matching_text, similar_documents
from zhichuang.similarity.services import index_document, index_rebuild, index_remove


def _fields(idea):
    return [idea["title"], idea["problem"], idea["change"]]


def test_similar_documents_of_a_kind_best_first(toy_kind):
    index_document(kind=TOY, object_id=1, fields=_fields(COMPRESSOR_ELSEWHERE))
    index_document(kind=TOY, object_id=2, fields=_fields(UNRELATED))
    index_document(kind=TOY, object_id=3, fields=_fields(COMPRESSOR))
    hits = similar_documents(kind=TOY, text="\n".join(_fields(COMPRESSOR)), exclude_id=3)
    assert [h.object_id for h in hits][:1] == [1]
    assert 0 < hits[0].score <= 1
    assert hits[0].score >= selectors.DUPLICATE_THRESHOLD  # a paraphrase of the same idea
    assert all(h.score < selectors.DUPLICATE_THRESHOLD for h in hits[1:])  # the canteen shares a word or two
    index_remove(kind=TOY, object_id=1)
    assert 1 not in [h.object_id for h in similar_documents(kind=TOY, text="\n".join(_fields(COMPRESSOR)))]


def test_kinds_are_separate_corpora(toy_kind, monkeypatch):
    other = dataclasses.replace(TOY_KIND, name="organisation-b")
    monkeypatch.setitem(document_kinds(), other.name, other)
    index_document(kind=TOY, object_id=1, fields=_fields(COMPRESSOR_ELSEWHERE))
    index_document(kind=other.name, object_id=1, fields=_fields(UNRELATED))  # the same id in another kind
    index_document(kind=other.name, object_id=2, fields=_fields(UNRELATED))
    text = "\n".join(_fields(COMPRESSOR))
    assert [h.object_id for h in similar_documents(kind=TOY, text=text)] == [1]
    assert similar_documents(kind=other.name, text=text) == []
    assert [h.object_id for h in similar_documents(kind=other.name, text=UNRELATED["title"], exclude_id=2)] == [1]
    assert dict(IndexState.objects.values_list("kind", "documents")) == {TOY: 1, other.name: 2}
    # A rebuild of one kind leaves the other's documents alone.
    assert index_rebuild(kind=other.name, documents=lambda: [(5, [UNRELATED["title"]])]) == 1
    assert [h.object_id for h in similar_documents(kind=TOY, text=text)] == [1]
    assert [h.object_id for h in similar_documents(kind=other.name, text=UNRELATED["title"])] == [5]


def test_a_kind_no_module_declares_is_refused(db):
    with pytest.raises(LookupError):
        index_document(kind="nobody", object_id=1, fields=["空压机"])
    with pytest.raises(LookupError):
        matching_text(Worker.objects.all(), "张")  # no kind declared for workers


def test_rebuild_reads_the_kinds_declared_source(city_tree, toy_kind):
    Organization.objects.filter(pk=city_tree["port"].pk).update(address="南港码头空气压缩机房")
    assert index_rebuild(kind=TOY) == Organization.objects.count()
    code = IndexState.objects.get(kind=TOY).pk
    assert set(Document.objects.filter(kind=code).values_list("object_id", flat=True)) == set(
        Organization.objects.values_list("pk", flat=True)
    )
    assert similar_documents(kind=TOY, text="空气压缩机 码头")[0].object_id == city_tree["port"].pk


@pytest.fixture
def organisations(city_tree, toy_kind):
    Organization.objects.filter(pk=city_tree["steel"].pk).update(address="北区钢城路1号")
    Organization.objects.filter(pk=city_tree["port"].pk).update(address="南区港湾路8号")
    return city_tree


def test_text_search_narrows_the_given_queryset_of_any_declared_kind(organisations):
    tree = organisations
    everyone = Organization.objects.order_by("pk")
    assert list(matching_text(everyone, "北钢")) == [tree["steel"]]  # in the name
    assert list(matching_text(everyone, "港湾路")) == [tree["port"]]  # in the address
    assert list(matching_text(everyone, "北区 钢城")) == [tree["steel"]]  # every word, each in either field
    assert list(matching_text(everyone, "钢城 港湾")) == []
    assert list(matching_text(everyone, "  ")) == []
    # Only what the caller passes: the northern district's subtree never yields the port.
    north = everyone.filter(path__startswith=tree["north"].path)
    assert list(matching_text(north, "路")) == [tree["steel"]]


def test_text_search_pages_a_kinds_queryset(organisations, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 1)
    newest_first = Organization.objects.order_by("-pk")
    results = TextSearch(newest_first, "区")
    expected = list(matching_text(newest_first, "区"))
    assert len(expected) >= 3
    assert [o.pk for offset in range(0, 8, 2) for o in results.page_rows(offset, 2)] == [o.pk for o in expected]
    assert results.capped_count(1000) == len(expected)


def test_the_kind_of_a_model(toy_kind):
    assert kind_of_model(Organization) is TOY_KIND
    assert document_kinds()["proposal"].model == "proposals.Proposal"  # declared in proposals/module.py


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bigram index")
def test_postgresql_search_filters_on_the_indexed_bigram_expression(organisations):
    sql = str(matching_text(Organization.objects.all(), "北钢").query)
    assert 'zhichuang_bigrams(lower("orgs_organization"."name" || \' \' || "orgs_organization"."address"))' in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
def test_postgresql_connections_get_enough_work_mem_for_search(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"


def test_match_kind_by_the_thresholds():
    assert selectors.RELATED_THRESHOLD < selectors.DUPLICATE_THRESHOLD
    assert selectors.match_kind(1.0) == selectors.MatchKind.DUPLICATE
    assert selectors.match_kind(selectors.DUPLICATE_THRESHOLD) == selectors.MatchKind.DUPLICATE
    assert selectors.match_kind(selectors.DUPLICATE_THRESHOLD - 0.001) == selectors.MatchKind.RELATED
    assert selectors.match_kind(selectors.RELATED_THRESHOLD) == selectors.MatchKind.RELATED
    assert selectors.match_kind(selectors.RELATED_THRESHOLD - 0.001) is None


def test_similar_documents_are_duplicates_or_related_and_weak_ones_are_hidden(toy_kind, monkeypatch):
    from zhichuang.similarity.ranking import rank_similar

    index_document(kind=TOY, object_id=1, fields=_fields(COMPRESSOR))  # the same text: a duplicate
    index_document(kind=TOY, object_id=2, fields=_fields(COMPRESSOR_ELSEWHERE))  # a paraphrase
    index_document(
        kind=TOY, object_id=3, fields=["车间照明改造", "车间灯具老化，电费高。", "改为LED灯。"]
    )  # a word or two
    index_document(kind=TOY, object_id=4, fields=_fields(UNRELATED))
    text = "\n".join(_fields(COMPRESSOR))
    scores = {r.object_id: r.score for r in rank_similar(text, kind=TOY)}
    assert set(scores) == {1, 2, 3} and scores[3] < selectors.RELATED_THRESHOLD
    hits = similar_documents(kind=TOY, text=text)
    assert [(h.object_id, h.kind) for h in hits][:1] == [(1, selectors.MatchKind.DUPLICATE)]
    assert 3 not in [h.object_id for h in hits]  # weak: not shown
    # The paraphrase is related with the related threshold just under its score and the duplicate one above it.
    monkeypatch.setattr(selectors, "DUPLICATE_THRESHOLD", scores[2] + 0.01)
    monkeypatch.setattr(selectors, "RELATED_THRESHOLD", scores[2] - 0.01)
    assert [(h.object_id, h.kind) for h in similar_documents(kind=TOY, text=text)] == [
        (1, selectors.MatchKind.DUPLICATE),
        (2, selectors.MatchKind.RELATED),
    ]
