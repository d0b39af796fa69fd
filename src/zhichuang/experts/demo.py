"""The expert pool's demo step: 300 experts from the talent pool (workers with their employers), the demo
universities' and institutes' researchers, and a few independents; titles 正高级/副高级/中级, technical fields
of the city's list and GB/T 4754 industries as tags, three-year terms (some renewed, some over), most in
the pool, some suspended with the reason, some applications and invitations waiting on the city, some
declared conflicts. Each membership's history is the workflow's; active members get the 专家 category
through talent's service and, where they have an account, the expert role (accounts.services.role_grant).
The demo's "expert" account acts for one of the universities' experts.

One seeded random.Random drives everything: the same seed and as_of give the same pool.
"""

import datetime
import random

from zhichuang.accounts.models import RoleAssignment, User
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import role_grant
from zhichuang.core import person_names
from zhichuang.core.modules import DemoContext
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.industries import industry_name
from zhichuang.orgs.models import Organization
from zhichuang.talent.models import TalentProfile
from zhichuang.talent.services import profile_set_expert

from .enums import DEFAULT_YEARLY_LIMIT, ExpertState, ExpertTitle
from .models import Expert, ExpertConflict, ExpertTag, ExpertTransition, TechnicalField, field_tag, industry_tag
from .services import technical_fields_restore, term_after

EXPERTS = 300
INDEPENDENTS = 12
E = ExpertState

# Where a membership stands now, how often.
STATES = ((E.ACTIVE, 80), (E.SUSPENDED, 6), (E.APPLIED, 8), (E.INVITED, 3), (E.DECLINED, 3))
TITLES = ((ExpertTitle.SENIOR, 25), (ExpertTitle.ASSOCIATE_SENIOR, 45), (ExpertTitle.INTERMEDIATE, 30))
# A worker's own professional title decides an expert's where it is one of the three.
WORKER_TITLES = {t.value for t, _w in TITLES}
LIMITS = ((10, 20), (15, 25), (DEFAULT_YEARLY_LIMIT, 45), (30, 10))
SUSPENSIONS = ("年度履职考核不合格", "本人申请暂停（出国访学）", "连续两次无故不参加评审", "工作调动，暂停一年")
DECLINES = ("专业领域与专家库需求不符", "职称材料不全，请补充后再申请", "本人婉拒邀请")
CONFLICT_NOTES = ("曾在该单位任职", "担任该单位技术顾问", "近亲属在该单位任职", "与该单位有合作项目")
PERSON_NOTES = ("师徒关系", "同一课题组", "近亲属")
INDEPENDENT_WORDS = ("退休高级工程师", "独立技术顾问", "行业协会专家")
# Each technical field (by its name in the city's list) with the industries (GB/T 4754 divisions) it is
# most often reviewed in: an expert's industries come from their fields.
FIELD_INDUSTRIES = {
    "数控加工": ("34", "35"),
    "焊接工艺": ("33", "37"),
    "电气自动化": ("38", "40"),
    "液压与气动": ("34", "35"),
    "设备维修": ("34", "35", "36"),
    "节能降耗": ("44", "26"),
    "安全生产": ("26", "06"),
    "质量管理": ("36", "39"),
    "化工工艺": ("26", "27"),
    "软件与信息化": ("65", "64"),
    "新材料": ("30", "32"),
    "机械设计": ("34", "35"),
    "环境保护": ("77", "46"),
    "物流仓储": ("59", "54"),
    "建筑施工": ("47", "48"),
    "电力运维": ("44",),
    "纺织工艺": ("17", "18"),
    "食品加工": ("13", "14"),
    "汽车制造": ("36",),
    "精益管理": ("36", "38"),
}
EXPERTISE = (
    "{field}工艺优化与现场改善",
    "{field}关键技术攻关",
    "{field}标准制定与质量评价",
    "{field}设备选型与技术改造",
    "{field}人才培养与技能评价",
)


