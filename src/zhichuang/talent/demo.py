"""The talent pool's demo step: profiles of about one worker in fifty with honours across every level, the
skill-level histories behind them, people of the partner organisations, and consent as people would give it.

Honours are walked as the workflow records them (entered, checked by the district, confirmed by the city
from the city's level up), most of them confirmed, some still waiting on the district or the city, a few
returned; every profile's categories then follow from its record (services.profile_refresh). One seeded
random.Random drives everything: the same seed and as_of give the same pool.
"""

import datetime
import random

from zhichuang.accounts.enums import SKILL_LADDER, SkillLevel
from zhichuang.accounts.models import User, Worker
from zhichuang.core import person_names
from zhichuang.core.modules import DemoContext
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from .enums import HonourLevel, HonourState, SkillEntryState
from .models import Honour, HonourTransition, HonourType, SkillLevelEntry, TalentProfile
from .services import district_of, honour_list_restore, profile_refresh

PROFILE_SHARE = 0.02  # one worker in fifty has a profile
EXTERNAL_PER_PARTNER = 6
FIRST_YEAR = 2012
H = HonourState

EXPERTISE = (
    "数控加工",
    "焊接工艺",
    "电气自动化",
    "液压与气动",
    "设备维修",
    "节能降耗",
    "安全生产",
    "质量管理",
    "化工工艺",
    "工业软件",
    "精密测量",
    "模具设计",
    "机器人运维",
    "电力运维",
    "纺织工艺",
    "食品加工",
    "汽车装配",
    "精益管理",
    "锅炉运行",
    "仓储物流",
)
POSITIONS = (("班组长", 30), ("技术员", 20), ("操作工", 20), ("车间主任", 10), ("工程师", 12), ("高级技师", 8))
ACHIEVEMENTS = (
    "带领班组攻克{field}难题",
    "总结出一套{field}的操作要领",
    "主导{field}关键工序的改进",
    "在{field}岗位上培养了一批骨干",
)
EFFECTS = ("年节约成本数十万元", "产品合格率明显提升", "设备故障率大幅下降", "多项成果在全市推广")
ACADEMIC = (
    ("材料腐蚀与防护", "正高级"),
    ("智能制造", "副高级"),
    ("电力电子", "正高级"),
    ("化工过程安全", "副高级"),
    ("工业互联网", "副高级"),
    ("精益生产", "中级"),
)
# Which level an honour is at, how often (most are an enterprise's or a district's).
LEVEL_WEIGHTS = {
    HonourLevel.ENTERPRISE: 40,
    HonourLevel.DISTRICT: 25,
    HonourLevel.CITY: 20,
    HonourLevel.PROVINCIAL: 10,
    HonourLevel.NATIONAL: 5,
}
# Where an honour of this year stands now: nearly all of the past confirmed; this year's partly on the way.
RECENT_STATES = ((H.CONFIRMED, 35), (H.NOMINATED, 35), (H.VERIFIED, 20), (H.RETURNED, 10))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _biography(rng: random.Random, field: str, years: int) -> str:
    achievement = rng.choice(ACHIEVEMENTS).format(field=field)
    return f"从事{field}工作{years}年，{achievement}，{rng.choice(EFFECTS)}。"


