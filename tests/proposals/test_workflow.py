from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.notifications.models import Notification
from zhichuang.proposals import tasks
from zhichuang.proposals.enums import WAITING_STATES, ProposalState, RecommendationLevel
from zhichuang.proposals.evaluation import evaluation_record
from zhichuang.proposals.models import Proposal, Reward, StepDeadline, Transition
from zhichuang.proposals.rollup import services as rollup_services
from zhichuang.proposals.rules import is_proposer
from zhichuang.proposals.selectors import proposal_get, proposal_members
from zhichuang.proposals.workflow import (
    PROPOSAL_WORKFLOW,
    STEPS,
    allowed_targets,
    proposal_recommend,
    proposal_transition,
    recommendation_allowed,
    states_from,
)
from zhichuang.workflow.services import announce

S = ProposalState

# The legal steps, written out here rather than read from workflow.STEPS, so that a step added to or dropped
# from the table, or given to other people, fails a test: (from, to) → (action, who in the shop may take it).
PROPOSER_ONLY = frozenset({"lead"})
EVALUATORS = frozenset({"admin", "evaluator"})  # the enterprise admin evaluates too
MANAGERS = frozenset({"admin", "district", "city"})  # the enterprise's admin and the admins above it
LEGAL = {
    (S.DRAFT, S.SUBMITTED): ("submit", PROPOSER_ONLY),
    (S.DRAFT, S.WITHDRAWN): ("withdraw", PROPOSER_ONLY),
    (S.SUBMITTED, S.EVALUATING): ("accept", EVALUATORS | MANAGERS),
    (S.SUBMITTED, S.RETURNED): ("return", EVALUATORS | MANAGERS),
    (S.SUBMITTED, S.MERGED): ("merge", EVALUATORS),
    (S.SUBMITTED, S.WITHDRAWN): ("withdraw", PROPOSER_ONLY),
    (S.EVALUATING, S.ADOPTED): ("adopt", EVALUATORS),
    (S.EVALUATING, S.NOT_ADOPTED): ("reject", EVALUATORS),
    (S.EVALUATING, S.RETURNED): ("return", EVALUATORS),
    (S.EVALUATING, S.MERGED): ("merge", EVALUATORS),
    (S.EVALUATING, S.WITHDRAWN): ("withdraw", PROPOSER_ONLY),
    (S.RETURNED, S.SUBMITTED): ("resubmit", PROPOSER_ONLY),
    (S.RETURNED, S.WITHDRAWN): ("withdraw", PROPOSER_ONLY),
    (S.ADOPTED, S.IMPLEMENTING): ("start", MANAGERS),
    (S.IMPLEMENTING, S.IMPLEMENTED): ("complete", MANAGERS),
    (S.IMPLEMENTED, S.VERIFIED): ("verify", frozenset({"finance"})),
    (S.IMPLEMENTED, S.REWARDED): ("reward", MANAGERS),
    (S.VERIFIED, S.REWARDED): ("reward", MANAGERS),
}
# The steps that need something besides the right person (a reason, complete fields, scores, evidence...).
WITH_REQUIREMENTS = [
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.RETURNED),
    (S.SUBMITTED, S.MERGED),
    (S.EVALUATING, S.ADOPTED),
    (S.EVALUATING, S.NOT_ADOPTED),
    (S.EVALUATING, S.RETURNED),
    (S.EVALUATING, S.MERGED),
    (S.RETURNED, S.SUBMITTED),
    (S.IMPLEMENTING, S.IMPLEMENTED),
    (S.IMPLEMENTED, S.VERIFIED),
    (S.IMPLEMENTED, S.REWARDED),
    (S.VERIFIED, S.REWARDED),
]
ALL_STATES = [
    "draft",
    "submitted",
    "evaluating",
    "adopted",
    "not_adopted",
    "returned",
    "implementing",
    "implemented",
    "verified",
    "rewarded",
    "merged",
    "withdrawn",
]
ILLEGAL = [(a, b) for a in ALL_STATES for b in ALL_STATES if (a, b) not in LEGAL]
# Everyone around the shop's proposal: the step's people may act, every other one is refused.
PEOPLE = ("lead", "colleague", "admin", "evaluator", "finance", "district", "city")
PEOPLE += ("other_admin", "other_evaluator", "other_finance")
# What is queued after the commit: the statistics rollup of the proposal's enterprise and year (its save,
# once it was handed in), the notices always, re-indexing when the proposal enters or leaves the similarity index.
REINDEXED = {S.SUBMITTED, S.WITHDRAWN, S.MERGED}