class ExpertGenerator:
    def __init__(self, *, city: Organization, seed: int, as_of: datetime.datetime, actor_id: int):
        self.rng = random.Random(f"experts-{seed}")
        self.city = city
        self.as_of = as_of
        self.today = as_of.date()
        self.actor_id = actor_id
        self.fields = list(TechnicalField.objects.filter(active=True).order_by("order", "pk"))

    def run(self, *, total: int, expert_account: int | None, reserved=()) -> dict[str, int]:
        """reserved: the demo accounts, whose workers are left out (their roles stay the ones they show)."""
        rng = self.rng
        partners = list(Organization.objects.filter(kind=OrgKind.PARTNER).order_by("path"))
        enterprises = list(
            Organization.objects.filter(kind=OrgKind.ENTERPRISE, path__startswith=self.city.path)
            .exclude(credit_code=None)
            .order_by("path")
            .values_list("credit_code", flat=True)
        )
        taken = set(Expert.objects.values_list("profile_id", flat=True))
        externals = list(TalentProfile.objects.filter(worker__isnull=True).exclude(pk__in=taken).order_by("pk"))
        workers = list(
            TalentProfile.objects.filter(worker__isnull=False)
            .exclude(pk__in=taken)
            .exclude(worker__user_id__in=list(reserved))
            .select_related("worker", "organization")
            .order_by("pk")
        )
        wanted = max(0, total - len(externals) - INDEPENDENTS)
        chosen = externals + sorted(rng.sample(workers, min(wanted, len(workers))), key=lambda p: p.pk)
        chosen += self._independents(min(INDEPENDENTS, total - len(chosen)), partners)
        chosen = chosen[:total]
        experts, memberships = [], []
        for profile in chosen:
            expert, fields, state, history = self._expert(profile)
            experts.append(expert)
            memberships.append((fields, state, history))
        # The demo's expert account acts for the first active university researcher.
        if expert_account is not None:
            first = next(
                (
                    e
                    for e, (_f, state, _h) in zip(experts, memberships, strict=True)
                    if state == E.ACTIVE and e.profile.worker_id is None and e.profile.organization_id
                ),
                None,
            )
            if first is not None:
                first.user_id = expert_account
        Expert.objects.bulk_create(experts)
        through = Expert.fields.through
        tags, links, steps, conflicts = [], [], [], []
        profiles = [p.pk for p in chosen]
        for expert, (fields, _state, history) in zip(experts, memberships, strict=True):
            links += [through(expert_id=expert.pk, technicalfield_id=f.pk) for f in fields]
            tags += [ExpertTag(expert=expert, tag=field_tag(f.pk)) for f in fields]
            tags += [ExpertTag(expert=expert, tag=industry_tag(code)) for code in expert.industries]
            steps += [ExpertTransition(expert=expert, **step) for step in history]
            conflicts += self._conflicts(expert, enterprises, profiles)
        through.objects.bulk_create(links)
        ExpertTag.objects.bulk_create(tags)
        ExpertTransition.objects.bulk_create(steps)
        ExpertConflict.objects.bulk_create(conflicts)
        active = [e for e in experts if e.state == E.ACTIVE]
        for expert in active:
            profile_set_expert(profile=expert.profile, expert=True)
        self._roles([e.user_id for e in active if e.user_id and e.user_id != expert_account])
        return {"experts": len(experts), "expert_conflicts": len(conflicts), "expert_steps": len(steps)}

    def _independents(self, count: int, partners) -> list[TalentProfile]:
        """People outside the enterprises: a partner's researcher, or an independent (no organisation)."""
        rng = self.rng
        made = []
        for n in range(count):
            organization = partners[n % len(partners)] if partners and n % 3 else None
            field = rng.choice(self.fields).name
            words = rng.choice(INDEPENDENT_WORDS) if organization is None else f"{organization.name}研究人员"
            made.append(
                TalentProfile(
                    name=person_names.random_name(rng),
                    organization=organization,
                    org_path=self.city.path,
                    expertise=field,
                    biography=f"{words}，长期从事{field}方面的技术服务与评审工作。",
                    position=rng.choice(("教授", "研究员", "高级工程师", "正高级工程师")),
                    created_by_id=self.actor_id,
                )
            )
        return TalentProfile.objects.bulk_create(made)

    def _expert(self, profile: TalentProfile):
        rng = self.rng
        fields = rng.sample(self.fields, rng.choice((1, 2, 2, 3)))
        named = [f for f in self.fields if f.name in (profile.expertise or "")]
        if named and named[0] not in fields:
            fields[0] = named[0]
        industries = sorted(
            {code for f in fields for code in FIELD_INDUSTRIES.get(f.name, ())[: rng.choice((1, 2))]}
            | ({profile.industry} if profile.industry else set())
        )
        worker_title = profile.worker.professional_title if profile.worker_id else ""
        title = worker_title if worker_title in WORKER_TITLES else _weighted(rng, TITLES)
        state = _weighted(rng, STATES)
        expertise = rng.choice(EXPERTISE).format(field=fields[0].name)
        organization = profile.organization
        district = profile.district if profile.worker_id else None
        expert = Expert(
            profile=profile,
            user_id=profile.worker.user_id if profile.worker_id else None,
            title=title,
            industries=industries,
            expertise=expertise,
            match_text=" ".join(
                [f.name for f in fields]
                + [industry_name(c) for c in industries]
                + [w for w in (expertise, profile.expertise) if w]
            ),
            employer_credit_code=(organization.credit_code or "") if organization else "",
            district=district,
            org_path=district.path if district else self.city.path,
            yearly_limit=_weighted(rng, LIMITS),
            state=state,
            created_by_id=self.actor_id,
        )
        history = self._history(expert, invited=profile.worker_id is None or rng.random() < 0.3)
        if expert.state == E.ACTIVE and rng.random() < 0.08:
            expert.busy_until = self.today + datetime.timedelta(days=rng.randint(5, 90))
        return expert, fields, state, history

    def _history(self, expert: Expert, *, invited: bool) -> list[dict]:
        """The membership's steps as the workflow records them; sets the term and state_changed_at."""
        rng = self.rng
        begun = self.today - datetime.timedelta(days=rng.randint(20, 6 * 365))
        first = E.INVITED if invited else E.APPLIED
        steps = []

        def step(origin, to, action, on, reason=""):
            at = datetime.datetime.combine(on, datetime.time(10), tzinfo=self.as_of.tzinfo)
            steps.append(
                {
                    "from_state": origin,
                    "to_state": to,
                    "actor_id": self.actor_id,
                    "at": at,
                    "reason": reason,
                    "data": {"action": action},
                }
            )
            expert.state_changed_at = at

        if expert.state in (E.APPLIED, E.INVITED):
            expert.state = first  # waiting: on the city (an application) or on the person (an invitation)
            expert.state_changed_at = datetime.datetime.combine(
                self.today - datetime.timedelta(days=rng.randint(1, 20)), datetime.time(9), tzinfo=self.as_of.tzinfo
            )
            return steps
        decided = min(begun + datetime.timedelta(days=rng.randint(3, 30)), self.today - datetime.timedelta(days=1))
        if expert.state == E.DECLINED:
            step(first, E.DECLINED, "expert_decline", decided, rng.choice(DECLINES))
            return steps
        expert.term_start = decided
        expert.term_end = term_after(decided)
        step(first, E.ACTIVE, "expert_accept" if invited else "expert_approve", decided)
        # Terms that came to an end: most renewed, a few left over (matching excludes them).
        while expert.term_end < self.today and rng.random() < 0.85:
            renewed = expert.term_end - datetime.timedelta(days=rng.randint(5, 40))
            expert.term_end = term_after(expert.term_end + datetime.timedelta(days=1))
            step(E.ACTIVE, E.ACTIVE, "expert_renew", renewed, "任期届满，考核合格续聘")
        if expert.state == E.SUSPENDED:
            on = self.today - datetime.timedelta(days=rng.randint(1, max(1, (self.today - decided).days)))
            step(E.ACTIVE, E.SUSPENDED, "expert_suspend", max(on, decided), rng.choice(SUSPENSIONS))
        return steps

    def _conflicts(self, expert: Expert, enterprises: list[str], profiles: list[int]) -> list[ExpertConflict]:
        rng = self.rng
        if expert.state not in (E.ACTIVE, E.SUSPENDED) or rng.random() > 0.15:
            return []
        made = []
        for _ in range(rng.choice((1, 1, 2))):
            if rng.random() < 0.75 and enterprises:
                code = rng.choice(enterprises)
                if code != expert.employer_credit_code:
                    made.append(ExpertConflict(expert=expert, credit_code=code, note=rng.choice(CONFLICT_NOTES)))
            else:
                person = rng.choice(profiles)
                if person != expert.profile_id:
                    made.append(ExpertConflict(expert=expert, person_id=person, note=rng.choice(PERSON_NOTES)))
        return made

    def _roles(self, user_ids: list[int]) -> None:
        """Role.EXPERT for the active members' accounts, granted as the city's decision grants it."""
        held = set(
            RoleAssignment.objects.filter(role=Role.EXPERT, organization=self.city).values_list("user_id", flat=True)
        )
        for user in User.objects.filter(pk__in=sorted(set(user_ids) - held)).order_by("pk"):
            role_grant(actor=None, user=user, role=Role.EXPERT, organization=self.city)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def demo_experts(context: DemoContext) -> dict[str, int]:
    """The expert pool's demo step: 300 experts (`amounts["experts"]` if given)."""
    total = context.amounts.get("experts", EXPERTS)
    actor = context.accounts.get("city-admin")
    if actor is None:
        actor = User.objects.order_by("pk").values_list("pk", flat=True).first()
    if not total or actor is None:
        return {}
    technical_fields_restore()  # a reset emptied the list its migration seeded
    generator = ExpertGenerator(city=context.city, seed=context.seed, as_of=context.as_of, actor_id=actor)
    return generator.run(
        total=total,
        expert_account=context.accounts.get("expert"),
        reserved={pk for name, pk in context.accounts.items() if name != "worker_id"},
    )
