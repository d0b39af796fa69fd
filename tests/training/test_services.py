import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from freezegun import freeze_time

from tests import factories
from zhichuang.accounts.enums import SkillLevel
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.notifications.models import Notification
from zhichuang.payouts.models import Payout
from zhichuang.talent.enums import SkillEntryState
from zhichuang.talent.models import SkillLevelEntry
from zhichuang.training import checkin, services
from zhichuang.training.enums import CheckInMethod, EnrolmentState, PairState, TrainingState
from zhichuang.training.models import Attendance, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English msgids (the cap's Chinese words are checked on their own)."""
    with translation.override("en"):
        yield


def _enrol_self(training, worker):
    return services.enrol(actor=worker.user, training=training, worker=worker)


# ---- enrolment, capacity and the waiting list ----------------------------------------------------------


def test_enrolment_beyond_capacity_goes_to_the_waiting_list_first_come(city_tree, django_capture_on_commit_callbacks):
    steel = city_tree["steel"]
    training = factories.make_training(steel, capacity=1, on=timezone.localdate() + datetime.timedelta(days=3))
    first, second, third = city_tree["steel_worker"], factories.make_worker(steel), factories.make_worker(steel)
    assert _enrol_self(training, first).state == EnrolmentState.ENROLLED
    assert _enrol_self(training, second).state == EnrolmentState.WAITING
    assert _enrol_self(training, third).state == EnrolmentState.WAITING
    own = Enrolment.objects.get(training=training, worker=first)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.enrolment_cancel(actor=first.user, enrolment=own)
    assert promoted.worker == second
    states = dict(Enrolment.objects.filter(training=training).values_list("worker__name", "state"))
    assert states == {first.name: "cancelled", second.name: "enrolled", third.name: "waiting"}
    notice = Notification.objects.get(user=second.user, kind="training.promoted")
    assert training.title in notice.message
    assert not Notification.objects.filter(user=third.user).exists()


def test_cancelling_a_waiting_place_promotes_nobody(city_tree):
    steel = city_tree["steel"]
    training = factories.make_training(steel, capacity=1, on=timezone.localdate() + datetime.timedelta(days=3))
    _enrol_self(training, city_tree["steel_worker"])
    waiting = _enrol_self(training, factories.make_worker(steel))
    assert services.enrolment_cancel(actor=waiting.worker.user, enrolment=waiting) is None
    assert Enrolment.objects.filter(training=training, state=EnrolmentState.ENROLLED).count() == 1


def test_a_place_cannot_be_cancelled_once_the_first_session_began(city_tree):
    training = factories.make_training(city_tree["steel"])  # its session is today
    own = _enrol_self(training, city_tree["steel_worker"])
    with pytest.raises(ValidationFailed, match="before the first session"):
        services.enrolment_cancel(actor=own.worker.user, enrolment=own)


def test_a_worker_joins_city_and_district_trainings_but_not_another_district_or_enterprise(city_tree):
    worker = city_tree["steel_worker"]
    for place in ("city", "north", "steel"):
        assert _enrol_self(factories.make_training(city_tree[place]), worker).state == EnrolmentState.ENROLLED
    for place in ("south", "mill"):
        with pytest.raises(ValidationFailed, match="not open to workers"):
            _enrol_self(factories.make_training(city_tree[place]), worker)


def test_an_enterprise_enrols_its_own_workers_only(city_tree):
    training = factories.make_training(city_tree["north"])
    steel_admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, city_tree["steel"])
    enrolment = services.enrol(actor=steel_admin, training=training, worker=city_tree["steel_worker"])
    assert enrolment.enrolled_by == steel_admin
    with pytest.raises(PermissionDenied):
        services.enrol(actor=steel_admin, training=training, worker=city_tree["mill_worker"])


def test_a_draft_training_takes_no_enrolment(city_tree):
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, city_tree["steel"])
    draft = services.training_create(actor=admin, organizer=city_tree["steel"], title="草稿", capacity=5, hours="4")
    assert draft.state == TrainingState.DRAFT
    with pytest.raises(ValidationFailed, match="not open"):
        _enrol_self(draft, city_tree["steel_worker"])


# ---- QR check-in -------------------------------------------------------------------------------------


def _session(training):
    return training.sessions.get()


def test_qr_check_in_records_how_when_and_by_whom_once(city_tree):
    training = factories.make_training(city_tree["steel"])
    worker = city_tree["steel_worker"]
    _enrol_self(training, worker)
    token = checkin.make_token(_session(training).pk)
    attendance, made = services.check_in(actor=worker.user, token=token)
    assert made and attendance.method == CheckInMethod.QR and attendance.recorded_by == worker.user
    assert attendance.at is not None
    again, made_again = services.check_in(actor=worker.user, token=token)  # a replay of the same code
    assert (again.pk, made_again) == (attendance.pk, False)
    assert Attendance.objects.count() == 1