def _person(shop, name):
    return shop.lead.user if name == "lead" else shop.colleague.user if name == "colleague" else getattr(shop, name)


def _actor(shop, source, target):
    allowed = LEGAL[(source, target)][1]
    return _person(shop, next(name for name in PEOPLE if name in allowed))


def _outsiders(shop, source, target):
    """People who must be refused this step: everyone the table does not name for it."""
    allowed = LEGAL[(source, target)][1]
    return [_person(shop, name) for name in PEOPLE if name not in allowed]


def _queued(callbacks, monkeypatch) -> list[tuple[str, dict]]:
    """What the committed step sets off, as (name, arguments): the workflow's one after-commit announcement
    (the only callback), run with its listeners' tasks and the rollup refresh recorded instead of run."""
    queued = []

    def recorder(name):
        return lambda **kwargs: queued.append((name, kwargs))

    monkeypatch.setattr(rollup_services, "rollup_refresh", recorder("rollup_refresh"))
    for name in ("notify_transition", "reindex_proposal"):
        monkeypatch.setattr(tasks, name, SimpleNamespace(enqueue=recorder(name)))
    assert [callback.func for callback in callbacks] == [announce]
    for callback in callbacks:
        callback()
    return queued


def test_the_step_table_is_the_one_written_here():
    assert list(S.values) == ALL_STATES
    assert {key: step.action for key, step in STEPS.items()} == {key: action for key, (action, _) in LEGAL.items()}
    assert [key for key, step in STEPS.items() if step.requires] == WITH_REQUIREMENTS


def _prepare(shop, proposal, source, target) -> dict:
    """Meet the step's requirements; returns the keyword arguments for the transition."""
    if target in (S.RETURNED, S.NOT_ADOPTED):
        return {"reason": "需补充成本测算"}
    if target == S.MERGED:
        original = factories.make_proposal(shop.lead, state=S.SUBMITTED, title="原提案")
        return {"data": {"merged_into": original.pk}}
    if target == S.ADOPTED:
        evaluation_record(
            actor=shop.evaluator,
            proposal=proposal,
            scores={"innovation": 90, "feasibility": 85, "economic": 80, "promotion": 95},
        )
        return {"reason": "评审通过"}
    if target == S.IMPLEMENTED:
        return {"data": {"evidence": "已在二号线安装定位销，试运行一个月无返工。"}}
    if target == S.VERIFIED:
        factories.make_verified_claim(proposal, verifier=shop.finance, creator=shop.admin)
    if target == S.REWARDED:
        Reward.objects.create(
            proposal=proposal,
            rule=factories.make_reward_rule(shop.steel),
            grade_amount=Decimal("1000.00"),
            benefit_amount=Decimal("0.00"),
            total=Decimal("1000.00"),
        )
    return {}


