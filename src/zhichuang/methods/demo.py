"""The named methods' demo step: 60 methods named after their inventors (王洪军汽车钣金操作法-style), in the
city's technical fields, invented by workers of the talent pool (and their colleagues), with measured effects,
adopting enterprises and their recognition level by level: most recognised at the enterprise's or the
district's level, fewer at the city's and the province's, some on their way (awaiting endorsement, the
district's review or the experts), a few returned or not recognised. Each application's steps are written as
the workflow records them. Where the expert pool has experts (its own demo step comes first), the applications
that reached the expert review carry review assignments and scores of experts from another employer.

One seeded random.Random drives everything: the same seed and as_of give the same methods."""

import datetime
import random
from decimal import Decimal

from zhichuang.accounts.models import User, Worker
from zhichuang.core.modules import DemoContext
from zhichuang.experts.enums import ExpertState, ReviewState
from zhichuang.experts.models import Expert, ReviewAssignment, TechnicalField
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.scoring.scorecards import aggregate, weighted_total
from zhichuang.talent import services as talent_services
from zhichuang.talent.models import TalentProfile

from .enums import LEVEL_ORDER, ApplicationState, EffectKind, MethodLevel, MethodState
from .models import (
    ApplicationTransition,
    MethodAdoption,
    MethodApplication,
    MethodEffect,
    MethodInventor,
    MethodScore,
    NamedMethod,
)
from .scorecard import CRITERIA, THRESHOLDS
from .services import REVIEW_KIND

