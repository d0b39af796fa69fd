"""Proposals in the shared search piece: the index follows them, similar proposals as each user may
see them, full-text search in the user's scope."""

import dataclasses
import uuid

import pytest
from django.db import connection

from tests import factories
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE, UNRELATED
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import NotFound
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.search import proposal_reindex, proposal_search, similar_proposals, similar_to_proposal
from zhichuang.proposals.selectors import proposal_results
from zhichuang.proposals.services import proposal_submit
from zhichuang.similarity import selectors as search_selectors
from zhichuang.similarity.models import Document, IndexState
from zhichuang.similarity.ranking import rank_similar
from zhichuang.similarity.services import index_document, index_rebuild

COMPRESSOR_TEXT = "\n".join(COMPRESSOR.values())


def _text(fields):
    return "\n".join(fields.values())


@pytest.fixture
def indexed(city_tree):
    """The same idea at the steel works (north) and at the port (south), plus an unrelated one."""
    steel = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    port = factories.make_proposal(city_tree["port_worker"], state="submitted", **COMPRESSOR_ELSEWHERE)
    canteen = factories.make_proposal(city_tree["mill_worker"], state="submitted", **UNRELATED)
    for proposal in (steel, port, canteen):
        proposal_reindex(proposal_id=proposal.pk)
    return {"steel": steel, "port": port, "canteen": canteen}