@pytest.mark.parametrize(("source", "target"), list(LEGAL))
def test_transition_allowed_step_is_recorded(shop, source, target, django_capture_on_commit_callbacks, monkeypatch):
    proposal = factories.make_proposal(shop.lead, state=source)
    kwargs = _prepare(shop, proposal, source, target)
    actor = _actor(shop, source, target)
    version = Proposal.objects.get(pk=proposal.pk).version

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = proposal_transition(
            actor=actor, proposal=proposal, to_state=target, expected_version=version, **kwargs
        )

    proposal.refresh_from_db()
    assert proposal.state == target == result.state
    assert proposal.version == version + 1
    transition = Transition.objects.get(proposal=proposal)
    assert (transition.from_state, transition.to_state, transition.actor) == (source, target, actor)
    assert transition.reason == kwargs.get("reason", "")
    assert AuditEntry.objects.filter(
        action=f"proposals.{LEGAL[(source, target)][0]}", object_id=str(proposal.pk)
    ).exists()
    queued = [("notify_transition", {"transition_id": transition.pk})]
    if (source, target) != (S.DRAFT, S.WITHDRAWN):  # a proposal never handed in counts in no figure
        queued.insert(0, ("rollup_refresh", {"org_path": shop.steel.path, "year": timezone.localdate().year}))
    if target in REINDEXED:
        queued.append(("reindex_proposal", {"proposal_id": proposal.pk}))
    assert _queued(callbacks, monkeypatch) == queued
    if (source, target) != (S.DRAFT, S.WITHDRAWN):  # withdrawn before it had a number or a submission date
        # The factory's proposal in this state has what the workflow gave this one (tests build on both).
        made = factories.make_proposal(shop.lead, state=target)
        assert _filled(made, target) == _filled(proposal, target)


# What the workflow writes on the way to a state (besides state itself), when it has a value.
IMPLIED = ("number", "submitted_at", "due_at", "decided_at", "implemented_at", "implementation_evidence")
IMPLIED += ("verified_at", "rewarded_at", "reward_total", "reward_paid")


def _filled(proposal, state) -> set[str]:
    filled = {name for name in IMPLIED if getattr(proposal, name) not in (None, "")}
    if state == S.REWARDED:
        filled.discard("verified_at")  # rewarded with or without a verified benefit
    return filled


@pytest.mark.parametrize(("source", "target"), list(LEGAL))
def test_the_buttons_offer_a_step_to_its_people_only(shop, source, target):
    proposal = factories.make_proposal(shop.lead, state=source)
    offered = {name for name in PEOPLE if target in allowed_targets(user=_person(shop, name), proposal=proposal)}
    assert offered == LEGAL[(source, target)][1]


@pytest.mark.parametrize(("source", "target"), list(LEGAL))
def test_transition_refused_for_people_without_the_right(shop, source, target):
    proposal = factories.make_proposal(shop.lead, state=source)
    kwargs = _prepare(shop, proposal, source, target)
    for outsider in _outsiders(shop, source, target):
        with pytest.raises(PermissionDenied):
            proposal_transition(actor=outsider, proposal=proposal, to_state=target, **kwargs)
    proposal.refresh_from_db()
    assert proposal.state == source
    assert not Transition.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_transition_not_in_the_table_is_refused(shop, source, target):
    proposal = factories.make_proposal(shop.lead, state=source)
    with pytest.raises(ValidationFailed) as error:
        proposal_transition(actor=shop.city, proposal=proposal, to_state=target, reason="x")
    assert str(error.value.message) == _("A proposal that is “%(from)s” cannot become “%(to)s”.") % {
        "from": ProposalState(source).label,
        "to": ProposalState(target).label,
    }
    proposal.refresh_from_db()
    assert proposal.state == source
    assert not Transition.objects.exists()


@pytest.mark.parametrize(("source", "target"), WITH_REQUIREMENTS)
def test_transition_refused_when_requirement_missing(shop, source, target):
    proposal = factories.make_proposal(shop.lead, state=source, problem="" if target == S.SUBMITTED else "问题")
    actor = _actor(shop, source, target)
    with pytest.raises(ValidationFailed):
        proposal_transition(actor=actor, proposal=proposal, to_state=target)
    proposal.refresh_from_db()
    assert proposal.state == source
    assert not Transition.objects.exists()
    assert (
        not AuditEntry.objects.filter(action__startswith="proposals.", object_id=str(proposal.pk))
        .exclude(action="proposals.create")
        .exists()
    )