def test_an_expired_token_is_refused(city_tree):
    training = factories.make_training(city_tree["steel"])
    worker = city_tree["steel_worker"]
    _enrol_self(training, worker)
    made_at = timezone.now()
    with freeze_time(made_at):
        token = checkin.make_token(_session(training).pk)
    with freeze_time(made_at + datetime.timedelta(seconds=checkin.VALID_SECONDS - 5)):
        services.check_in(actor=worker.user, token=token)  # still valid
    Attendance.objects.all().delete()
    later = made_at + datetime.timedelta(seconds=checkin.VALID_SECONDS + 5)
    with freeze_time(later), pytest.raises(services.CheckInRefused, match="expired"):
        services.check_in(actor=worker.user, token=token)
    assert not Attendance.objects.exists()


def test_a_worker_not_enrolled_is_refused(city_tree):
    training = factories.make_training(city_tree["steel"])
    other = factories.make_worker(city_tree["steel"])
    with pytest.raises(services.CheckInRefused, match="not enrolled"):
        services.check_in(actor=other.user, token=checkin.make_token(_session(training).pk))
    waiting_training = factories.make_training(city_tree["steel"], capacity=1)
    _enrol_self(waiting_training, city_tree["steel_worker"])
    waiting = _enrol_self(waiting_training, other)
    assert waiting.state == EnrolmentState.WAITING
    with pytest.raises(services.CheckInRefused, match="not enrolled"):
        services.check_in(actor=other.user, token=checkin.make_token(_session(waiting_training).pk))


def test_another_sessions_token_checks_in_to_that_session_only(city_tree):
    worker = city_tree["steel_worker"]
    mine = factories.make_training(city_tree["steel"])
    theirs = factories.make_training(city_tree["steel"])
    _enrol_self(mine, worker)
    with pytest.raises(services.CheckInRefused, match="not enrolled"):
        services.check_in(actor=worker.user, token=checkin.make_token(_session(theirs).pk))
    assert not Attendance.objects.exists()


def test_a_session_not_held_today_is_refused(city_tree):
    training = factories.make_training(city_tree["steel"], on=timezone.localdate() + datetime.timedelta(days=1))
    worker = city_tree["steel_worker"]
    _enrol_self(training, worker)
    with pytest.raises(services.CheckInRefused, match="not held today"):
        services.check_in(actor=worker.user, token=checkin.make_token(_session(training).pk))


def test_a_forged_token_is_refused(city_tree):
    training = factories.make_training(city_tree["steel"])
    token = checkin.make_token(_session(training).pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(services.CheckInRefused, match="not a check-in code"):
        services.check_in(actor=city_tree["steel_worker"].user, token=forged)


# ---- roll call and completion ----------------------------------------------------------------------------


def test_roll_call_ticks_and_unticks_attendance(city_tree):
    training = factories.make_training(city_tree["steel"])
    a, b = (
        _enrol_self(training, city_tree["steel_worker"]),
        _enrol_self(training, factories.make_worker(city_tree["steel"])),
    )
    session = _session(training)
    assert services.roll_call(actor=training.admin, session=session, present={a.pk, b.pk}) == (2, 0)
    rows = Attendance.objects.filter(session=session)
    assert {(r.method, r.recorded_by_id) for r in rows} == {(CheckInMethod.ROLL_CALL, training.admin.pk)}
    assert services.roll_call(actor=training.admin, session=session, present={a.pk}) == (0, 1)
    assert list(session.attendances.values_list("enrolment_id", flat=True)) == [a.pk]


def test_roll_call_is_refused_to_a_worker_and_for_someone_not_enrolled(city_tree):
    training = factories.make_training(city_tree["steel"])
    own = _enrol_self(training, city_tree["steel_worker"])
    with pytest.raises(PermissionDenied):
        services.roll_call(actor=own.worker.user, session=_session(training), present={own.pk})
    stranger = factories.make_training(city_tree["steel"])
    other = _enrol_self(stranger, factories.make_worker(city_tree["steel"]))
    with pytest.raises(ValidationFailed):
        services.roll_call(actor=training.admin, session=_session(training), present={other.pk})


def test_a_training_is_completed_after_its_last_session(city_tree):
    training = factories.make_training(city_tree["steel"], sessions=2)  # today and tomorrow
    with pytest.raises(ValidationFailed, match="after its last session"):
        services.training_complete(actor=training.admin, training=training)


def test_completion_credits_hours_only_to_those_who_attended_enough(city_tree):
    steel = city_tree["steel"]
    training = factories.make_training(
        steel, sessions=5, share=80, hours="12", on=timezone.localdate() - datetime.timedelta(days=4)
    )
    four, three = _enrol_self(training, city_tree["steel_worker"]), _enrol_self(training, factories.make_worker(steel))
    for n, session in enumerate(training.sessions.order_by("date")):
        present = {four.pk} | ({three.pk} if n < 3 else set())
        if n < 4:
            services.roll_call(actor=training.admin, session=session, present=present)
    completed = services.training_complete(actor=training.admin, training=training)
    assert [e.pk for e in completed] == [four.pk]
    four.refresh_from_db()
    three.refresh_from_db()
    assert four.hours_credited == 12 and four.completed_on == timezone.localdate() and len(four.certificate_code) == 12
    assert three.completed_on is None and three.hours_credited is None and three.certificate_code is None
    training.refresh_from_db()
    assert training.state == TrainingState.FINISHED
    assert training.transitions.filter(to_state="finished").exists()


# ---- 师带徒 ---------------------------------------------------------------------------------------------


def _pair(admin, master, apprentice, *, start=None):
    start = start or timezone.localdate() - datetime.timedelta(days=400)
    return services.pair_propose(
        actor=admin,
        master=master,
        apprentice=apprentice,
        trade="数控车工",
        goals="独立完成复杂零件加工",
        know_how="精密车削",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=365),
        milestones=[("掌握图纸", start + datetime.timedelta(days=90))],
    )


