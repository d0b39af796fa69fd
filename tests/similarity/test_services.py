import uuid

from tests import factories
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE, UNRELATED
from zhichuang.proposals.services import proposal_submit
from zhichuang.similarity import engine, ranking, services
from zhichuang.similarity.models import Document, IndexState, Posting, Term
from zhichuang.similarity.ranking import rank_similar
from zhichuang.similarity.services import index_proposal, index_rebuild, index_remove, index_text


def _text(fields):
    return "\n".join(fields.values())


def test_index_text_stores_signature_postings_and_frequencies(db):
    index_text(proposal_id=7, text=_text(COMPRESSOR))
    assert IndexState.objects.get(pk=1).documents == 1
    assert Document.objects.filter(proposal_id=7).exists()
    postings = set(Posting.objects.filter(proposal_id=7).values_list("term", flat=True))
    assert 0 < len(postings) <= 40
    assert set(Term.objects.filter(postings=1).values_list("hash", flat=True)) == postings


def test_index_text_again_replaces_postings_without_counting_twice(db):
    index_text(proposal_id=7, text=_text(COMPRESSOR))
    index_text(proposal_id=7, text=_text(COMPRESSOR_ELSEWHERE))
    assert IndexState.objects.get(pk=1).documents == 1
    postings = set(Posting.objects.filter(proposal_id=7).values_list("term", flat=True))
    assert set(Term.objects.filter(postings=1).values_list("hash", flat=True)) == postings
    assert not Term.objects.filter(postings__lt=0).exists()
    assert not Term.objects.filter(postings__gt=1).exists()


def test_index_remove_takes_the_document_out(db):
    index_text(proposal_id=7, text=_text(COMPRESSOR))
    index_text(proposal_id=8, text=_text(COMPRESSOR_ELSEWHERE))
    index_remove(proposal_id=7)
    assert IndexState.objects.get(pk=1).documents == 1
    assert not Posting.objects.filter(proposal_id=7).exists()
    assert [r.proposal_id for r in rank_similar(_text(COMPRESSOR))] == [8]


def test_rank_similar_finds_the_paraphrase_first(db):
    index_text(proposal_id=1, text=_text(COMPRESSOR_ELSEWHERE))
    index_text(proposal_id=2, text="食堂排烟罩清洗改进\n油烟罩油污厚，有火灾隐患。")
    index_text(proposal_id=3, text="空压机储气罐自动排水改造\n储气罐积水靠人工排放。")
    ranked = rank_similar(_text(COMPRESSOR))
    assert ranked[0].proposal_id == 1
    assert 0 < ranked[0].score <= 1
    assert 2 not in [r.proposal_id for r in ranked]


def test_rank_similar_excludes_the_proposal_itself(db):
    index_text(proposal_id=1, text=_text(COMPRESSOR))
    assert rank_similar(_text(COMPRESSOR))[0].proposal_id == 1
    assert rank_similar(_text(COMPRESSOR), exclude_id=1) == []


def test_rank_similar_reads_the_rarest_lists_first_and_the_last_one_in_part(db, monkeypatch):
    # Five copies of the canteen idea make its words' lists long; the compressor's words have short ones.
    for pk in range(1, 6):
        index_text(proposal_id=pk, text=_text(UNRELATED))
    index_text(proposal_id=6, text=_text(COMPRESSOR_ELSEWHERE))
    for pk in (7, 8):
        index_text(proposal_id=pk, text=_text(COMPRESSOR))
    query = _text(COMPRESSOR) + "\n" + UNRELATED["title"]
    q, stats, _ = ranking.query_signature(query)
    lengths = sorted(stats[term][1] for term in q.terms if stats.get(term, (0, 0))[1])
    monkeypatch.setattr(ranking, "READ_BUDGET", sum(lengths[:3]) + 1)
    chosen = ranking._lookup_terms(q, stats)
    assert [rows for _term, rows in chosen] == [*lengths[:3], 1]  # three lists whole, the fourth's newest row
    assert [stats[term][1] for term, _rows in chosen] == lengths[:4]
    assert {r.proposal_id for r in rank_similar(query)[:2]} == {7, 8}


def test_rank_similar_finds_a_text_whose_every_list_is_longer_than_the_budget(db, monkeypatch):
    for pk in range(1, 4):
        index_text(proposal_id=pk, text=_text(UNRELATED))
    monkeypatch.setattr(ranking, "READ_BUDGET", 1)
    assert [r.proposal_id for r in rank_similar(_text(UNRELATED), exclude_id=3)] == [2]  # the newest, read in part


def test_a_document_of_common_words_only_can_be_found(db, monkeypatch):
    # Every word of the canteen text is in more documents than the cap allows in a posting list.
    monkeypatch.setattr(services, "MIN_POSTING_CAP", 2)
    for pk in range(1, 5):
        index_text(proposal_id=pk, text=_text(UNRELATED))
    assert Posting.objects.filter(proposal_id=4).count() == engine.MIN_POSTING_TERMS
    assert rank_similar(_text(UNRELATED), exclude_id=4)[0].score > 0.99


def test_rank_similar_on_empty_index_or_text(db):
    assert rank_similar(_text(COMPRESSOR)) == []
    index_text(proposal_id=1, text=_text(COMPRESSOR))
    assert rank_similar("，。") == []


def test_index_proposal_leaves_drafts_out(city_tree):
    draft = factories.make_proposal(city_tree["steel_worker"], **COMPRESSOR)
    index_proposal(proposal_id=draft.pk)
    assert not Document.objects.filter(proposal_id=draft.pk).exists()


def test_index_proposal_removes_a_withdrawn_proposal(city_tree):
    proposal = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    index_proposal(proposal_id=proposal.pk)
    assert Document.objects.filter(proposal_id=proposal.pk).exists()
    type(proposal).objects.filter(pk=proposal.pk).update(state="withdrawn")
    index_proposal(proposal_id=proposal.pk)
    assert not Document.objects.filter(proposal_id=proposal.pk).exists()
    assert IndexState.objects.get(pk=1).documents == 0


def test_index_rebuild_indexes_submitted_proposals_only(city_tree):
    submitted = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    factories.make_proposal(city_tree["port_worker"], **COMPRESSOR_ELSEWHERE)  # a draft
    index_text(proposal_id=999, text="旧的索引内容")
    calls = []
    assert index_rebuild(progress=lambda done, total: calls.append((done, total))) == 1
    assert list(Document.objects.values_list("proposal_id", flat=True)) == [submitted.pk]
    assert IndexState.objects.get(pk=1).documents == 1
    assert calls[-1] == (2, 2)
    assert rank_similar(_text(COMPRESSOR_ELSEWHERE))[0].proposal_id == submitted.pk


# The index follows the proposals through the task the workflow queues (proposals.tasks.reindex_proposal).
def test_submitting_through_the_workflow_indexes_after_commit(city_tree, django_capture_on_commit_callbacks):
    worker = city_tree["steel_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(actor=worker.user, client_token=uuid.uuid4(), kind="innovation", **COMPRESSOR)
        assert not Document.objects.filter(proposal_id=proposal.pk).exists()  # only once it is committed
    assert Document.objects.filter(proposal_id=proposal.pk).exists()
    assert rank_similar("\n".join(COMPRESSOR_ELSEWHERE.values()))[0].proposal_id == proposal.pk