def test_transition_stale_version_is_refused_and_changes_nothing(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    stale = proposal.version
    proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.EVALUATING, expected_version=stale)
    with pytest.raises(Conflict):
        proposal_transition(
            actor=shop.evaluator, proposal=proposal, to_state=S.RETURNED, reason="r", expected_version=stale
        )
    proposal.refresh_from_db()
    assert proposal.state == S.EVALUATING
    assert Transition.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize(
    ("data", "reason", "field"),
    [
        ({"state": ["submitted", "rewarded"], "action": "adopt"}, "", None),
        ({"note": "x" * 10_000}, "", None),
        ({"evidence": "x" * 5001}, "", "evidence"),
        ({"evidence": {"nested": "object"}}, "", "evidence"),
        ({}, "x" * 2001, "reason"),
    ],
)
def test_transition_refuses_unknown_or_oversized_step_data_and_records_nothing(shop, data, reason, field):
    """A caller cannot write its own keys into the transition's record or the audit log."""
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.WITHDRAWN, reason=reason, data=data)
    if field is None:
        expected = _("Unknown step data: %(keys)s. A step takes only %(known)s.") % {
            "keys": ", ".join(sorted(data)),
            "known": "evidence, merged_into",
        }
        assert str(refused.value.message) == expected
    else:
        assert field in refused.value.details
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED
    assert not Transition.objects.filter(proposal=proposal).exists()
    assert AuditEntry.objects.count() == audit_rows


def test_transition_records_only_the_step_data_it_reads(shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTING)
    proposal_transition(
        actor=shop.admin, proposal=proposal, to_state=S.IMPLEMENTED, data={"evidence": "  已安装定位销  "}
    )
    transition = Transition.objects.get(proposal=proposal)
    assert transition.data == {"action": "complete", "evidence": "  已安装定位销  "}
    entry = AuditEntry.objects.filter(action="proposals.complete").latest("id")
    assert entry.changes["state"] == [S.IMPLEMENTING, S.IMPLEMENTED]


def test_transition_sets_deadline_and_timestamps(shop, settings):
    settings.PROPOSAL_STEP_DAYS = {S.EVALUATING: 7}
    proposal = factories.make_proposal(shop.lead)
    before = timezone.now()
    proposal = proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    assert proposal.number.startswith(f"P{timezone.localdate().year}-")
    assert proposal.round == 1
    assert proposal.submitted_at >= before
    assert timedelta(days=14, hours=23) < proposal.due_at - before <= timedelta(days=15, seconds=5)
    proposal = proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.EVALUATING)
    assert timedelta(days=6, hours=23) < proposal.due_at - before <= timedelta(days=7, seconds=5)
    proposal = proposal_transition(actor=shop.evaluator, proposal=proposal, to_state=S.RETURNED, reason="补充")
    assert proposal.due_at is None  # waiting for the worker, not the organisation


def test_transition_deadline_per_enterprise_overrides_settings(shop):
    StepDeadline.objects.create(organization=shop.tree["north"], state=S.SUBMITTED, days=3)
    StepDeadline.objects.create(organization=shop.steel, state=S.SUBMITTED, days=5)
    proposal = proposal_transition(
        actor=shop.lead.user, proposal=factories.make_proposal(shop.lead), to_state=S.SUBMITTED
    )
    assert timedelta(days=4, hours=23) < proposal.due_at - timezone.now() <= timedelta(days=5)


def test_transition_numbers_are_sequential(shop):
    numbers = [
        proposal_transition(
            actor=shop.lead.user, proposal=factories.make_proposal(shop.lead), to_state=S.SUBMITTED
        ).number
        for _ in range(3)
    ]
    year = timezone.localdate().year
    assert numbers == [f"P{year}-000001", f"P{year}-000002", f"P{year}-000003"]


def test_resubmit_opens_a_new_round_and_keeps_the_number(shop):
    proposal = factories.make_proposal(shop.lead)
    proposal = proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    number = proposal.number
    proposal = proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.RETURNED, reason="补充数据")
    proposal = proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    assert (proposal.number, proposal.round) == (number, 2)


