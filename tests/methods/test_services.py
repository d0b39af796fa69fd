"""Entering a method, its shares, recognition level by level through the workflow with experts of the pool,
the inventors' consent and what follows on the method and the talent profile."""

import pytest

from tests import factories
from tests.methods.conftest import make_method, make_reviewer, walk
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.experts.enums import ReviewState
from zhichuang.experts.models import ReviewAssignment
from zhichuang.methods import services
from zhichuang.methods.enums import ApplicationState as A
from zhichuang.methods.enums import MethodLevel, MethodState
from zhichuang.methods.models import ApplicationTransition, MethodInventor, NamedMethod
from zhichuang.talent.models import TalentProfile

pytestmark = pytest.mark.django_db


def test_a_method_keeps_its_inventors_in_share_order(unions):
    worker = unions.tree["steel_worker"]
    co = factories.make_worker(unions.tree["steel"], name="赵敏")
    method = make_method(unions.steel, worker, co=co)
    assert method.inventor_names == "张伟、赵敏"
    assert [(i.worker.name, str(i.share)) for i in method.inventors.order_by("order")] == [
        ("张伟", "60.00"),
        ("赵敏", "40.00"),
    ]
    assert method.org_path == unions.tree["steel"].path and method.district == unions.tree["north"]
    assert method.state == MethodState.ENTERED and method.level == ""


@pytest.mark.parametrize(
    ("shares", "message"),
    [((60, 30), "发明人份额合计须为 100。"), ((0, 100), "每位发明人的份额应大于 0 且不超过 100。")],
)
def test_the_shares_must_add_up_to_100(unions, shares, message):
    worker = unions.tree["steel_worker"]
    co = factories.make_worker(unions.tree["steel"], name="赵敏")
    with pytest.raises(ValidationFailed) as caught:
        services.method_create(
            actor=unions.steel,
            enterprise=worker.employer,
            name="张伟操作法",
            description="要领",
            inventors=[(worker, shares[0]), (co, shares[1])],
        )
    assert [str(m) for m in caught.value.details["inventors"]] == [message]
    assert not NamedMethod.objects.exists()


def test_an_inventor_works_at_the_method_s_enterprise_and_another_union_cannot_enter_it(unions):
    steel_worker, port_worker = unions.tree["steel_worker"], unions.tree["port_worker"]
    with pytest.raises(ValidationFailed) as caught:
        services.method_create(
            actor=unions.steel,
            enterprise=steel_worker.employer,
            name="操作法",
            description="要领",
            inventors=[(port_worker, 100)],
        )
    assert "王强 不是本企业职工。" in [str(m) for m in caught.value.details["inventors"]]
    with pytest.raises(PermissionDenied):
        make_method(unions.port, steel_worker)


def test_a_method_is_recognised_level_by_level_with_experts_of_the_pool(unions):
    worker = unions.tree["steel_worker"]
    profile = factories.make_profile(worker)
    method = make_method(unions.steel, worker)
    expert = make_reviewer(unions.tree["port_worker"])

    application = services.application_apply(actor=unions.steel, method=method)
    assert application.level == MethodLevel.ENTERPRISE and application.state == A.APPLIED
    walk(application, endorser=unions.steel, decider=unions.steel, expert=expert)
    method.refresh_from_db()
    assert (method.level, method.state) == (MethodLevel.ENTERPRISE, MethodState.RECOGNISED)
    assert method.recognised_year is not None
    assert TalentProfile.objects.get(pk=profile.pk).methods == method.name

    second = services.application_apply(actor=unions.steel, method=method)
    assert second.level == MethodLevel.DISTRICT
    done = walk(second, endorser=unions.steel, reviewer=unions.north, decider=unions.north, expert=expert)
    assert done.state == A.RECOGNISED and done.score == 90
    method.refresh_from_db()
    assert method.level == MethodLevel.DISTRICT
    assert TalentProfile.objects.get(pk=profile.pk).methods == "张伟薄板焊接操作法"
    steps = list(ApplicationTransition.objects.filter(application=done).values_list("to_state", "data__action"))
    assert steps == [
        (A.APPLIED, "apply"),
        (A.ENDORSED, "endorse"),
        (A.REVIEWING, "district_pass"),
        (A.RECOGNISED, "recognise"),
    ]
    assignment = ReviewAssignment.objects.get(kind="method", item_id=done.pk)
    assert assignment.state == ReviewState.DONE and assignment.url == f"/methods/applications/{done.pk}/review/"


