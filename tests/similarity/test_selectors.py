import dataclasses

import pytest

from tests import factories
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE
from zhichuang.accounts.roles import Role
from zhichuang.core.errors import NotFound
from zhichuang.similarity.selectors import proposal_search, similar_proposals, similar_to_proposal

COMPRESSOR_TEXT = "\n".join(COMPRESSOR.values())


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
    from zhichuang.similarity.services import index_rebuild

    index_rebuild()
    with django_assert_num_queries(6):
        assert len(similar_proposals(user=admin, text=COMPRESSOR_TEXT)) == 5


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