def test_adopt_takes_score_and_grade_from_the_evaluations(shop):
    proposal = factories.make_proposal(shop.lead, state=S.EVALUATING)
    second = factories.make_admin(factories.Role.EVALUATOR, shop.steel)
    evaluation_record(
        actor=shop.evaluator,
        proposal=proposal,
        scores={"innovation": 90, "feasibility": 90, "economic": 90, "promotion": 90},
    )
    evaluation_record(
        actor=second, proposal=proposal, scores={"innovation": 80, "feasibility": 80, "economic": 80, "promotion": 80}
    )
    proposal = proposal_transition(actor=shop.evaluator, proposal=proposal, to_state=S.ADOPTED, reason="采纳")
    assert (proposal.score, proposal.grade) == (Decimal("85.00"), "second")
    assert proposal.decided_at is not None


def test_merge_links_both_and_tells_both_proposers(shop, django_capture_on_commit_callbacks):
    other_worker = factories.make_worker(shop.steel, name="孙丽")
    original = factories.make_proposal(other_worker, state=S.SUBMITTED)
    duplicate = factories.make_proposal(shop.lead, state=S.EVALUATING)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(
            actor=shop.evaluator, proposal=duplicate, to_state=S.MERGED, data={"merged_into": original.pk}
        )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert list(original.merged_duplicates.all()) == [duplicate]
    assert Notification.objects.filter(user=shop.lead.user, proposal=duplicate, kind=S.MERGED).exists()
    assert Notification.objects.filter(user=other_worker.user, proposal=original, kind="merged_into").exists()


def test_merge_into_itself_or_invisible_proposal_is_refused(shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    port = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED)
    for target in (proposal.pk, port.pk, 999_999):
        with pytest.raises(ValidationFailed):
            proposal_transition(
                actor=shop.evaluator, proposal=proposal, to_state=S.MERGED, data={"merged_into": target}
            )
    assert Proposal.objects.get(pk=proposal.pk).state == S.SUBMITTED


