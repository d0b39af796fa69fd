import datetime

import pytest
from django.utils import timezone

from tests import factories
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.experts import services
from zhichuang.experts.enums import ExpertState
from zhichuang.experts.models import ExpertTransition
from zhichuang.talent.enums import TalentCategory
from zhichuang.talent.models import ProfileCategory

pytestmark = pytest.mark.django_db


def _is_expert(profile) -> bool:
    return ProfileCategory.objects.filter(profile=profile, category=TalentCategory.EXPERT).exists()


def test_an_application_by_the_enterprise_waits_on_the_city_which_admits_it_for_three_years(pool):
    worker = pool.tree["steel_worker"]
    profile = pool.profile(worker)
    expert = services.expert_apply(actor=pool.steel, profile=profile, title="senior")
    assert expert.state == ExpertState.APPLIED
    assert expert.user_id == worker.user_id
    assert expert.district == pool.tree["north"] and expert.org_path == pool.tree["north"].path
    assert expert.employer_credit_code == pool.tree["steel"].credit_code
    assert not _is_expert(profile)
    with pytest.raises(PermissionDenied):  # a district sees the pool but does not admit
        services.expert_admit(actor=pool.north, expert=expert)

    expert = services.expert_admit(actor=pool.city, expert=expert, term_start=datetime.date(2026, 3, 1))
    assert expert.state == ExpertState.ACTIVE
    assert (expert.term_start, expert.term_end) == (datetime.date(2026, 3, 1), datetime.date(2029, 2, 28))
    assert _is_expert(profile)
    step = ExpertTransition.objects.get(expert=expert, to_state=ExpertState.ACTIVE)
    assert (step.from_state, step.actor) == (ExpertState.APPLIED, pool.city)


def test_a_union_applies_only_for_its_own_people(pool):
    profile = pool.profile(pool.tree["steel_worker"])
    with pytest.raises(PermissionDenied):
        services.expert_apply(actor=pool.port, profile=profile)
    services.expert_apply(actor=pool.north, profile=profile)


def test_a_worker_applies_for_themselves_once(pool):
    worker = pool.tree["mill_worker"]
    pool.profile(worker)
    expert = services.expert_apply(actor=worker.user, worker=worker, expertise="纺织设备维修")
    assert expert.state == ExpertState.APPLIED and expert.created_by == worker.user
    with pytest.raises(Conflict):
        services.expert_apply(actor=worker.user, worker=worker)


def test_declining_an_application_needs_a_reason(pool):
    expert = services.expert_apply(actor=pool.steel, profile=pool.profile(pool.tree["steel_worker"]))
    with pytest.raises(ValidationFailed) as refused:
        services.expert_decline(actor=pool.city, expert=expert)
    assert "reason" in refused.value.details
    expert = services.expert_decline(actor=pool.city, expert=expert, reason="从事专业与申报领域不符")
    assert expert.state == ExpertState.DECLINED
    assert ExpertTransition.objects.get(expert=expert, to_state=ExpertState.DECLINED).reason == "从事专业与申报领域不符"


def test_the_invited_person_accepts_the_invitation_themselves(pool):
    worker = pool.tree["port_worker"]
    expert = services.expert_invite(actor=pool.city, worker=worker, fields=[])
    assert expert.state == ExpertState.INVITED
    assert expert.profile.worker == worker  # the profile was made with the invitation
    with pytest.raises(PermissionDenied):
        services.expert_admit(actor=pool.tree["steel_worker"].user, expert=expert)
    expert = services.expert_admit(actor=worker.user, expert=expert)
    assert expert.state == ExpertState.ACTIVE
    assert expert.term_start == timezone.localdate()


def test_an_external_person_gets_a_profile_at_the_city(pool):
    expert = services.expert_invite(actor=pool.city, name="钱教授", employer_credit_code="")
    assert expert.profile.worker is None and expert.profile.name == "钱教授"
    assert expert.district is None and expert.org_path == pool.tree["city"].path
    with pytest.raises(PermissionDenied):
        services.expert_invite(actor=pool.north, name="孙工")


