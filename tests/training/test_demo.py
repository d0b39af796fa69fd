"""Training's demo step: trainings at every level in every state with sessions, enrolments within the
capacity and a waiting list beyond it, attendance and completions with hours; 师带徒 pairs in every state
within the master's cap, with milestones, and skill levels that follow a passed assessment."""

import datetime

import pytest
from django.db.models import Count, Q

from tests import factories
from tests.proposals.test_demo import AS_OF, SMALL_CITY
from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Role
from zhichuang.core.modules import DemoContext
from zhichuang.demo.generator import generate_city
from zhichuang.talent.demo import demo_talent
from zhichuang.talent.enums import SkillEntryState
from zhichuang.talent.models import SkillLevelEntry
from zhichuang.training import selectors
from zhichuang.training.demo import demo_training
from zhichuang.training.enums import CheckInMethod, EnrolmentState, PairState, TrainingState
from zhichuang.training.models import Apprenticeship, Attendance, Enrolment, Milestone, Training
from zhichuang.training.policy import apprenticeship_policy
from zhichuang.training.services import APPRENTICESHIP_RULE

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_city():
    built = generate_city(seed=3, size=SMALL_CITY)
    admin = factories.make_admin(Role.CITY_ADMIN, built.city)
    story = Worker.objects.filter(employer__kind="enterprise").order_by("pk").first()
    context = DemoContext(
        city=built.city,
        workers=900,
        seed=3,
        as_of=AS_OF,
        accounts={"city-admin": admin.pk, "worker_id": story.pk},
        amounts={"talent": 120, "training": 30, "apprenticeships": 40},
    )
    demo_talent(context)
    return built, story, demo_training(context)


def test_trainings_have_sessions_places_waiting_lists_attendance_and_completions(training_city):
    _built, _story, counts = training_city
    today = AS_OF.date()
    assert counts["trainings"] == Training.objects.count() == 30
    assert counts["enrolments"] == Enrolment.objects.count() > 100
    assert counts["attendances"] == Attendance.objects.count() > 100
    assert {TrainingState.FINISHED, TrainingState.OPEN} <= set(Training.objects.values_list("state", flat=True))
    assert set(Training.objects.values_list("organizer__kind", flat=True)) >= {"enterprise", "district"}
    for training in Training.objects.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
        waiting=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
    ):
        days = list(training.sessions.values_list("date", flat=True))
        assert days and training.hours == 3 * len(days)
        # Nobody waits while a place is free; every enrolled worker is covered by the organiser.
        assert training.enrolled <= training.capacity
        assert training.waiting == 0 or training.enrolled == training.capacity
        assert not training.enrolments.exclude(org_path__startswith=training.org_path).exists()
        if training.state == TrainingState.FINISHED:
            assert max(days) < today and training.finished_on >= max(days)
        if training.state == TrainingState.OPEN and training.pk != Training.objects.order_by("pk")[1].pk:
            assert min(days) > today
        steps = list(training.transitions.order_by("at", "id"))
        assert (steps[-1].to_state if steps else TrainingState.DRAFT) == training.state
    assert Enrolment.objects.filter(state=EnrolmentState.WAITING).exists()
    assert Enrolment.objects.filter(state=EnrolmentState.CANCELLED).exists()
    # Attendance only at sessions held, by QR (the worker's own account) or roll call.
    assert not Attendance.objects.filter(session__date__gte=today).exists()
    assert not Attendance.objects.exclude(enrolment__state=EnrolmentState.ENROLLED).exists()
    qr = Attendance.objects.filter(method=CheckInMethod.QR).select_related("enrolment__worker")
    assert qr.exists() and all(a.recorded_by_id == a.enrolment.worker.user_id for a in qr)
    # Completion as training_complete credits it: the hours of the training, a code, enough sessions.
    completed = Enrolment.objects.filter(completed_on__isnull=False).select_related("training")
    assert completed.exists()
    for enrolment in completed:
        training = enrolment.training
        assert training.state == TrainingState.FINISHED and enrolment.hours_credited == training.hours
        assert enrolment.attendances.count() * 100 >= training.attendance_share * training.sessions.count()
        assert len(enrolment.certificate_code) == 12
    assert not Enrolment.objects.filter(completed_on__isnull=False).exclude(training__state="finished").exists()


def test_the_demo_worker_has_a_certificate_and_a_session_to_check_in_to_today(training_city):
    _built, story, _counts = training_city
    mine = selectors.my_trainings(worker=story)
    assert any(e.certificate_code for e in mine)
    today = [e for e in mine if e.training.sessions.filter(date=AS_OF.date()).exists()]
    assert today and today[0].state == EnrolmentState.ENROLLED
    assert selectors.hours_by_year(story)


def test_pairs_in_every_state_within_the_cap_and_the_skill_levels_that_follow(training_city):
    _built, _story, counts = training_city
    today = AS_OF.date()
    pairs = Apprenticeship.objects.select_related("master__worker", "apprentice", "reward_payout")
    assert counts["apprenticeships"] == pairs.count() == 40
    assert counts["master_rewards"] == pairs.filter(state=PairState.COMPLETED).count() > 0
    assert counts["milestones"] == Milestone.objects.count()
    assert {PairState.ACTIVE, PairState.COMPLETED, PairState.PROPOSED} <= set(pairs.values_list("state", flat=True))
    cap = apprenticeship_policy().max_apprentices
    open_pairs = pairs.filter(state__in=(PairState.PROPOSED, PairState.ACTIVE))
    assert max(open_pairs.values("master").annotate(n=Count("pk")).values_list("n", flat=True)) <= cap
    for pair in pairs:
        assert pair.master.worker.employer_id == pair.apprentice.employer_id == pair.organization_id
        assert 1 <= round((pair.ends_on - pair.starts_on).days / 365.25) <= 3
        steps = list(pair.transitions.order_by("at", "id"))
        assert (steps[-1].to_state if steps else PairState.PROPOSED) == pair.state
        if pair.state in (PairState.COMPLETED, PairState.FAILED):
            assert pair.assessed_on <= today and pair.assessor_id and pair.assessment_note
        # A pass owes the master the city's reward in the payout ledger, paid by the apprentice's employer.
        payout = pair.reward_payout
        if pair.state == PairState.COMPLETED:
            assert (payout.kind, payout.record_id, payout.payee_id, payout.payer_id, payout.amount) == (
                "training.master_reward",
                pair.pk,
                pair.master.worker_id,
                pair.organization_id,
                apprenticeship_policy().master_reward,
            )
            assert payout.status == "pending" or (payout.paid_on and payout.voucher_no and payout.transitions.count())
        else:
            assert payout is None
    # A passed assessment proposed one level up for the apprentice, as pair_assess does; the older ones the
    # union confirmed, and the worker's level follows its ledger.
    passed = {p.apprentice_id for p in pairs.filter(state=PairState.COMPLETED)}
    entries = SkillLevelEntry.objects.filter(rule=APPRENTICESHIP_RULE)
    assert counts["skill_levels_proposed"] == entries.count() > 0
    assert set(entries.values_list("worker_id", flat=True)) <= passed
    confirmed = entries.filter(state=SkillEntryState.CONFIRMED).select_related("worker")
    assert counts["skill_levels_confirmed"] == confirmed.count() > 0
    for entry in confirmed:
        assert entry.worker.skill_level == entry.level and entry.certificate_no
    recent = entries.filter(state=SkillEntryState.PROPOSED)
    assert all(today - e.awarded_on <= datetime.timedelta(days=60) for e in recent)