def test_a_master_takes_at_most_five_apprentices_at_once(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, steel)
    master = factories.make_profile(city_tree["steel_worker"])
    pairs = [_pair(admin, master, factories.make_worker(steel)) for _ in range(5)]
    with pytest.raises(ValidationFailed, match="teaches at most 5 at once"):
        _pair(admin, master, factories.make_worker(steel))
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        _pair(admin, master, factories.make_worker(steel))
    assert str(refused.value.message) == f"{master.name} 已带徒 5 名：每位师傅同时最多带徒 5 名。"
    services.pair_end(actor=admin, pair=pairs[0], reason="调岗")
    assert _pair(admin, master, factories.make_worker(steel)).state == PairState.PROPOSED


def test_a_pair_runs_one_to_three_years(city_tree):
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, city_tree["steel"])
    master = factories.make_profile(city_tree["steel_worker"])
    start = timezone.localdate()
    with pytest.raises(ValidationFailed):
        services.pair_propose(
            actor=admin,
            master=master,
            apprentice=factories.make_worker(city_tree["steel"]),
            trade="钳工",
            goals="目标",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=100),
        )


def test_passing_the_assessment_proposes_one_skill_level_up_and_owes_the_masters_reward(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, steel)
    master = factories.make_profile(city_tree["steel_worker"])
    apprentice = factories.make_worker(steel, skill_level=SkillLevel.LEVEL_4)
    pair = _pair(admin, master, apprentice)
    pair = services.pair_confirm(actor=admin, pair=pair)
    assert pair.state == PairState.ACTIVE
    pair = services.pair_assess(actor=admin, pair=pair, passed=True, assessed_on=timezone.localdate(), note="合格")
    assert pair.state == PairState.COMPLETED and pair.assessor == admin
    payout = pair.reward_payout  # the city's default reward, owed by the apprentice's employer to the master
    assert (payout.kind, payout.record_id, payout.amount, payout.status) == (
        "training.master_reward",
        pair.pk,
        Decimal("2000.00"),
        "pending",
    )
    assert (payout.payer, payout.payee, payout.org_path) == (steel, city_tree["steel_worker"], pair.org_path)
    entry = SkillLevelEntry.objects.get(worker=apprentice)
    assert (entry.level, entry.state, entry.rule, entry.source) == (
        SkillLevel.LEVEL_3,
        SkillEntryState.PROPOSED,
        "apprenticeship.passed",
        "师带徒考核通过",
    )


def test_failing_the_assessment_proposes_nothing(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, steel)
    pair = _pair(admin, factories.make_profile(city_tree["steel_worker"]), factories.make_worker(steel))
    pair = services.pair_confirm(actor=admin, pair=pair)
    pair = services.pair_assess(actor=admin, pair=pair, passed=False, assessed_on=timezone.localdate())
    assert pair.state == PairState.FAILED and pair.reward_payout is None and not Payout.objects.exists()
    assert not SkillLevelEntry.objects.exists()


def test_another_enterprise_cannot_confirm_a_pair(city_tree):
    steel = city_tree["steel"]
    admin = factories.make_admin(factories.Role.ENTERPRISE_ADMIN, steel)
    pair = _pair(admin, factories.make_profile(city_tree["steel_worker"]), factories.make_worker(steel))
    with pytest.raises(PermissionDenied):
        services.pair_confirm(actor=factories.make_admin(factories.Role.ENTERPRISE_ADMIN, city_tree["port"]), pair=pair)