class TalentGenerator:
    def __init__(self, *, city: Organization, seed: int, as_of: datetime.datetime, actor_id: int | None):
        self.rng = random.Random(f"talent-{seed}")
        self.city = city
        self.as_of = as_of
        self.today = as_of.date()
        self.actor_id = actor_id
        self.types = {level: list(HonourType.objects.filter(level=level)) for level in HonourLevel.values}

    def run(self, *, profiles: int, story_worker: int | None) -> dict[str, int]:
        rng = self.rng
        worker_ids = list(Worker.objects.filter(employer__path__startswith=self.city.path).values_list("pk", flat=True))
        chosen = sorted(rng.sample(worker_ids, min(profiles, len(worker_ids))))
        if story_worker and story_worker not in chosen:
            chosen[0] = story_worker
        workers = Worker.objects.filter(pk__in=chosen).select_related("employer").order_by("pk")
        made = []
        levels = {}
        # People of the partner organisations first: lists show the newest first, the workers on top.
        partners = Organization.objects.filter(kind=OrgKind.PARTNER).order_by("path")
        for partner in partners:
            for _ in range(EXTERNAL_PER_PARTNER):
                field, _title = rng.choice(ACADEMIC)
                made.append(
                    TalentProfile(
                        name=person_names.random_name(rng),
                        organization=partner,
                        org_path=self.city.path,
                        expertise=field,
                        biography=f"{partner.name}研究人员，长期从事{field}研究与企业技术服务。",
                        position=rng.choice(("教授", "研究员", "副教授", "高级工程师")),
                        created_by_id=self.actor_id,
                    )
                )
        for worker in workers:
            field = rng.choice(EXPERTISE)
            years = rng.randint(5, 30)
            head = rng.random() < 0.03
            made.append(
                TalentProfile(
                    worker=worker,
                    name=worker.name,
                    organization=worker.employer,
                    org_path=worker.employer.path,
                    district=district_of(worker.employer),
                    industry=worker.employer.industry,
                    position="总经理" if head else _weighted(rng, POSITIONS),
                    enterprise_head=head,
                    professional_title=worker.professional_title,
                    expertise="、".join(dict.fromkeys([field, rng.choice(EXPERTISE)])),
                    biography=_biography(rng, field, years),
                    created_by_id=self.actor_id,
                )
            )
            levels[worker.pk] = self._skill_history(worker)
        for profile in made:  # consent as people give it, before the rows are written (no second pass)
            self._consent(profile, story=story_worker is not None and profile.worker_id == story_worker)
        created = TalentProfile.objects.bulk_create(made)
        entries = SkillLevelEntry.objects.bulk_create(e for history in levels.values() for e in history)
        for worker_id, history in levels.items():
            if history:
                Worker.objects.filter(pk=worker_id).update(skill_level=history[-1].level)
        honours = self._honours(created)
        for profile in TalentProfile.objects.filter(pk__in=[p.pk for p in created]).select_related("worker"):
            profile_refresh(profile)
        return {"talent_profiles": len(created), "honours": honours, "skill_levels": len(entries)}

    def _skill_history(self, worker: Worker) -> list[SkillLevelEntry]:
        """One to four certificates up the ladder, years apart, the last one the worker's level now."""
        rng = self.rng
        top = rng.choices(range(1, len(SKILL_LADDER) + 1), (8, 14, 26, 24, 16, 7, 5))[0]
        start = max(0, top - rng.randint(1, 4))
        year = self.today.year - rng.randint(1, 4) - 3 * (top - start)
        history = []
        for rank in range(start + 1, top + 1):
            year += rng.randint(2, 4)
            on = datetime.date(min(year, self.today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
            level = SKILL_LADDER[rank - 1]
            history.append(
                SkillLevelEntry(
                    worker=worker,
                    level=level,
                    awarded_on=on,
                    certificate_no=f"{on.year}{rng.randint(10**9, 10**10 - 1)}",
                    issuing_body="市职业技能鉴定中心"
                    if level != SkillLevel.CHIEF_TECHNICIAN
                    else "市人力资源和社会保障局",
                    state=SkillEntryState.CONFIRMED,
                    org_path=worker.employer.path,
                    entered_by_id=self.actor_id,
                    decided_by_id=self.actor_id,
                )
            )
        return history

    def _honours(self, profiles: list[TalentProfile]) -> int:
        rng = self.rng
        rows, steps = [], []
        for profile in profiles:
            if profile.worker_id is None and rng.random() < 0.7:
                continue
            held = set()
            for _ in range(rng.choices((1, 2, 3), (55, 30, 15))[0]):
                level = _weighted(rng, LEVEL_WEIGHTS.items())
                if not self.types.get(level):
                    continue
                honour_type = rng.choice(self.types[level])
                # Recent years more often: the pool keeps growing.
                year = self.today.year - int(rng.triangular(0, self.today.year - FIRST_YEAR + 1, 0))
                if (honour_type.pk, year) in held:
                    continue
                held.add((honour_type.pk, year))
                state = _weighted(rng, RECENT_STATES) if year == self.today.year else H.CONFIRMED
                if state == H.VERIFIED and level not in (
                    HonourLevel.CITY,
                    HonourLevel.PROVINCIAL,
                    HonourLevel.NATIONAL,
                ):
                    state = H.NOMINATED
                at = datetime.datetime.combine(
                    min(
                        datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                        self.today - datetime.timedelta(days=3),
                    ),
                    datetime.time(10),
                    tzinfo=self.as_of.tzinfo,
                )
                rows.append(
                    Honour(
                        profile=profile,
                        honour_type=honour_type,
                        year=year,
                        issuing_body=honour_type.issuing_body,
                        certificate_no=f"RY{year}{rng.randint(1000, 9999)}",
                        state=state,
                        state_changed_at=at,
                        organization=profile.organization if profile.worker_id else self.city,
                        org_path=profile.org_path,
                        district=profile.district,
                        entered_by_id=self.actor_id,
                    )
                )
        Honour.objects.bulk_create(rows)
        for honour in rows:
            steps.extend(self._steps(honour))
        HonourTransition.objects.bulk_create(steps)
        return len(rows)

    def _steps(self, honour: Honour) -> list[HonourTransition]:
        """The workflow's history of an honour, as its steps would have recorded it."""
        at = honour.state_changed_at
        path = [(H.DRAFT, H.NOMINATED, "honour_nominate", "")]
        city_level = honour.honour_type.level in (HonourLevel.CITY, HonourLevel.PROVINCIAL, HonourLevel.NATIONAL)
        if honour.state in (H.VERIFIED, H.CONFIRMED):
            path.append((H.NOMINATED, H.VERIFIED if city_level else H.CONFIRMED, "honour_verify", "材料齐全，核实无误"))
        if honour.state == H.CONFIRMED and city_level:
            path.append((H.VERIFIED, H.CONFIRMED, "honour_confirm", ""))
        if honour.state == H.RETURNED:
            path.append((H.NOMINATED, H.RETURNED, "honour_return", "请补充证书扫描件"))
        steps = []
        for n, (origin, to, action, reason) in enumerate(path):
            steps.append(
                HonourTransition(
                    honour=honour,
                    from_state=origin,
                    to_state=to,
                    actor_id=self.actor_id,
                    at=at - datetime.timedelta(days=3 * (len(path) - 1 - n)),
                    reason=reason,
                    data={"action": action},
                )
            )
        return steps

    def _consent(self, profile: TalentProfile, *, story: bool) -> None:
        rng = self.rng
        if not story and rng.random() > 0.35:
            return
        profile.public = True
        profile.public_honours = story or rng.random() < 0.8
        profile.public_biography = story or rng.random() < 0.5
        profile.public_methods = rng.random() < 0.4
        profile.consent_changed_at = self.as_of


def demo_talent(context: DemoContext) -> dict[str, int]:
    """The talent pool's demo step: about one worker in fifty (`amounts["talent"]` if given)."""
    total = context.amounts.get("talent", round(context.workers * PROFILE_SHARE))
    if not total:
        return {}
    # Who entered and decided the honours: the demo's city admin, or in scale data the first account.
    actor = context.accounts.get("city-admin") or User.objects.order_by("pk").values_list("pk", flat=True).first()
    if actor is None:  # a city without a single account: nobody could have entered an honour
        return {}
    honour_list_restore()  # a reset emptied the list its migration seeded
    generator = TalentGenerator(city=context.city, seed=context.seed, as_of=context.as_of, actor_id=actor)
    return generator.run(profiles=total, story_worker=context.accounts.get("worker_id"))
