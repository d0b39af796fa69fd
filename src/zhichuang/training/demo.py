"""Training's demo step: 80 trainings organised by the city, its districts and enterprises (teachers from
the talent pool), with sessions, enrolments up to the capacity and a waiting list beyond it, cancelled
places, attendance by QR scan or roll call, and completions with hours and certificate codes; and 150
师带徒 pairs in every state, with milestones, assessments and, for a passed one, the skill level one up that
talent's services propose (and, for the older ones, the union confirmed), as pair_assess does.

The demo worker is enrolled in a finished training (a certificate), and in an open one whose session is
today (to check in with the QR code). Each passed pair owes its master the city's reward in the shared
payout ledger, as pair_assess does; those assessed more than 45 days ago are paid.

One seeded random.Random drives everything; every date comes from as_of.
"""

import datetime
import random
from decimal import Decimal

from zhichuang.accounts.enums import skill_level_above, skill_rank
from zhichuang.accounts.models import User, Worker
from zhichuang.core.bulk import insert_dicts
from zhichuang.core.modules import DemoContext
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.payouts.models import Payout, PayoutTransition
from zhichuang.payouts.services import payout_build
from zhichuang.talent.models import TalentProfile
from zhichuang.talent.services import skill_level_decide, skill_level_propose

from .enums import CheckInMethod, EnrolmentState, PairState, TrainingState
from .models import (
    Apprenticeship,
    ApprenticeshipTransition,
    Attendance,
    Enrolment,
    Milestone,
    Session,
    Training,
    TrainingTransition,
)
from .policy import apprenticeship_policy
from .rollup import completions_rebuild
from .services import APPRENTICESHIP_RULE, CODE_ALPHABET, CODE_LENGTH, MASTER_REWARD