def test_the_district_step_is_the_district_s_and_returning_needs_a_reason(unions):
    method = make_method(unions.steel, unions.tree["steel_worker"])
    method.level = MethodLevel.ENTERPRISE
    method.save(update_fields=["level"])
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.ENDORSED)
    with pytest.raises(PermissionDenied):
        services.application_move(actor=unions.south, application=application, to_state=A.REVIEWING)
    with pytest.raises(PermissionDenied):
        services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    with pytest.raises(ValidationFailed) as caught:
        services.application_move(actor=unions.north, application=application, to_state=A.RETURNED)
    assert "reason" in caught.value.details
    returned = services.application_move(
        actor=unions.north, application=application, to_state=A.RETURNED, reason="请补充效果测定材料"
    )
    assert returned.state == A.RETURNED
    assert returned.transitions.order_by("-id").first().reason == "请补充效果测定材料"
    method.refresh_from_db()
    assert method.state == MethodState.RETURNED
    again = services.application_move(actor=unions.steel, application=returned, to_state=A.APPLIED)
    assert again.state == A.APPLIED


def test_recognition_waits_for_an_expert_score_and_a_low_score_needs_a_reason(unions):
    method = make_method(unions.steel, unions.tree["steel_worker"])
    expert = make_reviewer(unions.tree["port_worker"])
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    with pytest.raises(ValidationFailed) as caught:
        services.application_move(actor=unions.steel, application=application, to_state=A.RECOGNISED)
    assert str(caught.value.message) == "尚无专家评分：请邀请专家并等待评分。"
    services.experts_invite(actor=unions.steel, application=application, experts=[expert])
    services.score_record(
        actor=expert.user,
        application=application,
        scores={"originality": 60, "advancement": 70, "soundness": 60, "spread": 70},
    )
    application.refresh_from_db()
    assert application.score == 65
    with pytest.raises(ValidationFailed):
        services.application_move(actor=unions.steel, application=application, to_state=A.RECOGNISED)
    done = services.application_move(
        actor=unions.steel, application=application, to_state=A.RECOGNISED, reason="推广价值突出"
    )
    assert done.state == A.RECOGNISED


def test_an_expert_of_the_same_employer_is_excluded_and_cannot_be_invited(unions):
    method = make_method(unions.steel, unions.tree["steel_worker"])
    colleague = make_reviewer(factories.make_worker(unions.tree["steel"], name="钱工"))
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    from zhichuang.experts.matching import match

    found = match(services.review_item(application))
    assert [(x.expert.pk, x.reason) for x in found.excluded] == [(colleague.pk, "同一单位（统一社会信用代码相同）")]
    with pytest.raises(ValidationFailed) as caught:
        services.experts_invite(actor=unions.steel, application=application, experts=[colleague])
    assert "钱工：同一单位（统一社会信用代码相同）" in str(caught.value.message)


def test_only_an_invited_expert_scores_and_never_their_own_method(unions):
    worker = unions.tree["steel_worker"]
    method = make_method(unions.steel, worker)
    application = services.application_apply(actor=unions.steel, method=method)
    application = services.application_move(actor=unions.steel, application=application, to_state=A.REVIEWING)
    outsider = make_reviewer(unions.tree["mill_worker"])
    with pytest.raises(PermissionDenied):
        services.score_record(
            actor=outsider.user,
            application=application,
            scores={"originality": 90, "advancement": 90, "soundness": 90, "spread": 90},
        )


def test_the_public_registry_needs_every_inventor_s_consent(unions):
    worker = unions.tree["steel_worker"]
    co = factories.make_worker(unions.tree["steel"], name="赵敏")
    method = make_method(unions.steel, worker, co=co)
    expert = make_reviewer(unions.tree["port_worker"])
    walk(
        services.application_apply(actor=unions.steel, method=method),
        endorser=unions.steel,
        decider=unions.steel,
        expert=expert,
    )
    method.refresh_from_db()
    assert method.level and not method.public
    services.consent_set(actor=worker.user, method=method, consent=True)
    method.refresh_from_db()
    assert not method.public
    services.consent_set(actor=co.user, method=method, consent=True)
    method.refresh_from_db()
    assert method.public
    services.consent_set(actor=co.user, method=method, consent=False)
    method.refresh_from_db()
    assert not method.public
    with pytest.raises(PermissionDenied):
        services.consent_set(actor=unions.steel, method=method, consent=True)  # only the inventor consents
    assert MethodInventor.objects.filter(method=method, consented_at__isnull=False).count() == 1


def test_an_adoption_names_another_enterprise_by_credit_code(unions):
    method = make_method(unions.steel, unions.tree["steel_worker"])
    port = unions.tree["port"]
    import datetime

    adoption = services.adoption_record(
        actor=unions.steel,
        method=method,
        enterprise=port,
        since=datetime.date(2024, 3, 1),
        benefit="12.5",
        benefit_unit="万元/年",
    )
    assert (adoption.enterprise, str(adoption.benefit)) == (port, "12.50")
    with pytest.raises(ValidationFailed) as caught:
        services.adoption_record(
            actor=unions.steel, method=method, enterprise=unions.tree["steel"], since=datetime.date(2024, 3, 1)
        )
    assert [str(m) for m in caught.value.details["credit_code"]] == ["这是该操作法所属的企业。"]