# The index follows the proposals through the task the workflow queues (proposals.tasks.reindex_proposal).
def test_submitting_through_the_workflow_indexes_after_commit(city_tree, django_capture_on_commit_callbacks):
    worker = city_tree["steel_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(actor=worker.user, client_token=uuid.uuid4(), kind="innovation", **COMPRESSOR)
        assert not Document.objects.filter(object_id=proposal.pk).exists()  # only once it is committed
    assert Document.objects.filter(object_id=proposal.pk).exists()
    assert rank_similar(_text(COMPRESSOR_ELSEWHERE), kind="proposal")[0].object_id == proposal.pk


def test_proposal_reindex_leaves_drafts_out(city_tree):
    draft = factories.make_proposal(city_tree["steel_worker"], **COMPRESSOR)
    proposal_reindex(proposal_id=draft.pk)
    assert not Document.objects.filter(object_id=draft.pk).exists()


def test_proposal_reindex_removes_a_withdrawn_proposal(city_tree):
    proposal = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    proposal_reindex(proposal_id=proposal.pk)
    assert Document.objects.filter(object_id=proposal.pk).exists()
    type(proposal).objects.filter(pk=proposal.pk).update(state="withdrawn")
    proposal_reindex(proposal_id=proposal.pk)
    assert not Document.objects.filter(object_id=proposal.pk).exists()
    assert IndexState.objects.get(kind="proposal").documents == 0


def test_index_rebuild_indexes_submitted_proposals_only(city_tree):
    submitted = factories.make_proposal(city_tree["steel_worker"], state="submitted", **COMPRESSOR)
    factories.make_proposal(city_tree["port_worker"], **COMPRESSOR_ELSEWHERE)  # a draft
    index_document(kind="proposal", object_id=999, fields=["旧的索引内容"])
    calls = []
    assert index_rebuild(kind="proposal", progress=lambda done, total: calls.append((done, total))) == 1
    assert list(Document.objects.values_list("object_id", flat=True)) == [submitted.pk]
    assert IndexState.objects.get(kind="proposal").documents == 1
    assert calls[-1] == (2, 2)
    assert rank_similar(_text(COMPRESSOR_ELSEWHERE), kind="proposal")[0].object_id == submitted.pk


def _hit(hits, proposal):
    return next(h for h in hits if h.proposal_id == proposal.pk)


def test_similar_proposals_are_city_wide_and_best_first(city_tree, indexed):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    hits = similar_proposals(user=admin, text=COMPRESSOR_TEXT, exclude_id=indexed["steel"].pk)
    assert [h.proposal_id for h in hits] == [indexed["port"].pk]
    assert 0 < hits[0].score <= 1


def test_similar_proposal_outside_the_scope_shows_no_personal_data(city_tree, indexed):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    hit = _hit(similar_proposals(user=admin, text=COMPRESSOR_TEXT), indexed["port"])
    assert hit.in_scope is False
    assert (hit.title, hit.enterprise_name, hit.state, hit.year) == (
        COMPRESSOR_ELSEWHERE["title"],
        "南港公司",
        "submitted",
        indexed["port"].submitted_at.year,
    )
    assert (hit.number, hit.kind_label, hit.district_name, hit.submitted_at) == ("", "", "", None)
    shown = repr(dataclasses.asdict(hit))
    assert "王强" not in shown  # the proposer
    assert COMPRESSOR_ELSEWHERE["problem"] not in shown
    assert COMPRESSOR_ELSEWHERE["change"] not in shown


def test_similar_proposal_inside_the_scope_has_the_details(city_tree, indexed):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"])
    hit = _hit(similar_proposals(user=admin, text=COMPRESSOR_TEXT), indexed["port"])
    assert hit.in_scope is True
    assert hit.number == indexed["port"].number
    assert hit.district_name == "南区总工会"
    assert hit.submitted_at == indexed["port"].submitted_at


def test_a_worker_sees_their_own_proposal_in_full(city_tree, indexed):
    worker = city_tree["port_worker"].user
    hits = similar_proposals(user=worker, text=COMPRESSOR_TEXT)
    assert _hit(hits, indexed["port"]).in_scope is True
    assert _hit(hits, indexed["steel"]).in_scope is False


def test_similar_proposals_query_count_does_not_grow_with_hits(city_tree, indexed, django_assert_num_queries):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    similar_proposals(user=admin, text=COMPRESSOR_TEXT)  # loads the user's grants
    with django_assert_num_queries(6):
        assert len(similar_proposals(user=admin, text=COMPRESSOR_TEXT, limit=1)) == 1
    for _ in range(3):
        factories.make_proposal(city_tree["mill_worker"], state="submitted", **COMPRESSOR)
    index_rebuild(kind="proposal")
    with django_assert_num_queries(6):
        # The steel works' proposal and the three copies; in this corpus of six the port's paraphrase and the
        # canteen are below the related threshold, and weak matches are not hits.
        assert len(similar_proposals(user=admin, text=COMPRESSOR_TEXT)) == 4


def test_similar_to_proposal_for_the_evaluator(city_tree, indexed):
    evaluator = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    hits = similar_to_proposal(user=evaluator, proposal_id=indexed["steel"].pk)
    assert [h.proposal_id for h in hits] == [indexed["port"].pk]
    assert hits[0].in_scope is False


def test_similar_to_proposal_outside_the_scope_is_not_found(city_tree, indexed):
    evaluator = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    with pytest.raises(NotFound):
        similar_to_proposal(user=evaluator, proposal_id=indexed["port"].pk)


def test_search_matches_title_problem_and_change(city_tree, indexed):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    assert set(proposal_search(user=admin, query="变频")) == {indexed["steel"], indexed["port"]}
    assert list(proposal_search(user=admin, query="管网压力")) == [indexed["steel"]]  # in the change
    assert list(proposal_search(user=admin, query="油污")) == [indexed["canteen"]]  # in the problem
    assert list(proposal_search(user=admin, query="空压机 电费")) == [indexed["steel"]]  # every word
    assert list(proposal_search(user=admin, query="压机空")) == []


def test_search_stays_in_the_users_scope(city_tree, indexed):
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    assert list(proposal_search(user=north, query="变频")) == [indexed["steel"]]
    assert indexed["port"] not in proposal_search(user=north, query="空气压缩机")


def test_search_with_an_empty_query_finds_nothing(city_tree, indexed):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    assert list(proposal_search(user=admin, query="  ")) == []


@pytest.fixture
def many(city_tree):
    """Twelve submitted proposals in the steel works, newest last; every third mentions 能耗, the last
    one 噪声 only; and one in the port that the northern district must not find."""
    worker = city_tree["steel_worker"]
    made = []
    for i in range(12):
        word = "能耗" if i % 3 == 0 else "工装"
        made.append(factories.make_proposal(worker, state="submitted", title=f"第{i}号 {word}改进"))
    made.append(factories.make_proposal(worker, state="submitted", title="噪声治理"))
    factories.make_proposal(city_tree["port_worker"], state="submitted", title="码头能耗")
    return made


@pytest.mark.parametrize("window", [1, 3, 5, 1000])
@pytest.mark.parametrize("query", ["能耗", "工装 改进", "噪声", "没有的词"])
def test_text_search_pages_are_the_matches_in_order_whatever_the_window(city_tree, many, monkeypatch, window, query):
    """A page found among the newest proposals alone is the page the full search gives; a page
    the window cannot fill comes from the full search."""
    monkeypatch.setattr(search_selectors, "SEARCH_WINDOW", window)
    north = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    expected = list(proposal_search(user=north, query=query))
    assert all(p.enterprise_id == city_tree["steel"].pk for p in expected)  # never the port's 码头能耗
    results = proposal_results(user=north, search=query)
    pages = [results.page_rows(offset, 2) for offset in range(0, 14, 2)]
    assert [p.pk for page in pages for p in page] == [p.pk for p in expected]
    assert results.capped_count(1000) == len(expected)
    assert results.capped_count(1) == min(len(expected), 2)  # "1+"


def test_text_search_counts_up_to_its_own_cap(city_tree, many, monkeypatch):
    monkeypatch.setattr(search_selectors.TextSearch, "count_cap", 3)
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    results = proposal_results(user=admin, search="改进")
    assert results.capped_count(10_000) == 4  # cap + 1: "3+"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bigram index")
def test_postgresql_search_uses_the_proposals_bigram_index(city_tree, indexed):
    """The expression the search piece filters on is the one proposals' migration indexes (proposal_text_bigrams)."""
    queryset = search_selectors.matching_text(Proposal.objects.order_by().only("pk"), "变频")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Left only bitmap scans, which need an index on a condition of the query: the bigram one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposal_text_bigrams" in plan