def test_suspension_needs_a_reason_and_takes_the_expert_category_away_until_reinstated(pool):
    expert = factories.make_expert(worker=pool.tree["steel_worker"])
    with pytest.raises(ValidationFailed):
        services.expert_suspend(actor=pool.city, expert=expert, reason="")
    expert = services.expert_suspend(actor=pool.city, expert=expert, reason="评审中未申报利益冲突")
    assert expert.state == ExpertState.SUSPENDED
    assert not _is_expert(expert.profile)
    with pytest.raises(ValidationFailed):
        services.expert_renew(actor=pool.city, expert=expert)
    expert = services.expert_reinstate(actor=pool.city, expert=expert, reason="核查后恢复")
    assert expert.state == ExpertState.ACTIVE and _is_expert(expert.profile)


def test_renewal_adds_a_term_after_the_current_one(pool):
    expert = factories.make_expert(worker=pool.tree["steel_worker"])
    old_end = expert.term_end
    expert = services.expert_renew(actor=pool.city, expert=expert, expected_version=expert.version)
    assert expert.term_end == services.term_after(old_end + datetime.timedelta(days=1))
    assert ExpertTransition.objects.filter(expert=expert, data__action="expert_renew").count() == 1


def test_a_stale_page_is_refused(pool):
    expert = factories.make_expert(worker=pool.tree["steel_worker"])
    with pytest.raises(Conflict):
        services.expert_suspend(actor=pool.city, expert=expert, reason="x", expected_version=expert.version - 1)


def test_fields_are_checked(pool):
    profile = pool.profile(pool.tree["steel_worker"])
    with pytest.raises(ValidationFailed) as refused:
        services.expert_apply(
            actor=pool.steel, profile=profile, employer_credit_code="91320100MA1XXXXXX1", industries=["99"]
        )
    assert set(refused.value.details) == {"employer_credit_code", "industries"}


def test_a_conflict_names_an_organisation_or_a_person(pool):
    expert = factories.make_expert(worker=pool.tree["port_worker"])
    with pytest.raises(ValidationFailed):
        services.conflict_declare(actor=pool.tree["port_worker"].user, expert=expert)
    conflict = services.conflict_declare(
        actor=pool.tree["port_worker"].user,
        expert=expert,
        credit_code=pool.tree["steel"].credit_code.lower(),
        note="曾任该公司顾问",
    )
    assert conflict.credit_code == pool.tree["steel"].credit_code
    with pytest.raises(PermissionDenied):
        services.conflict_declare(actor=pool.steel, expert=expert, credit_code=pool.tree["mill"].credit_code)


def test_the_person_accepting_an_invitation_cannot_choose_their_term(pool):
    worker = pool.tree["port_worker"]
    expert = services.expert_invite(actor=pool.city, worker=worker)
    expert = services.expert_admit(actor=worker.user, expert=expert, term_end=datetime.date(2099, 1, 1))
    assert expert.term_end == services.term_after(timezone.localdate())


def test_the_expert_changes_their_own_words_and_tags_not_what_matching_excludes_by(pool):
    worker = pool.tree["port_worker"]
    expert = factories.make_expert(worker=worker, fields=["焊接工艺"])
    services.expert_update(actor=worker.user, expert=expert, expertise="港口机械", busy_until=None)
    for fields in ({"employer_credit_code": ""}, {"yearly_limit": 200}, {"title": "senior"}, {"district": None}):
        with pytest.raises(PermissionDenied):
            services.expert_update(actor=worker.user, expert=expert, **fields)
    conflict = services.conflict_declare(actor=worker.user, expert=expert, credit_code=pool.tree["mill"].credit_code)
    with pytest.raises(PermissionDenied):
        services.conflict_remove(actor=worker.user, conflict=conflict)
    services.conflict_remove(actor=pool.city, conflict=conflict)
    assert not expert.conflicts.exists()