def test_notifications_are_created_only_after_commit(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proposal_transition(actor=shop.admin, proposal=proposal, to_state=S.RETURNED, reason="请补充图纸")
        assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    note = Notification.objects.get(user=shop.lead.user)
    assert note.target == proposal
    assert "请补充图纸" in note.message


def test_submit_notifies_the_enterprise_staff_not_the_actor(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {shop.admin.pk, shop.evaluator.pk}


def test_notification_mail_goes_to_each_person_alone(shop, django_capture_on_commit_callbacks, mailoutbox):
    shop.admin.email, shop.evaluator.email = "admin@steel.example", "evaluator@steel.example"
    for user in (shop.admin, shop.evaluator):
        user.save(update_fields=["email"])
    proposal = factories.make_proposal(shop.lead)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(actor=shop.lead.user, proposal=proposal, to_state=S.SUBMITTED)
    assert sorted(tuple(m.to) for m in mailoutbox) == [("admin@steel.example",), ("evaluator@steel.example",)]
    assert all(not m.cc and not m.bcc and proposal.title in m.body for m in mailoutbox)


def test_recommend_goes_up_one_level_at_a_time(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    with pytest.raises(PermissionDenied):
        proposal_recommend(actor=shop.other_admin, proposal=proposal)
    proposal_recommend(actor=shop.admin, proposal=proposal, reason="节约显著")
    with pytest.raises(PermissionDenied):
        proposal_recommend(actor=shop.admin, proposal=proposal)  # the district decides the next level
    proposal_recommend(actor=shop.district, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_recommend(actor=shop.city, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.recommended_level == RecommendationLevel.CITY
    assert list(proposal.recommendations.values_list("level", flat=True)) == ["enterprise", "district", "city"]
    with pytest.raises(ValidationFailed):
        proposal_recommend(actor=shop.city, proposal=proposal)
    assert AuditEntry.objects.filter(action="proposals.recommend").count() == 3
    assert Notification.objects.filter(user=shop.lead.user, kind="recommended").exists()


def test_recommend_refuses_a_proposal_not_adopted(shop):
    proposal = factories.make_proposal(shop.lead, state=S.EVALUATING)
    with pytest.raises(ValidationFailed):
        proposal_recommend(actor=shop.admin, proposal=proposal)


def test_recommendation_allowed_follows_proposal_recommend(shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    people = {"admin": shop.admin, "district": shop.district, "city": shop.city, "other": shop.other_admin}

    def allowed():
        return {name for name, user in people.items() if recommendation_allowed(user, proposal)}

    # Whoever holds the deciding organisation (or one above it) may recommend, like proposal_recommend.
    assert allowed() == {"admin", "district", "city"}
    proposal_recommend(actor=shop.admin, proposal=proposal)
    assert allowed() == {"district", "city"}
    proposal_recommend(actor=shop.district, proposal=proposal)
    assert allowed() == {"city"}
    proposal_recommend(actor=shop.city, proposal=proposal)
    assert allowed() == set()
    evaluating = factories.make_proposal(shop.lead, state=S.EVALUATING)
    assert not recommendation_allowed(shop.admin, evaluating)
    assert Proposal.objects.get(pk=proposal.pk).version == proposal.version  # reading changed nothing


def test_recommendation_allowed_reads_only_the_deciding_organisation(shop, django_assert_num_queries):
    proposal = proposal_get(user=shop.city, pk=factories.make_proposal(shop.lead, state=S.ADOPTED).pk)
    for level, queries in (("", 0), (RecommendationLevel.ENTERPRISE, 0), (RecommendationLevel.DISTRICT, 1)):
        proposal.recommended_level = level
        with django_assert_num_queries(queries):  # the city above the district is one more query
            assert recommendation_allowed(shop.city, proposal)


def test_states_from_follows_the_step_table():
    assert states_from({S.IMPLEMENTED, S.VERIFIED}) == {S.IMPLEMENTED, S.VERIFIED, S.REWARDED}
    assert states_from({S.REWARDED}) == {S.REWARDED}
    assert states_from({S.EVALUATING}) == set(S.values) - {S.DRAFT}
    assert states_from({S.DRAFT}) == set(S.values)


def test_proposer_from_the_members_list_needs_no_query(shop, django_assert_num_queries):
    proposal = factories.make_proposal(
        shop.lead, state=S.SUBMITTED, members=[(shop.lead, "50"), (shop.colleague, "50")]
    )
    members = proposal_members(proposal=proposal)
    people = [shop.lead.user, shop.colleague.user, shop.admin, shop.tree["mill_worker"].user, AnonymousUser()]
    expected = [is_proposer(user, proposal) for user in people]
    assert expected == [True, True, False, False, False]
    targets = [allowed_targets(user=user, proposal=proposal) for user in people]
    with django_assert_num_queries(0):
        assert [is_proposer(user, proposal, members) for user in people] == expected
        assert [allowed_targets(user=user, proposal=proposal, members=members) for user in people] == targets
    assert targets[1] == [S.WITHDRAWN] and S.EVALUATING in targets[2]


def test_the_steps_into_a_waiting_state_carry_the_service_deadline():
    expected = {S.SUBMITTED, S.EVALUATING, S.ADOPTED, S.IMPLEMENTED, S.VERIFIED}
    assert PROPOSAL_WORKFLOW.waiting_states == expected == WAITING_STATES


def test_a_recommendation_from_a_stale_copy_changes_nothing(shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    version = proposal.version
    recommendation = proposal_recommend(actor=shop.admin, proposal=proposal, reason="显著", expected_version=version)
    assert (recommendation.level, recommendation.organization, recommendation.recommended_by) == (
        RecommendationLevel.ENTERPRISE,
        shop.steel,
        shop.admin,
    )
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        proposal_recommend(actor=shop.district, proposal=proposal, expected_version=version)
    row = Proposal.objects.get(pk=proposal.pk)
    assert (row.recommended_level, row.version) == (RecommendationLevel.ENTERPRISE, version + 1)
    assert row.recommendations.count() == 1 and AuditEntry.objects.count() == audit_rows
