"""Experts of the pool on a proposal under evaluation: the invite page (suggestions and exclusions with their
reasons), the invitation, and the invited expert who opens and scores that one proposal only."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.experts import services as expert_services
from zhichuang.experts.enums import ReviewState
from zhichuang.experts.models import ReviewAssignment
from zhichuang.notifications.models import Notification
from zhichuang.proposals.enums import ProposalState as S
from zhichuang.proposals.models import Evaluation
from zhichuang.todo.selectors import queue_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(city_tree):
    tree = city_tree
    proposal = factories.make_proposal(
        tree["steel_worker"], state=S.EVALUATING, title="数控加工中心夹具定位改进", problem="数控加工靠人工找正。"
    )
    port_expert = factories.make_expert(worker=tree["port_worker"], fields=["数控加工"])
    same_unit = factories.make_expert(worker=factories.make_worker(tree["steel"], name="钱工"), fields=["数控加工"])
    outsider = factories.make_expert(name="孙教授", fields=["数控加工"])
    account = factories.make_user("sun-professor")
    expert_services.expert_link_account(actor=factories.expert_pool_admin(tree["city"]), expert=outsider, user=account)
    return SimpleNamespace(
        tree=tree,
        proposal=proposal,
        admin=factories.make_admin(Role.ENTERPRISE_ADMIN, tree["steel"]),
        port_expert=port_expert,
        same_unit=same_unit,
        outsider=outsider,
        account=account,
    )


def _invite(client, review, *experts):
    client.force_login(review.admin)
    return client.post(reverse("proposals:experts", args=[review.proposal.pk]), {"experts": [e.pk for e in experts]})


def test_the_invite_page_shows_suggestions_and_exclusions_with_reasons(client, review):
    client.force_login(review.admin)
    response = client.get(reverse("proposals:experts", args=[review.proposal.pk]))
    assert response.status_code == 200
    found = response.context["match"]
    assert {s.expert for s in found.suggestions} == {review.port_expert, review.outsider}
    assert [(x.expert, x.reason) for x in found.excluded] == [(review.same_unit, "同一单位（统一社会信用代码相同）")]
    assert "领域匹配：数控加工" in response.content.decode()
    detail = client.get(reverse("proposals:detail", args=[review.proposal.pk]))
    assert b"data-invite-experts" in detail.content


def test_only_who_manages_the_proposal_may_invite(client, review):
    for user in (
        factories.make_admin(Role.ENTERPRISE_ADMIN, review.tree["port"]),
        factories.make_admin(Role.DISTRICT_ADMIN, review.tree["south"]),
        factories.make_admin(Role.EVALUATOR, review.tree["steel"]),
        review.tree["steel_worker"].user,
    ):
        client.force_login(user)
        assert client.get(reverse("proposals:experts", args=[review.proposal.pk])).status_code == 404
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, review.tree["north"]))
    assert client.get(reverse("proposals:experts", args=[review.proposal.pk])).status_code == 200


def test_an_invitation_makes_an_assignment_and_tells_the_expert(client, review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, review, review.port_expert)
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.expert, assignment.kind, assignment.item_id, assignment.state, assignment.invited_by) == (
        review.port_expert,
        "proposal",
        review.proposal.pk,
        ReviewState.INVITED,
        review.admin,
    )
    assert Notification.objects.filter(user=review.tree["port_worker"].user).count() == 1
    source, queue = queue_get("experts.review_invited")
    assert list(source.rows(review.tree["port_worker"].user, queue)) == [assignment]
    assert list(source.rows(review.admin, queue)) == []
    # Invited already: no longer suggested, and a second invitation is refused.
    again = _invite(client, review, review.port_expert)
    assert again.status_code == 400 and ReviewAssignment.objects.count() == 1


def test_an_excluded_expert_cannot_be_invited(client, review):
    response = _invite(client, review, review.same_unit)
    assert response.status_code == 400
    assert not ReviewAssignment.objects.exists()
    with pytest.raises(Exception, match="同一单位"):
        from zhichuang.proposals import evaluation

        evaluation.experts_invite(actor=review.admin, proposal=review.proposal, experts=[review.same_unit])


def test_the_invited_expert_opens_and_scores_exactly_the_assigned_proposal(client, review):
    _invite(client, review, review.outsider)
    other = factories.make_proposal(review.tree["steel_worker"], state=S.EVALUATING)
    client.force_login(review.account)
    mine = client.get(reverse("experts:mine"))
    assert [a.item_id for a in mine.context["page"].rows] == [review.proposal.pk]
    opened = client.get(reverse("experts:review", args=[mine.context["page"].rows[0].pk]))
    assert opened.url == reverse("proposals:review", args=[review.proposal.pk])
    page = client.get(opened.url)
    assert page.status_code == 200 and review.proposal.title in page.content.decode()
    assert "张伟" not in page.content.decode()  # the proposers are not shown to the expert
    assert client.get(reverse("proposals:review", args=[other.pk])).status_code == 404
    assert client.get(reverse("proposals:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("proposals:detail", args=[review.proposal.pk])).status_code == 404
    assert client.get(reverse("proposals:list")).status_code == 404

    scores = {"score_innovation": 90, "score_feasibility": 80, "score_economic": 85, "score_promotion": 70}
    response = client.post(reverse("proposals:review", args=[review.proposal.pk]), {**scores, "comment": "可推广"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(proposal=review.proposal)
    assert evaluation.evaluator == review.account and evaluation.comment == "可推广"
    assignment = ReviewAssignment.objects.get()
    assert assignment.state == ReviewState.DONE and assignment.done_at is not None
    assert client.post(reverse("proposals:evaluate", args=[other.pk]), scores).status_code == 404


def test_a_worker_expert_sees_the_assigned_proposal_only_on_its_review_page(client, review):
    _invite(client, review, review.port_expert)
    client.force_login(review.tree["port_worker"].user)
    assert client.get(reverse("proposals:list")).status_code == 404
    assert client.get(reverse("proposals:detail", args=[review.proposal.pk])).status_code == 404
    assert client.get(reverse("proposals:review", args=[review.proposal.pk])).status_code == 200


def test_a_declined_review_no_longer_opens_the_proposal(client, review):
    _invite(client, review, review.outsider)
    assignment = ReviewAssignment.objects.get()
    client.force_login(review.account)
    response = client.post(
        reverse("experts:review_answer", args=[assignment.pk, "decline"]),
        {"expected_version": assignment.version, "reason": "出差"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == ReviewState.DECLINED
    assert client.get(reverse("proposals:review", args=[review.proposal.pk])).status_code == 404


def test_a_done_review_counts_toward_the_yearly_load(client, review):
    from zhichuang.experts.selectors import load_this_year

    _invite(client, review, review.outsider)
    assert load_this_year(review.outsider) == 1
    client.force_login(review.account)
    scores = {"score_innovation": 90, "score_feasibility": 80, "score_economic": 85, "score_promotion": 70}
    client.post(reverse("proposals:review", args=[review.proposal.pk]), scores)
    assert load_this_year(review.outsider) == 1
    assert ReviewAssignment.objects.get().state == ReviewState.DONE


def test_a_suspended_expert_cannot_score_their_open_review(client, review):
    _invite(client, review, review.outsider)
    expert_services.expert_suspend(
        actor=factories.expert_pool_admin(review.tree["city"]), expert=review.outsider, reason="违规"
    )
    client.force_login(review.account)
    assert client.get(reverse("proposals:review", args=[review.proposal.pk])).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the session's first refresh is not the page's
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_invite_page_reads_as_many_queries_for_many_experts(client, review):
    client.force_login(review.admin)
    url = reverse("proposals:experts", args=[review.proposal.pk])
    few = _queries(client, url)
    for n in range(6):
        factories.make_expert(name=f"新专家{n}", fields=["数控加工", "机械设计"])
        factories.make_expert(worker=factories.make_worker(review.tree["steel"]), fields=["数控加工"])  # excluded
    _invite(client, review, review.port_expert)
    client.force_login(review.admin)
    assert _queries(client, url) == few


def test_an_evaluator_of_the_enterprise_invited_from_the_pool_completes_the_review_by_scoring(client, review):
    evaluator_worker = factories.make_worker(review.tree["mill"], name="冯评")
    expert = factories.make_expert(worker=evaluator_worker, fields=["数控加工"])
    factories.grant(evaluator_worker.user, Role.EVALUATOR, review.tree["steel"])
    _invite(client, review, expert)
    from zhichuang.proposals import evaluation

    scores = {"innovation": 90, "feasibility": 80, "economic": 85, "promotion": 70}
    evaluation.evaluation_record(actor=evaluator_worker.user, proposal=review.proposal, scores=scores)
    assert ReviewAssignment.objects.get(expert=expert).state == ReviewState.DONE