TRAININGS = 80
MASTER_RANK = 3  # a master holds 三级/高级工 or above
PAIRS = 150
T = TrainingState
P = PairState
# Who organises, how often: enterprises most, then the districts, then the city.
ORGANISERS = ((OrgKind.ENTERPRISE, 55), (OrgKind.DISTRICT, 30), (OrgKind.CITY, 15))
# Where a training stands now (its sessions dated to match).
STATES = ((T.FINISHED, 58), (T.OPEN, 27), (T.CLOSED, 10), (T.DRAFT, 5))
PAIR_STATES = ((P.ACTIVE, 44), (P.COMPLETED, 26), (P.PROPOSED, 14), (P.ENDED, 9), (P.FAILED, 7))
SUBJECTS = (
    ("数控加工", "数控车工"),
    ("焊接工艺", "焊工"),
    ("电气自动化", "电工"),
    ("设备维修", "机修钳工"),
    ("安全生产", ""),
    ("质量管理", "质检员"),
    ("化工工艺", "化工总控工"),
    ("精益管理", ""),
    ("工业机器人", "工业机器人运维员"),
    ("电力运维", "变电运维工"),
    ("纺织工艺", "纺纱工"),
    ("节能降耗", ""),
)
TITLES = (
    "{subject}技能提升培训班",
    "{subject}岗位练兵专题培训",
    "{subject}技术比武赛前集训",
    "{subject}新技术新工艺研修班",
    "“{subject}”职工技能夜校",
)
PLACES = ("职工培训中心", "技能实训基地", "工会会议室", "车间现场教室", "市职工服务中心", "区职工学校")
SLOTS = ((datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(14, 0), datetime.time(17, 0)))
MILESTONES = ("熟悉岗位安全规程", "掌握基本操作要领", "独立完成常规作业", "掌握关键工序技巧", "参加技能等级鉴定")
GOALS = (
    "一年内独立操作{trade}关键岗位，达到上一技能等级要求",
    "掌握师傅的{trade}绝技绝活，参加技能比武",
    "熟练掌握{trade}复杂工序，能带班组生产",
)
KNOW_HOW = ("关键工序的手感与判断", "设备异常的快速诊断", "质量问题的溯源方法", "先进操作法的要领")
END_REASONS = ("徒弟岗位调整", "师傅退休", "徒弟离职", "双方协商解除")
FAIL_NOTES = "实操考核未达到要求，建议继续跟岗学习"
PASS_NOTES = ("理论与实操考核均合格", "实操考核优秀，已能独立顶岗", "考核合格，达到预期目标")


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class TrainingGenerator:
    def __init__(self, *, city: Organization, seed: int, as_of: datetime.datetime, actor_id: int):
        self.rng = random.Random(f"training-{seed}")
        self.city = city
        self.as_of = as_of
        self.today = as_of.date()
        self.actor_id = actor_id
        self.codes: set[str] = set()

    def _at(self, day: datetime.date, time: datetime.time = datetime.time(10)) -> datetime.datetime:
        return datetime.datetime.combine(day, time, tzinfo=self.as_of.tzinfo)

    # ---- trainings ---------------------------------------------------------------------------------

    def trainings(self, total: int, story_worker: int | None) -> dict[str, int]:
        rng = self.rng
        districts = list(Organization.objects.filter(kind=OrgKind.DISTRICT, path__startswith=self.city.path))
        enterprises = list(
            Organization.objects.filter(kind=OrgKind.ENTERPRISE, path__startswith=self.city.path)
            .filter(headcount__gte=50)
            .order_by("-headcount", "pk")[:120]
        )
        workers = list(
            Worker.objects.filter(employer__path__startswith=self.city.path)
            .order_by("pk")
            .values_list("pk", "user_id", "employer__path")
        )
        teachers = list(TalentProfile.objects.filter(worker__isnull=False).order_by("pk").values_list("pk", "org_path"))
        externals = list(TalentProfile.objects.filter(worker__isnull=True).order_by("pk").values_list("pk", flat=True))
        story = Worker.objects.filter(pk=story_worker).values_list("pk", "user_id", "employer__path").first()
        plan = []
        for n in range(total):
            kind = _weighted(rng, ORGANISERS)
            organizer = {
                OrgKind.ENTERPRISE: lambda: rng.choice(enterprises),
                OrgKind.DISTRICT: lambda: rng.choice(districts),
                OrgKind.CITY: lambda: self.city,
            }[kind]()
            # The story's two: a finished training and an open one with a session today, at its district.
            if story and n < 2:
                organizer = next(d for d in districts if story[2].startswith(d.path))
            state = (T.FINISHED, T.OPEN)[n] if story and n < 2 else _weighted(rng, STATES)
            plan.append((organizer, state, story and n == 1))
        sessions_by, made = [], []
        for organizer, state, today_session in plan:
            subject, trade = rng.choice(SUBJECTS)
            days = self._session_days(state, today_session)
            hours = Decimal(3) * len(days)
            local = [pk for pk, path in teachers if path.startswith(organizer.path)]
            teacher = (
                rng.choice(local) if local and rng.random() < 0.8 else (rng.choice(externals) if externals else None)
            )
            training = Training(
                organizer=organizer,
                org_path=organizer.path,
                title=rng.choice(TITLES).format(subject=subject),
                subject=subject,
                trade=trade,
                description=f"面向{trade or '一线职工'}，围绕{subject}的关键技能开展理论讲解与实操训练。",
                teacher_id=teacher,
                capacity=rng.choice((20, 30, 30, 40, 50, 60)),
                hours=hours,
                attendance_share=80,
                state=state,
                state_changed_at=self._at(self.today - datetime.timedelta(days=1)),
                finished_on=days[-1] + datetime.timedelta(days=rng.randint(1, 3)) if state == T.FINISHED else None,
                created_by_id=self.actor_id,
            )
            if training.finished_on and training.finished_on > self.today:
                training.finished_on = self.today
            made.append(training)
            sessions_by.append(days)
        Training.objects.bulk_create(made)
        sessions, steps = [], []
        for training, days in zip(made, sessions_by, strict=True):
            for day in days:
                starts, ends = rng.choice(SLOTS)
                sessions.append(
                    Session(
                        training=training, date=day, starts_at=starts, ends_at=ends, place=rng.choice(PLACES), hours=3
                    )
                )
            steps += self._training_steps(training, days)
        Session.objects.bulk_create(sessions)
        TrainingTransition.objects.bulk_create(steps)
        by_training: dict[int, list[Session]] = {}
        for session in sessions:
            by_training.setdefault(session.training_id, []).append(session)
        enrolments, attendances = self._enrolments(made, by_training, workers, story)
        return {
            "trainings": len(made),
            "training_sessions": len(sessions),
            "enrolments": enrolments,
            "attendances": attendances,
        }

    def _session_days(self, state: str, today_session: bool) -> list[datetime.date]:
        rng = self.rng
        count = rng.randint(2, 5)
        gap = rng.choice((1, 2, 7))
        if today_session:
            start = self.today
        elif state == T.FINISHED:
            start = self.today - datetime.timedelta(days=rng.randint(10 + gap * count, 3 * 365))
        elif state == T.CLOSED:  # under way: the first sessions held, the last to come
            start = self.today - datetime.timedelta(days=gap * (count - 1) // 2 + 1)
        else:  # open or draft: all to come
            start = self.today + datetime.timedelta(days=rng.randint(3, 45))
        return [start + datetime.timedelta(days=gap * k) for k in range(count)]

    def _training_steps(self, training: Training, days) -> list[TrainingTransition]:
        path = []
        if training.state != T.DRAFT:
            path.append((T.DRAFT, T.OPEN, "training_open", days[0] - datetime.timedelta(days=20)))
        if training.state in (T.CLOSED, T.FINISHED):
            path.append((T.OPEN, T.CLOSED, "training_close", days[0] - datetime.timedelta(days=1)))
        if training.state == T.FINISHED:
            path.append((T.CLOSED, T.FINISHED, "training_finish", training.finished_on))
        steps = [
            TrainingTransition(
                training=training, from_state=a, to_state=b, actor_id=self.actor_id, at=self._at(on), data={"action": x}
            )
            for a, b, x, on in path
        ]
        if steps:
            training.state_changed_at = steps[-1].at
            Training.objects.filter(pk=training.pk).update(state_changed_at=steps[-1].at)
        return steps

    def _code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def _enrolments(self, trainings, by_training, workers, story) -> tuple[int, int]:
        rng = self.rng
        rows, present = [], []
        for n_training, training in enumerate(trainings):
            if training.state == T.DRAFT:
                continue
            covered = [w for w in workers if w[2].startswith(training.org_path)]
            if not covered:
                continue
            wanted = int(training.capacity * rng.uniform(0.5, 1.25 if training.state == T.OPEN else 1.0))
            chosen = rng.sample(covered, min(wanted, len(covered)))
            if story and n_training < 2 and story not in chosen:  # the story's two trainings
                chosen.insert(0, story)
            if training.state == T.OPEN and len(chosen) > 8 and rng.random() < 0.5:
                # A popular one: full, with a waiting list.
                training.capacity = len(chosen) - rng.randint(2, 5)
                Training.objects.filter(pk=training.pk).update(capacity=training.capacity)
            sessions = by_training[training.pk]
            opened = sessions[0].date - datetime.timedelta(days=20)
            taken = 0
            for n, (worker_id, user_id, path) in enumerate(chosen):
                at = self._at(opened + datetime.timedelta(days=min(n // 5, 18)), datetime.time(8 + n % 10))
                is_story = story is not None and worker_id == story[0]
                cancelled = not is_story and rng.random() < 0.05
                state = EnrolmentState.CANCELLED if cancelled else EnrolmentState.ENROLLED
                if not cancelled and taken >= training.capacity:
                    state = EnrolmentState.WAITING
                taken += state == EnrolmentState.ENROLLED
                row = {
                    "training_id": training.pk,
                    "worker_id": worker_id,
                    "org_path": path,
                    "state": state,
                    "enrolled_by_id": user_id if user_id and rng.random() < 0.7 else self.actor_id,
                    "created_at": at,
                    "cancelled_at": at + datetime.timedelta(days=2) if cancelled else None,
                    "completed_on": None,
                    "hours_credited": None,
                    "certificate_code": None,
                }
                if state == EnrolmentState.ENROLLED:
                    held = [s for s in sessions if s.date < self.today]
                    attended = [s for s in held if is_story or rng.random() < 0.9]
                    row["_attended"] = (attended, user_id)
                    if training.state == T.FINISHED and len(attended) * 100 >= training.attendance_share * len(
                        sessions
                    ):
                        row.update(
                            completed_on=training.finished_on,
                            hours_credited=training.hours,
                            certificate_code=self._code(),
                        )
                rows.append(row)
        attended = {}
        for row in rows:
            attended[(row["training_id"], row["worker_id"])] = row.pop("_attended", ((), None))
        insert_dicts(Enrolment, rows)
        ids = dict(
            ((t, w), pk)
            for t, w, pk in Enrolment.objects.filter(training__in=trainings)
            .exclude(state=EnrolmentState.CANCELLED)
            .values_list("training_id", "worker_id", "pk")
        )
        for key, (sessions, user_id) in attended.items():
            for session in sessions:
                qr = user_id is not None and rng.random() < 0.75
                present.append(
                    {
                        "session_id": session.pk,
                        "enrolment_id": ids[key],
                        "method": CheckInMethod.QR if qr else CheckInMethod.ROLL_CALL,
                        "at": self._at(session.date, session.starts_at),
                        "recorded_by_id": user_id if qr else self.actor_id,
                    }
                )
        insert_dicts(Attendance, present)
        completions_rebuild()  # written in bulk, past training_complete: the rollup counts them afresh
        return len(rows), len(present)

    # ---- 师带徒 ----------------------------------------------------------------------------------------

    def pairs(self, total: int) -> dict[str, int]:
        rng = self.rng
        policy = apprenticeship_policy()
        masters = list(
            TalentProfile.objects.filter(worker__isnull=False, worker__skill_level__isnull=False)
            .select_related("worker__employer")
            .order_by("pk")
        )
        masters = [m for m in masters if skill_rank(m.worker.skill_level) >= MASTER_RANK]
        by_employer: dict[int, list[int]] = {}
        profiled = {m.worker_id for m in TalentProfile.objects.filter(worker__isnull=False).only("worker_id")}
        for pk, employer_id in (
            Worker.objects.filter(employer__path__startswith=self.city.path, employer__kind=OrgKind.ENTERPRISE)
            .order_by("pk")
            .values_list("pk", "employer_id")
        ):
            if pk not in profiled:
                by_employer.setdefault(employer_id, []).append(pk)
        used: set[int] = set()
        open_of: dict[int, int] = {}
        made = []
        candidates = [m for m in masters if by_employer.get(m.worker.employer_id)]
        rng.shuffle(candidates)
        attempts = 0
        while len(made) < total and candidates and attempts < total * 10:
            attempts += 1
            master = candidates[attempts % len(candidates)]
            pool = [w for w in by_employer[master.worker.employer_id] if w not in used]
            if not pool:
                continue
            state = _weighted(rng, PAIR_STATES)
            if state in (P.PROPOSED, P.ACTIVE) and open_of.get(master.pk, 0) >= policy.max_apprentices:
                continue
            apprentice = rng.choice(pool)
            used.add(apprentice)
            if state in (P.PROPOSED, P.ACTIVE):
                open_of[master.pk] = open_of.get(master.pk, 0) + 1
            years = rng.choice((1, 1, 2, 2, 3))
            if state == P.PROPOSED:
                starts = self.today + datetime.timedelta(days=rng.randint(3, 30))
            elif state == P.ACTIVE:  # some have come to their end and wait for the assessment
                starts = self.today - datetime.timedelta(days=rng.randint(30, 365 * years + 20))
            else:
                starts = self.today - datetime.timedelta(days=365 * years + rng.randint(30, 700))
            ends = _years_on(starts, years)
            trade = master.worker.trade or rng.choice(SUBJECTS)[1] or "钳工"
            pair = Apprenticeship(
                master=master,
                apprentice_id=apprentice,
                organization=master.worker.employer,
                org_path=master.worker.employer.path,
                trade=trade,
                goals=rng.choice(GOALS).format(trade=trade),
                know_how=rng.choice(KNOW_HOW),
                starts_on=starts,
                ends_on=ends,
                state=state,
                proposed_by_id=self.actor_id,
                state_changed_at=self._at(starts - datetime.timedelta(days=7)),
            )
            if state in (P.COMPLETED, P.FAILED):
                pair.assessed_on = min(ends + datetime.timedelta(days=rng.randint(0, 20)), self.today)
                pair.assessor_id = self.actor_id
                pair.assessment_note = rng.choice(PASS_NOTES) if state == P.COMPLETED else FAIL_NOTES
            made.append(pair)
        Apprenticeship.objects.bulk_create(made)
        milestones, steps = [], []
        for pair in made:
            milestones += self._milestones(pair)
            steps += self._pair_steps(pair)
        Milestone.objects.bulk_create(milestones)
        ApprenticeshipTransition.objects.bulk_create(steps)
        passed = [p for p in made if p.state == P.COMPLETED]
        proposed, confirmed = self._skill_levels(passed)
        rewards = self._rewards(passed)
        return {
            "apprenticeships": len(made),
            "master_rewards": rewards,
            "milestones": len(milestones),
            "skill_levels_proposed": proposed,
            "skill_levels_confirmed": confirmed,
        }

    def _milestones(self, pair: Apprenticeship) -> list[Milestone]:
        rng = self.rng
        count = rng.randint(2, 4)
        span = (pair.ends_on - pair.starts_on).days
        rows = []
        for k in range(count):
            due = pair.starts_on + datetime.timedelta(days=span * (k + 1) // (count + 1))
            done = pair.state != P.PROPOSED and due < self.today and (pair.state != P.FAILED or k < count - 1)
            rows.append(
                Milestone(
                    apprenticeship=pair,
                    title=MILESTONES[min(k, len(MILESTONES) - 1)] if k < count - 1 else MILESTONES[-1],
                    due_on=due,
                    done_on=min(due + datetime.timedelta(days=rng.randint(-10, 10)), self.today) if done else None,
                    note="按期完成" if done else "",
                )
            )
        return rows

    def _pair_steps(self, pair: Apprenticeship) -> list[ApprenticeshipTransition]:
        rng = self.rng
        path = []
        confirmed = pair.starts_on - datetime.timedelta(days=3)
        if pair.state == P.ENDED and rng.random() < 0.3:
            path.append((P.PROPOSED, P.ENDED, "pair_refuse", confirmed, "师徒岗位不对口"))
        elif pair.state != P.PROPOSED:
            path.append((P.PROPOSED, P.ACTIVE, "pair_confirm", confirmed, ""))
            if pair.state == P.ENDED:
                on = pair.starts_on + datetime.timedelta(days=rng.randint(60, 300))
                path.append((P.ACTIVE, P.ENDED, "pair_end", min(on, self.today), rng.choice(END_REASONS)))
            elif pair.state in (P.COMPLETED, P.FAILED):
                action = "pair_pass" if pair.state == P.COMPLETED else "pair_fail"
                path.append((P.ACTIVE, pair.state, action, pair.assessed_on, ""))
        steps = [
            ApprenticeshipTransition(
                apprenticeship=pair,
                from_state=a,
                to_state=b,
                actor_id=self.actor_id,
                at=self._at(on),
                reason=reason,
                data={"action": action},
            )
            for a, b, action, on, reason in path
        ]
        if steps:
            Apprenticeship.objects.filter(pk=pair.pk).update(state_changed_at=steps[-1].at)
        return steps

    def _rewards(self, passed: list[Apprenticeship]) -> int:
        """What pair_assess does on a pass: the master's reward owed in the payout ledger by the apprentice's
        employer; finance paid those assessed more than 45 days ago (a voucher each, its step recorded)."""
        amount = apprenticeship_policy().master_reward
        if amount <= 0 or not passed:
            return 0
        names = dict(Worker.objects.filter(pk__in=[p.apprentice_id for p in passed]).values_list("pk", "name"))
        payouts = []
        for pair in passed:
            payout = payout_build(
                kind=MASTER_REWARD,
                record_id=pair.pk,
                purpose=f"{pair.master.worker.name} → {names[pair.apprentice_id]}（{pair.trade}）",
                payer=pair.organization,
                org_path=pair.org_path,
                payee_id=pair.master.worker_id,
                amount=amount,
                owed_at=self._at(pair.assessed_on),
            )
            paid_on = pair.assessed_on + datetime.timedelta(days=self.rng.randint(10, 40))
            if (self.today - pair.assessed_on).days > 45 and paid_on <= self.today:
                payout.status, payout.paid_on, payout.paid_by_id, payout.version = "paid", paid_on, self.actor_id, 2
                payout.voucher_no = f"SD{paid_on:%Y%m}-{pair.pk:04d}"
            payouts.append(payout)
        Payout.objects.bulk_create(payouts)
        PayoutTransition.objects.bulk_create(
            PayoutTransition(
                payout=payout,
                from_state="pending",
                to_state="paid",
                actor_id=self.actor_id,
                at=self._at(payout.paid_on),
                data={"action": "payout", "paid_on": payout.paid_on.isoformat(), "voucher_no": payout.voucher_no},
            )
            for payout in payouts
            if payout.status == "paid"
        )
        for pair, payout in zip(passed, payouts, strict=True):
            pair.reward_payout = payout
        Apprenticeship.objects.bulk_update(passed, ["reward_payout"])
        return len(payouts)

    def _skill_levels(self, passed: list[Apprenticeship]) -> tuple[int, int]:
        """What pair_assess does on a pass: one level up proposed through talent's service; the union
        confirmed those assessed more than two months ago (with the certificate), through talent's service."""
        actor = User.objects.get(pk=self.actor_id)
        proposed = confirmed = 0
        for pair in sorted(passed, key=lambda p: (p.assessed_on, p.pk)):
            apprentice = Worker.objects.select_related("employer").get(pk=pair.apprentice_id)
            level = skill_level_above(apprentice.skill_level)
            if level is None:
                continue
            entry = skill_level_propose(
                worker=apprentice, level=level, source="师带徒考核通过", rule=APPRENTICESHIP_RULE, on=pair.assessed_on
            )
            if entry is None:
                continue
            proposed += 1
            if (self.today - pair.assessed_on).days > 60:
                skill_level_decide(
                    actor=actor,
                    entry=entry,
                    confirm=True,
                    certificate_no=f"{pair.assessed_on.year}{self.rng.randint(10**9, 10**10 - 1)}",
                )
                confirmed += 1
        return proposed, confirmed


def _years_on(start: datetime.date, years: int) -> datetime.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def demo_training(context: DemoContext) -> dict[str, int]:
    """Training's demo step: 80 trainings and 150 pairs (`amounts["training"]`, `amounts["apprenticeships"]`)."""
    actor = context.accounts.get("city-admin")
    if actor is None:
        return {}
    generator = TrainingGenerator(city=context.city, seed=context.seed, as_of=context.as_of, actor_id=actor)
    counts = generator.trainings(context.amounts.get("training", TRAININGS), context.accounts.get("worker_id"))
    return counts | generator.pairs(context.amounts.get("apprenticeships", PAIRS))