METHODS = 60
A = ApplicationState
# What a method of each field is about: (the words in its name, its trade, what it improves).
TOPICS = {
    "数控加工": [("数控车削快速对刀", "数控车工", "对刀时间"), ("薄壁件数控铣削", "数控铣工", "变形量")],
    "焊接工艺": [("薄板焊接变形控制", "焊工", "返修率"), ("管道全位置焊接", "焊工", "一次合格率")],
    "电气自动化": [("变频器故障快速诊断", "维修电工", "停机时间"), ("PLC程序模块化调试", "电工", "调试时间")],
    "液压与气动": [("液压系统泄漏快速排查", "液压钳工", "泄漏点"), ("气动回路节能调整", "钳工", "耗气量")],
    "设备维修": [("大型轴承热装", "机修钳工", "装配时间"), ("皮带机跑偏快速校正", "机修工", "故障次数")],
    "节能降耗": [("加热炉精准控温", "热工", "吨钢能耗"), ("空压机群控节电", "设备运行工", "电耗")],
    "安全生产": [("高处作业双保险", "安全员", "违章次数"), ("受限空间作业确认", "安全员", "隐患数")],
    "质量管理": [("首件三检", "质检员", "不良率"), ("关键尺寸防错", "检验工", "漏检率")],
    "化工工艺": [("反应釜平稳升温", "化工操作工", "批次波动"), ("精馏塔快速开车", "化工操作工", "开车时间")],
    "软件与信息化": [("设备点检扫码", "信息化专员", "漏检率")],
    "新材料": [("复合材料铺层", "复合材料工", "孔隙率")],
    "机械设计": [("工装夹具快换", "工装钳工", "换型时间")],
    "环境保护": [("污水处理精准投药", "污水处理工", "药剂用量")],
    "物流仓储": [("库位动态优化", "仓管员", "拣货时间")],
    "建筑施工": [("高支模快速验收", "架子工", "验收时间"), ("钢筋笼精准绑扎", "钢筋工", "返工率")],
    "电力运维": [("带电作业绝缘防护", "配电线路工", "停电时户数"), ("变电站倒闸操作", "变电运维工", "操作时间")],
    "纺织工艺": [("细纱接头", "挡车工", "断头率"), ("织机快速了机", "织布工", "停台时间")],
    "食品加工": [("杀菌温控", "杀菌工", "合格率")],
    "汽车制造": [("汽车钣金", "钣金工", "修复时间"), ("车身涂装流挂预防", "涂装工", "返修率")],
    "精益管理": [("班组目视化", "班组长", "交接时间")],
}
# (the highest level reached, how many of the 60): about a fifth not yet recognised.
LEVELS = (
    ("", 12),
    (MethodLevel.ENTERPRISE, 18),
    (MethodLevel.DISTRICT, 14),
    (MethodLevel.CITY, 11),
    (MethodLevel.PROVINCIAL, 5),
)
# Where a method's latest application for the next level stands, if it has one.
OPEN = ((A.APPLIED, 3), (A.ENDORSED, 3), (A.REVIEWING, 4), (A.RETURNED, 1), (A.NOT_RECOGNISED, 1), (A.REJECTED, 1))
STEP_REASON = {
    "endorse": "同意推荐",
    "district_pass": "材料齐全，同意进入专家评审",
    "recognise": "专家评审通过",
    "return": "请补充效果测定材料",
    "not_recognise": "推广价值论证不足",
    "district_reject": "与现行安全操作规程不符",
}


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class MethodGenerator:
    def __init__(self, *, seed: int, as_of: datetime.datetime, actor_id: int, city):
        self.rng = random.Random(f"methods-{seed}")
        self.as_of = as_of
        self.today = as_of.date()
        self.actor_id = actor_id
        self.city = city
        self.fields = {f.name: f for f in TechnicalField.objects.filter(active=True)}
        self.experts = list(
            Expert.objects.filter(state=ExpertState.ACTIVE, user__isnull=False)
            .select_related("profile")
            .order_by("pk")
            .only("pk", "user_id", "employer_credit_code", "profile__organization_id", "profile__name")[:200]
        )

    def _inventors(self, total: int) -> list[Worker]:
        """First inventors: workers of the talent pool first (the people a city knows), then others."""
        rng = self.rng
        pooled = list(
            TalentProfile.objects.filter(worker__isnull=False, org_path__startswith=self.city.path)
            .order_by("pk")
            .values_list("worker_id", flat=True)
        )
        chosen = rng.sample(pooled, min(total, len(pooled)))
        if len(chosen) < total:
            others = list(
                Worker.objects.filter(employer__path__startswith=self.city.path)
                .exclude(pk__in=chosen)
                .order_by("pk")
                .values_list("pk", flat=True)[:5000]
            )
            chosen += rng.sample(others, min(total - len(chosen), len(others)))
        workers = Worker.objects.in_bulk(chosen)
        return [workers[pk] for pk in chosen if pk in workers]

    def run(self, total: int) -> dict[str, int]:
        rng = self.rng
        firsts = self._inventors(total)
        if not firsts or not self.fields:
            return {}
        employers = {w.employer_id for w in firsts}
        orgs = Organization.objects.in_bulk(employers)
        colleagues = {}
        for worker in (
            Worker.objects.filter(employer_id__in=employers)
            .order_by("pk")
            .only("pk", "name", "employer_id")[: 40 * len(employers)]
        ):
            colleagues.setdefault(worker.employer_id, []).append(worker)
        enterprises = sorted(
            Organization.objects.filter(kind=OrgKind.ENTERPRISE, path__startswith=self.city.path)
            .order_by("path")
            .values_list("pk", flat=True)[:500]
        )
        levels = [level for level, n in LEVELS for _ in range(n)]
        rng.shuffle(levels)
        field_names = [name for name in TOPICS if name in self.fields]
        methods, inventors, plans = [], [], []
        used_names = set()
        for n, first in enumerate(firsts):
            field_name = rng.choice(field_names)
            topic, trade, measure = rng.choice(TOPICS[field_name])
            name = f"{first.name}{topic}操作法"
            if name in used_names:
                continue
            used_names.add(name)
            enterprise = orgs[first.employer_id]
            pool = [w for w in colleagues.get(first.employer_id, []) if w.pk != first.pk]
            team = [first, *rng.sample(pool, min(rng.choice((0, 0, 1, 2)), len(pool)))]
            level = levels[n % len(levels)]
            started = self.today - datetime.timedelta(days=rng.randint(60, 6 * 365))
            method = NamedMethod(
                name=name,
                enterprise=enterprise,
                org_path=enterprise.path,
                district=talent_services.district_of(enterprise),
                trade=trade,
                field=self.fields[field_name],
                description=(
                    f"{first.name}在{trade}岗位上总结提炼的{topic}方法，针对{measure}问题，"
                    f"将经验固化为标准步骤，经一年以上实践验证，符合现行操作和安全规程。"
                ),
                steps=[
                    f"作业前确认设备状态和{measure}基准",
                    f"按{topic}要领分步操作，关键点双人确认",
                    "作业中记录关键参数，发现偏差即时调整",
                    "作业后复核结果，填写交接记录",
                ][: rng.randint(3, 4)],
                inventor_names="、".join(w.name for w in team),
                created_by_id=self.actor_id,
            )
            methods.append(method)
            shares = self._shares(len(team))
            plans.append((method, team, shares, level, started, measure, enterprise))
        NamedMethod.objects.bulk_create(methods)
        effects, adoptions, applications = [], [], []
        for method, team, shares, level, started, measure, enterprise in plans:
            consent = rng.random() < 0.7
            for order, (worker, share) in enumerate(zip(team, shares, strict=True), start=1):
                inventors.append(
                    MethodInventor(
                        method=method,
                        worker=worker,
                        share=share,
                        order=order,
                        consented_at=self.as_of - datetime.timedelta(days=rng.randint(1, 300)) if consent else None,
                    )
                )
            effects.extend(self._effects(method, measure))
            if level in (MethodLevel.CITY, MethodLevel.PROVINCIAL) or (level and rng.random() < 0.3):
                adoptions.extend(self._adoptions(method, enterprise, enterprises, started))
            applications.extend(self._applications(method, level, started))
        MethodInventor.objects.bulk_create(inventors)
        MethodEffect.objects.bulk_create(effects)
        MethodAdoption.objects.bulk_create(adoptions)
        MethodApplication.objects.bulk_create([a for a, _steps in applications])
        ApplicationTransition.objects.bulk_create(
            ApplicationTransition(application=a, **step) for a, steps in applications for step in steps
        )
        scores = self._scores([a for a, _steps in applications], {m.pk: t for m, t, *_rest in plans})
        self._follow(methods, applications, inventors)
        return {
            "named_methods": len(methods),
            "method_applications": len(applications),
            "method_scores": scores,
        }

    def _shares(self, count: int) -> list[Decimal]:
        if count == 1:
            return [Decimal("100.00")]
        if count == 2:
            return [Decimal("60.00"), Decimal("40.00")]
        return [Decimal("50.00"), Decimal("30.00"), Decimal("20.00")]

    def _effects(self, method, measure) -> list[MethodEffect]:
        rng = self.rng
        rows = [
            MethodEffect(
                method=method,
                kind=EffectKind.EFFICIENCY,
                value=Decimal(rng.randint(10, 60)),
                unit="%",
                description=f"{measure}缩短/降低比例",
            )
        ]
        if rng.random() < 0.6:
            rows.append(
                MethodEffect(
                    method=method,
                    kind=EffectKind.SAVINGS,
                    value=Decimal(rng.randint(3, 180)),
                    unit="万元/年",
                    description="年节约成本（财务核定）",
                )
            )
        if rng.random() < 0.4:
            kind = rng.choice((EffectKind.QUALITY, EffectKind.SAFETY))
            rows.append(
                MethodEffect(
                    method=method,
                    kind=kind,
                    value=Decimal(rng.randint(1, 30)),
                    unit="%" if kind == EffectKind.QUALITY else "起/年",
                    description="合格率提升" if kind == EffectKind.QUALITY else "未遂事件减少",
                )
            )
        return rows

    def _adoptions(self, method, enterprise, enterprises, started) -> list[MethodAdoption]:
        rng = self.rng
        others = [pk for pk in enterprises if pk != enterprise.pk]
        rows = []
        for pk in rng.sample(others, min(rng.randint(1, 3), len(others))):
            since = min(self.today, started + datetime.timedelta(days=rng.randint(90, 720)))
            rows.append(
                MethodAdoption(
                    method=method,
                    enterprise_id=pk,
                    since=since,
                    benefit=Decimal(rng.randint(2, 60)),
                    benefit_unit="万元/年",
                    description="推广应用后年节约成本",
                    created_by_id=self.actor_id,
                )
            )
        return rows

    def _at(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(
            min(day, self.today - datetime.timedelta(days=1)), datetime.time(10), tzinfo=self.as_of.tzinfo
        )

    def _applications(self, method, level: str, started: datetime.date):
        """Every application up the ladder to the level reached (recognised), then maybe one for the next."""
        rng = self.rng
        made = []
        reached = LEVEL_ORDER.index(level) + 1 if level else 0
        day = started
        for rank in range(reached):
            day = min(self.today - datetime.timedelta(days=5), day + datetime.timedelta(days=rng.randint(90, 400)))
            made.append(self._application(method, LEVEL_ORDER[rank], A.RECOGNISED, day))
        if reached < len(LEVEL_ORDER) and (not level or rng.random() < 0.35):
            state = _weighted(rng, OPEN)
            next_level = LEVEL_ORDER[reached]
            if next_level == MethodLevel.ENTERPRISE and state in (A.ENDORSED, A.REJECTED):
                state = A.APPLIED
            if not level and rng.random() < 0.4:
                return made  # entered, not applied yet
            day = min(self.today - datetime.timedelta(days=2), day + datetime.timedelta(days=rng.randint(30, 200)))
            made.append(self._application(method, next_level, state, day))
        return made

    def _application(self, method, level: str, state: str, day: datetime.date):
        path = [(A.DRAFT, A.APPLIED, "apply")]
        through_district = level != MethodLevel.ENTERPRISE
        if state in (A.ENDORSED, A.REVIEWING, A.RECOGNISED, A.NOT_RECOGNISED, A.REJECTED):
            path.append((A.APPLIED, A.ENDORSED if through_district else A.REVIEWING, "endorse"))
        if through_district and state in (A.REVIEWING, A.RECOGNISED, A.NOT_RECOGNISED):
            path.append((A.ENDORSED, A.REVIEWING, "district_pass"))
        final = {
            A.RECOGNISED: (A.REVIEWING, A.RECOGNISED, "recognise"),
            A.NOT_RECOGNISED: (A.REVIEWING, A.NOT_RECOGNISED, "not_recognise"),
            A.REJECTED: (A.ENDORSED, A.REJECTED, "district_reject"),
            A.RETURNED: (A.APPLIED, A.RETURNED, "return"),
        }.get(state)
        if final:
            path.append(final)
        at = self._at(day)
        steps = [
            {
                "from_state": origin,
                "to_state": to,
                "actor_id": self.actor_id,
                "at": at - datetime.timedelta(days=7 * (len(path) - 1 - n)),
                "reason": STEP_REASON.get(action, ""),
                "data": {"action": action},
            }
            for n, (origin, to, action) in enumerate(path)
        ]
        decided = state in (A.RECOGNISED, A.NOT_RECOGNISED, A.REJECTED)
        application = MethodApplication(
            method=method,
            level=level,
            state=state,
            version=len(path) + 1,
            state_changed_at=at,
            enterprise=method.enterprise,
            district=method.district,
            org_path=method.org_path,
            applied_by_id=self.actor_id,
            decided_at=at if decided else None,
        )
        return application, steps

    def _scores(self, applications, teams) -> int:
        """Two or three experts of another employer scored each application that reached the experts."""
        if not self.experts:
            return 0
        rng = self.rng
        scored_states = (A.RECOGNISED, A.NOT_RECOGNISED)
        assignments, scores = [], []
        for application in applications:
            if application.state not in scored_states and not (application.state == A.REVIEWING and rng.random() < 0.5):
                continue
            code = application.enterprise.credit_code
            team = {w.user_id for w in teams[application.method_id]}
            fit = [
                e
                for e in self.experts
                if e.profile.organization_id != application.enterprise_id
                and (not code or e.employer_credit_code != code)
                and e.user_id not in team
            ]
            chosen = rng.sample(fit, min(rng.choice((2, 3)), len(fit)))
            totals = []
            for expert in chosen:
                passing = application.state != A.NOT_RECOGNISED
                marks = {c["key"]: rng.randint(76, 95) if passing else rng.randint(55, 78) for c in CRITERIA}
                clean, total = weighted_total(CRITERIA, marks)
                totals.append(total)
                assignments.append(
                    ReviewAssignment(
                        expert=expert,
                        kind=REVIEW_KIND,
                        item_id=application.pk,
                        title=application.method.name[:200],
                        url=f"/methods/applications/{application.pk}/review/",
                        org_path=application.org_path,
                        year=application.state_changed_at.year,
                        state=ReviewState.DONE,
                        state_changed_at=application.state_changed_at,
                        invited_by_id=self.actor_id,
                        done_at=application.state_changed_at,
                    )
                )
                scores.append(
                    MethodScore(
                        application=application,
                        evaluator_id=expert.user_id,
                        criteria=CRITERIA,
                        scores=clean,
                        total=total,
                    )
                )
            if totals:
                application.score = aggregate(totals, THRESHOLDS).score
        ReviewAssignment.objects.bulk_create(assignments)
        MethodScore.objects.bulk_create(scores)
        MethodApplication.objects.bulk_update([a for a in applications if a.score is not None], ["score"])
        return len(scores)

    def _follow(self, methods, applications, inventors) -> None:
        """Each method's level, year, state and public listing from what was made, as services._follow."""
        by_method: dict[int, list] = {}
        for application, _steps in applications:
            by_method.setdefault(application.method_id, []).append(application)
        consented = {}
        for inventor in inventors:
            consented[inventor.method_id] = (
                consented.get(inventor.method_id, True) and inventor.consented_at is not None
            )
        for method in methods:
            made = by_method.get(method.pk, [])
            recognised = [a for a in made if a.state == A.RECOGNISED]
            top = recognised[-1] if recognised else None
            method.level = top.level if top else ""
            method.recognised_year = top.decided_at.year if top else None
            method.state = made[-1].state if made else MethodState.ENTERED
            method.public = bool(top) and consented.get(method.pk, False)
        NamedMethod.objects.bulk_update(methods, ["level", "recognised_year", "state", "public"])
        names: dict[int, list[str]] = {}
        for inventor in inventors:
            if inventor.method.level:
                names.setdefault(inventor.worker_id, []).append(inventor.method.name)
        for worker in Worker.objects.filter(pk__in=list(names)).order_by("pk"):
            talent_services.profile_methods_set(worker=worker, names=names[worker.pk])


def demo_methods(context: DemoContext) -> dict[str, int]:
    """The named methods' demo step: 60 methods (`amounts["methods"]` if given)."""
    total = context.amounts.get("methods", METHODS)
    actor = context.accounts.get("city-admin") or User.objects.order_by("pk").values_list("pk", flat=True).first()
    if not total or actor is None:
        return {}
    generator = MethodGenerator(seed=context.seed, as_of=context.as_of, actor_id=actor, city=context.city)
    return generator.run(total)
