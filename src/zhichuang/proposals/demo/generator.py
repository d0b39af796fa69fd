"""Generate proposals for a generated city: three years of 五小 items and rational suggestions.

The proposals' demo step (`demo_proposals`, declared in proposals/module.py). Longer than 500 lines: one
generator whose steps share the state of a city being built.

Every proposal walks the workflow's own step table (workflow.STEPS) from draft, one legal
step at a time, each step some days after the last, and stops where "today" (as_of)
finds it, or in a final state. Its Transition rows are that walk. The figures follow the
services' rules exactly, by calling their pure functions: evaluation totals and grades
(scoring.scorecards.weighted_total, grade_for), benefit arithmetic (benefits.figures), reward
figures (rewards.reward_figures) and the split among proposers (money.split). Denormalised
fields (district, org_path, industry, number, version) are what the services would set.

Rows are written with core.bulk.insert_dicts (COPY on PostgreSQL), never through the services per
row: 30,000 proposals load in seconds, a million in minutes. One seeded random.Random
drives everything, so the same seed and as_of give the same proposals (as_of is the demo's one
reference, the start of the day it is loaded: nothing here reads the clock).

Texts are composed from parts (vocabulary.py): each ordinary proposal has an idea of its own (a theme, measure,
machine, part and process no other proposal has; its keywords, with its machine's model, name it; while the
sector has room, also a measure on a machine no other proposal has), written in the words of a written proposal
or of the shop floor, from many independent choices, and in its enterprise's own names for its kinds of machine,
processes, machines' makers, site, lines, teams and products (Works), so that ideas of one sector do not read as
duplicates. PLANTED_SHARE of the
proposals restate an earlier live proposal's idea in other words, half of them another enterprise's of the same
industry; they carry the original's keywords, by which `planted_duplicates` finds the pairs again in the database.

One enterprise (the demo accounts' own) can be given a story: about 760 proposals over the
three years, a livelier committee and larger savings, so that in 2025 it has 200+ items,
50+ adopted and more than 5 million yuan of verified savings.
"""

import dataclasses
import datetime
import functools
import json
import math
import random
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhichuang.accounts.models import RoleAssignment, User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.core import bulk, person_names
from zhichuang.core.modules import DemoContext
from zhichuang.core.money import fen, split
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.payouts.models import Payout, PayoutTransition
from zhichuang.proposals import workflow
from zhichuang.proposals.benefits import figures
from zhichuang.proposals.enums import WAITING_STATES, ClaimStatus, RecommendationLevel
from zhichuang.proposals.enums import ProposalState as S
from zhichuang.proposals.evaluation import DEFAULT_CRITERIA, DEFAULT_THRESHOLDS
from zhichuang.proposals.models import (
    BenefitClaim,
    BenefitCorrection,
    BenefitLine,
    BenefitTag,
    Campaign,
    ClaimTransition,
    Evaluation,
    Proposal,
    ProposalMember,
    ProposalSequence,
    Recommendation,
    Reward,
    RewardRule,
    RewardShare,
    Scorecard,
    Transition,
)
from zhichuang.proposals.rewards import PAYOUT_KIND, payout_purpose, reward_figures
from zhichuang.scoring.scorecards import grade_for, weighted_total

from . import vocabulary as words

FIRST_DAY = datetime.date(2024, 1, 1)
BATCH = 10_000
STORY_PROPOSALS = 760
STORY_YEAR = 2025
# Unless the caller chooses: 30,000 proposals for the demo's 20,000 workers, over three years.
PROPOSALS_PER_WORKER = 1.5
ECONOMIC = "economic"

# Where a proposal goes next from each state: (next state or None to stay, weight).
# Every (state, next) pair is a step of workflow.STEPS (tests/demo/test_proposals.py checks).
NEXT_STEP = {
    S.DRAFT: ((S.SUBMITTED, 95), (S.WITHDRAWN, 2), (None, 3)),
    S.SUBMITTED: ((S.EVALUATING, 86), (S.RETURNED, 6), (S.MERGED, 4), (S.WITHDRAWN, 2), (None, 2)),
    S.EVALUATING: (
        (S.ADOPTED, 36),
        (S.NOT_ADOPTED, 42),
        (S.RETURNED, 9),
        (S.MERGED, 5),
        (S.WITHDRAWN, 2),
        (None, 6),
    ),
    S.RETURNED: ((S.SUBMITTED, 75), (S.WITHDRAWN, 15), (None, 10)),
    S.ADOPTED: ((S.IMPLEMENTING, 95), (None, 5)),
    S.IMPLEMENTING: ((S.IMPLEMENTED, 90), (None, 10)),
    S.IMPLEMENTED: ((S.VERIFIED, 70), (S.REWARDED, 22), (None, 8)),
    S.VERIFIED: ((S.REWARDED, 92), (None, 8)),
}
# The story enterprise's committee adopts more and verifies nearly everything.
STORY_NEXT_STEP = NEXT_STEP | {
    S.EVALUATING: ((S.ADOPTED, 60), (S.NOT_ADOPTED, 24), (S.RETURNED, 8), (S.MERGED, 3), (None, 5)),
    S.IMPLEMENTED: ((S.VERIFIED, 85), (S.REWARDED, 10), (None, 5)),
}
# Days a step takes after the previous one: (least, most). Verification is timed by its claim.
STEP_DAYS = {
    S.SUBMITTED: (0, 5),
    S.WITHDRAWN: (1, 30),
    S.EVALUATING: (1, 10),
    S.RETURNED: (2, 14),
    S.MERGED: (2, 14),
    S.ADOPTED: (5, 30),
    S.NOT_ADOPTED: (5, 30),
    S.IMPLEMENTING: (3, 20),
    S.IMPLEMENTED: (20, 120),
    S.REWARDED: (7, 40),
}
RESUBMIT_DAYS = (3, 20)
# A proposal stops in a state that waits on a person only within this long of today, but for a few.
STALL_DAYS = datetime.timedelta(days=45)
LONG_STALL_SHARE = 0.03
# Planted duplicates: this share of proposals restates an earlier live proposal's idea in other words, about
# half of them another enterprise's of the same industry (as in a real city), the others the enterprise's own,
# which its committee often merges into the original (only such a duplicate is ever merged).
PLANTED_SHARE = 0.04
PLANTED_ACROSS = 0.5
MERGE_BOOST = 8
# An original is live: drafts and withdrawn proposals are seen by nobody else, a merged one lives on in another.
UNRESTATABLE = frozenset({S.DRAFT, S.MERGED, S.WITHDRAWN})
# Draws of an idea until one no earlier proposal has had (the ideas of one industry number ten thousands).
IDEA_TRIES = 16
# Originals a duplicate may restate: the enterprise's latest, and its industry's latest of all enterprises.
RECENT_OWN, RECENT_INDUSTRY = 20, 300
# A written idea is sometimes put as a request: 关于…的建议.
REQUEST_SHARE = 0.12
PLAIN_SHARE = 0.1  # ideas written in the words of the shop floor
MEMBER_COUNTS = ((1, 55), (2, 25), (3, 13), (4, 7))
SHARE_PATTERNS = {
    1: (("100",),),
    2: (("60", "40"), ("50", "50"), ("70", "30")),
    3: (("50", "30", "20"), ("40", "30", "30"), ("33.34", "33.33", "33.33")),
    4: (("40", "20", "20", "20"), ("25", "25", "25", "25"), ("30", "30", "20", "20")),
}
CITY_RULE = {"first": "5000.00", "second": "2000.00", "third": "800.00"}
STORY_RULE = {"first": "8000.00", "second": "3000.00", "third": "1200.00"}


def _merging_more(table: dict) -> dict:
    """The walk of a duplicate of the enterprise's own proposal: the committee merges it far more often."""
    return {
        state: tuple((to, weight * MERGE_BOOST if to == S.MERGED else weight) for to, weight in choices)
        for state, choices in table.items()
    }


DUPLICATE_NEXT_STEP = _merging_more(NEXT_STEP)
STORY_DUPLICATE_NEXT_STEP = _merging_more(STORY_NEXT_STEP)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Staff:
    """Who acts for an enterprise: evaluators (several score each proposal), finance, the manager."""

    evaluators: tuple[int, ...]
    finance: int
    manager: int


@dataclass
class WorkerPool:
    leads: list[tuple[int, int | None, int]] = field(default_factory=list)  # (worker, department, user)
    everyone: list[int] = field(default_factory=list)
    department_of: dict[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Idea:
    """What a proposal is about before it is written: its industry's words and its theme's parts, as indexes."""

    industry: int
    theme: int
    cause: int
    measure: int
    equipment: int
    part: int
    process: int
    product: int
    material: int
    model: str  # the machine's model (a Latin token for the index, like a part number, rare across ideas)
    # Which of the cause's and the measure's phrasings (in either register, modulo their number; the measure's
    # may join the first clause of one to the rest of another, see _phrasing).
    said: int
    phrasing: int
    wording: int  # which of the PHRASE_VARIANTS its cause and measure use
    place: int  # where in the works and on which shift it was seen (vocabulary.PLACES, SHIFTS)
    shift: int


@dataclass(frozen=True)
class Works:
    """An enterprise's own names for what its sector has in common (vocabulary.MAKERS and below): what it calls each
    kind of machine and each process (数车 here, CNC车床 there), who made each of its machines (by Idea.equipment),
    its asset numbers' prefix, its site and lines, its product series (by Idea.product). Two enterprises' proposals
    about one kind of machine name it as each workshop does."""

    makers: tuple[str, ...]
    machines: tuple[str, ...]  # what it calls each kind of machine (vocabulary.MACHINE_NAMES), by Idea.equipment
    processes: tuple[str, ...]  # and each process (vocabulary.PROCESS_NAMES), by Idea.process
    assets: str
    site: str
    lines: tuple[str, ...]
    series: tuple[str, ...]
    teams: tuple[str, ...]


@dataclass(frozen=True)
class Original:
    """A live proposal a planted duplicate may restate."""

    pk: int
    enterprise_id: int
    content: dict


@dataclass
class Walk:
    """One proposal's path through the workflow: states and their times."""

    steps: list[tuple[str, str, datetime.datetime]] = field(default_factory=list)  # (from, to, at)
    state: str = S.DRAFT


MODEL_LETTERS = "ABCDGHJKLMSTXYZ"
PERCENTS = (15, 20, 25, 30, 35, 40, 50)
SURNAMES = tuple(surname for surname, _ in person_names.SURNAMES)
GIVEN_CHARS = person_names.GIVEN_CHARS_COMMON + person_names.GIVEN_CHARS_MALE + person_names.GIVEN_CHARS_FEMALE
# Idea.said, phrasing and wording are drawn below this and taken modulo the choices there are (36: a multiple of
# 2, 3, 4 and 3 × 3, so each choice is as likely as another).
PHRASINGS = 36


def _below(rng: random.Random, count: int) -> int:
    """An index below count: as rng.randrange, several times faster, for the many draws of a text."""
    return int(rng.random() * count)


def _model(rng: random.Random) -> str:
    """A machine's model, like KX2150."""
    letters = len(MODEL_LETTERS)
    return f"{MODEL_LETTERS[_below(rng, letters)]}{MODEL_LETTERS[_below(rng, letters)]}{100 + _below(rng, 9900)}"


def _maker(rng: random.Random, making: bool) -> str:
    """Who made a machine: a well-known machine maker (for a trade that makes products), or more often a supplier of
    the region (恒润机电; a service's equipment comes from 科技 and 电气 firms)."""
    if making and rng.random() < 0.3:
        return rng.choice(words.MAKERS)
    suffixes = words.SUPPLIER_SUFFIXES if making else words.SERVICE_SUPPLIER_SUFFIXES
    return "".join(rng.sample(words.SUPPLIER_CHARS, 2)) + rng.choice(suffixes)


def _works(seed: int, enterprise_id: int, vocab: words.IndustryWords) -> Works:
    """The enterprise's own names, drawn from a generator of its own (the same for a seed, whatever came before)."""
    rng = random.Random(f"{seed}:works:{enterprise_id}")
    letters = MODEL_LETTERS

    def code() -> str:
        return "".join(rng.choice(letters) for _ in range(2))

    site = "".join(rng.sample(words.SITE_CHARS, 2)) + rng.choice(words.SITE_SUFFIXES)
    lines = tuple(stem + rng.choice(words.LINE_SUFFIXES) for stem in rng.sample(words.LINE_STEMS, rng.randint(2, 4)))
    teams, count = [], rng.randint(3, 6)
    while len(teams) < count:
        if rng.random() < 0.7:  # a leader's name
            given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.randint(1, 2)))
            team = rng.choice(SURNAMES) + given + "班组"
        else:
            team = rng.choice(words.TEAM_NAMES) + rng.choice(("班组", "班"))
        if team not in teams:
            teams.append(team)
    return Works(
        teams=tuple(teams),
        makers=tuple(_maker(rng, vocab.making) for _ in vocab.equipment),
        assets=code(),
        site=site,
        lines=lines,
        # A trade that makes products names its series (DM240联轴器); a service's products are not numbered.
        series=tuple(f"{code()}{rng.randint(1, 99) * 10}" if vocab.making else "" for _ in vocab.products),
        # Drawn last, so that the names drawn before are what they were without it.
        machines=tuple(rng.choice((kind, *words.MACHINE_NAMES.get(kind, ()))) for kind in vocab.equipment),
        processes=tuple(rng.choice((name, *words.PROCESS_NAMES.get(name, ()))) for name in vocab.processes),
    )


def _other(rng: random.Random, count: int, avoid: int | None) -> int:
    """An index below count, not `avoid` where there is another."""
    if avoid is None or count < 2:
        return _below(rng, count)
    return (avoid + 1 + _below(rng, count - 1)) % count


INDUSTRY_WORDS_AT = {**dict(enumerate(words.INDUSTRY_WORDS)), -1: words.GENERIC_WORDS}
INDUSTRY_INDEX = {division: i for i, vocab in enumerate(words.INDUSTRY_WORDS) for division in vocab.divisions}
# Theme indexes by (the trade makes products, economic themes only).
THEMES_FOR = {
    (making, economic): tuple(
        i
        for i, theme in enumerate(words.THEMES)
        if (making or not theme.making) and (not economic or ECONOMIC in theme.benefit_types)
    )
    for making in (True, False)
    for economic in (True, False)
}


@functools.cache
def _idea_count(industry: int, themes: tuple[int, ...], *, subjects: bool = False) -> int:
    """How many ideas (distinct keywords) an industry has among the themes; or subjects (_subject)."""
    vocab = INDUSTRY_WORDS_AT[industry]
    machines = len(vocab.equipment) * (1 if subjects else len(vocab.parts) * len(vocab.processes))
    return sum(len(words.THEMES[theme].measures) for theme in themes) * machines


def _subject(idea: Idea) -> tuple[int, int, int, int]:
    """What an idea is about: a measure of its theme on a machine of its industry."""
    return idea.industry, idea.theme, idea.measure, idea.equipment


def _phrasing(phrasings: tuple[str, ...], index: int) -> str:
    """One of the phrasings, or the first clause of one and the rest of another (all say the same measure)."""
    count = len(phrasings)
    head, tail = phrasings[index % count], phrasings[index // count % count]
    if "，" in head and "，" in tail:
        return head.split("，", 1)[0] + "，" + tail.split("，", 1)[1]
    return head


@functools.cache
def _with_maker(introduction: str) -> str:
    """An introduction that names the machine's maker before its model (汇川SC3235型空压机组)."""
    if "（型号{model}）" in introduction:
        return introduction.replace("{equipment}（型号{model}）", "{maker}{equipment}（型号{model}）")
    return introduction.replace("{model}", "{maker}{model}", 1)


def _situations(plain: bool) -> tuple[tuple[str, ...], ...]:
    return words.PLAIN_SITUATIONS if plain else words.SITUATIONS


def _worded(phrase: str, wording: int) -> str:
    """The phrase with its words put as the idea puts them (vocabulary.PHRASE_VARIANTS, one choice per idea)."""
    for position, (word, variants) in enumerate(words.PHRASE_VARIANTS):
        if word in phrase:
            phrase = phrase.replace(word, variants[(wording + position) % len(variants)])
    return phrase


@functools.cache
def _voice(theme: int, plain: bool) -> words.Voice:
    """The frames a theme's text is written in: the theme's own and those any theme may use, in the register."""
    own = words.THEMES[theme].plain if plain else words.THEMES[theme].written
    shared = words.PLAIN_SHARED_FRAMES if plain else words.SHARED_FRAMES
    return words.Voice(own.titles + shared.titles, own.problems + shared.problems, own.changes + shared.changes)


def _name(idea: Idea) -> str:
    """What makes an idea another: its theme, measure, machine, part and process."""
    theme, vocab = words.THEMES[idea.theme], INDUSTRY_WORDS_AT[idea.industry]
    named = (vocab.equipment[idea.equipment], vocab.parts[idea.part], vocab.processes[idea.process])
    return "、".join((theme.keyword, theme.measures[idea.measure].keyword, *named))


def _keywords(idea: Idea) -> str:
    """An idea's keywords: its theme, measure and machine with its model (KX2150型数控车床), which no other idea's
    machine has: they name the idea among all proposals. Its part and process are said in the text: as keywords too,
    they made two ideas of one sector on the same machine and process look alike to the index."""
    theme, vocab = words.THEMES[idea.theme], INDUSTRY_WORDS_AT[idea.industry]
    machine = f"{idea.model}型{vocab.equipment[idea.equipment]}"
    return "、".join((theme.keyword, theme.measures[idea.measure].keyword, machine))


class ProposalGenerator:
    def __init__(
        self,
        *,
        seed: int,
        total: int,
        as_of: datetime.datetime,
        story_enterprise_id: int | None = None,
        story_accounts: dict[str, int] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.works: dict[int, Works] = {}
        self.total = total
        # All generated times are in the site's zone (Asia/Shanghai has no DST: wall arithmetic is exact).
        self.tz = timezone.get_current_timezone()
        self.as_of = as_of.astimezone(self.tz)
        self.story_id = story_enterprise_id
        # The demo accounts act for the story enterprise: {"evaluator": user id, ..., "worker_id": worker id}.
        self.accounts = story_accounts or {}
        self.story_staff = None
        self.story_lead = self.accounts.get("worker_id")
        self.story_user = self.accounts.get("worker")
        self.city_manager_id = self.accounts.get("city-admin")
        self.progress = progress or (lambda done, total: None)
        self.start = self.at(FIRST_DAY, 8)
        configured = getattr(settings, "PROPOSAL_STEP_DAYS", workflow.DEFAULT_STEP_DAYS)
        self.step_days = configured if isinstance(configured, dict) else {}
        self.default_step_days = workflow.DEFAULT_STEP_DAYS if isinstance(configured, dict) else int(configured)
        self.rows: dict[type, list] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.numbers: dict[int, int] = {}
        self.recent: dict[int, deque] = defaultdict(lambda: deque(maxlen=RECENT_OWN))
        self.recent_in_industry: dict[int, deque] = defaultdict(lambda: deque(maxlen=RECENT_INDUSTRY))
        # Every idea so far (_name): an unplanted proposal has an idea of its own; and every machine's model.
        self.ideas_taken: set[str] = set()
        self.models_taken: set[str] = set()
        self.subjects_taken: set[tuple[int, int, int, int]] = set()
        self.ideas_in: dict[int, int] = defaultdict(int)  # by industry
        self.restated: set[int] = set()  # the originals of planted duplicates
        self.voucher = 0
        self.action_json: dict[str, str] = {}

    # ---- setting the scene ---------------------------------------------------------

    def load_city(self, city: Organization) -> None:
        orgs = Organization.objects.filter(path__startswith=city.path).values_list(
            "id", "kind", "parent_id", "path", "industry", "name"
        )
        self.city = city
        self.enterprises, self.districts, self.department_names = {}, [], {}
        for pk, kind, parent_id, path, industry, name in orgs.iterator(chunk_size=20_000):
            if kind == OrgKind.ENTERPRISE:
                self.enterprises[pk] = (parent_id, path, industry)
            elif kind == OrgKind.DISTRICT:
                self.districts.append(pk)
            elif kind == OrgKind.DEPARTMENT:
                self.department_names[pk] = name
        self.districts.sort()
        self.pools: dict[int, WorkerPool] = defaultdict(WorkerPool)
        workers = Worker.objects.filter(employer__path__startswith=city.path)
        for pk, employer_id, department_id, user_id in (
            workers.order_by("employer_id", "id")
            .values_list("id", "employer_id", "department_id", "user_id")
            .iterator(chunk_size=20_000)
        ):
            pool = self.pools[employer_id]
            pool.everyone.append(pk)
            pool.department_of[pk] = department_id
            if user_id is not None:
                pool.leads.append((pk, department_id, user_id))

    def create_staff(self) -> None:
        """Per district an evaluation committee of three, a finance verifier and a manager; and a city manager.

        Their accounts have an unusable password, like the generated workers' (see zhichuang/demo/loader.py).
        """
        rng, now = self.rng, self.as_of
        password = make_password(None)
        user_pk, role_pk = bulk.next_id(User), bulk.next_id(RoleAssignment)
        users, roles = [], []
        surnames = [s for s, _ in person_names.SURNAMES]
        weights = [w for _, w in person_names.SURNAMES]

        def person(username: str, role: Role, org_id: int) -> int:
            nonlocal user_pk, role_pk
            chars = person_names.GIVEN_CHARS_MALE + person_names.GIVEN_CHARS_FEMALE
            name = rng.choices(surnames, weights)[0] + rng.choice(person_names.GIVEN_CHARS_COMMON) + rng.choice(chars)
            users.append(
                {
                    "id": user_pk,
                    "username": username,
                    "display_name": name,
                    "password": password,
                    "date_joined": now,
                }
            )
            roles.append(
                {"id": role_pk, "user_id": user_pk, "role": role.value, "organization_id": org_id, "granted_at": now}
            )
            user_pk += 1
            role_pk += 1
            return user_pk - 1

        prefix = f"c{self.city.pk}"
        self.staff = {}
        for district in self.districts:
            evaluators = tuple(
                person(f"{prefix}-d{district}-evaluator{i}", Role.EVALUATOR, district) for i in (1, 2, 3)
            )
            finance = person(f"{prefix}-d{district}-finance", Role.FINANCE, district)
            manager = person(f"{prefix}-d{district}-manager", Role.DISTRICT_ADMIN, district)
            self.staff[district] = Staff(evaluators, finance, manager)
        if self.city_manager_id is None:
            self.city_manager_id = person(f"{prefix}-city-manager", Role.CITY_ADMIN, self.city.pk)
        bulk.insert_dicts(User, users)
        bulk.insert_dicts(RoleAssignment, roles)
        self.counts["staff_accounts"] = len(users)

    def create_rules(self) -> None:
        """The default scorecard and a city reward rule; the story enterprise revises its own mid-2025."""
        self.scorecard = Scorecard.objects.create(
            organization=self.city, criteria=DEFAULT_CRITERIA, thresholds=DEFAULT_THRESHOLDS, version=1
        )
        self.rules = [
            RewardRule.objects.create(
                organization=self.city,
                version=1,
                effective_from=datetime.date(2020, 1, 1),
                grade_amounts=CITY_RULE,
                benefit_percent=Decimal("2.00"),
                cap=Decimal("50000.00"),
            )
        ]
        if self.story_id:
            self.rules.append(
                RewardRule.objects.create(
                    organization_id=self.story_id,
                    version=1,
                    effective_from=datetime.date(STORY_YEAR, 7, 1),
                    grade_amounts=STORY_RULE,
                    benefit_percent=Decimal("3.00"),
                    cap=Decimal("80000.00"),
                )
            )
        # created_at is auto_now_add, dated by the clock: the demo dates its rows by its reference time.
        Scorecard.objects.filter(pk=self.scorecard.pk).update(created_at=self.as_of)
        RewardRule.objects.filter(pk__in=[rule.pk for rule in self.rules]).update(created_at=self.as_of)
        for rule in self.rules:
            rule.created_at = self.as_of
            rule.path = self.city.path if rule.organization_id == self.city.pk else self.enterprises[self.story_id][1]

    def rule_in_force(self, enterprise_path: str, day: datetime.date) -> RewardRule:
        """As rewards.rule_in_force: the deepest organisation, then the latest effective_from."""
        candidates = [r for r in self.rules if enterprise_path.startswith(r.path) and r.effective_from <= day]
        return max(candidates, key=lambda r: (len(r.path), r.effective_from, r.version))

    def create_campaigns(self) -> None:
        """Each year: the city's 安全生产月, two district calls, and quality drives in the largest enterprises."""
        rng = self.rng
        big = sorted(self.pools, key=lambda e: -len(self.pools[e].everyone))[: max(1, len(self.pools) // 50)]
        if self.story_id and self.story_id not in big:
            big.append(self.story_id)
        owners = {"city": [self.city.pk], "district": self.districts, "enterprise": big}
        campaigns: list[dict] = []
        pk = bulk.next_id(Campaign)
        for year in range(FIRST_DAY.year, self.as_of.year + 1):
            for title, theme, month, months, level in words.CAMPAIGNS:
                starts = datetime.date(year, month, 1)
                if starts > self.as_of.date():
                    continue
                end_month = month + months
                ends = datetime.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - datetime.timedelta(1)
                for org_id in owners[level]:
                    campaigns.append(
                        {
                            "id": pk,
                            "organization_id": org_id,
                            "title": title.format(year=year),
                            "theme": theme,
                            "description": f"围绕{theme}，广泛征集职工的合理化建议和五小成果。",
                            "starts_on": starts,
                            "ends_on": ends,
                            "target_count": rng.choice((50, 100, 200, 500)) * (10 if level == "city" else 1),
                            "created_at": min(self.at(starts, 9), self.as_of),
                        }
                    )
                    pk += 1
        # Written as rows: Campaign.created_at is auto_now_add, which save() and bulk_create date by the clock.
        bulk.insert_dicts(Campaign, campaigns)
        self.campaigns = defaultdict(list)
        for campaign in campaigns:
            self.campaigns[campaign["organization_id"]].append(
                (campaign["starts_on"], campaign["ends_on"], campaign["id"])
            )
        self.counts["campaigns"] = len(campaigns)

    # ---- one proposal --------------------------------------------------------------

    def plain_data(self, action: str) -> str:
        if action not in self.action_json:
            self.action_json[action] = _json({"action": action})
        return self.action_json[action]

    def at(self, day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)

    def days(self, low: float, high: float) -> datetime.timedelta:
        return datetime.timedelta(seconds=self.rng.uniform(low, high) * 86_400)

    def walk(self, created: datetime.datetime, table, economic: bool, can_merge: bool) -> Walk:
        rng, walk, at = self.rng, Walk(), created
        while walk.state in table:
            choices = [
                (to, w)
                for to, w in table[walk.state]
                if (economic or to != S.VERIFIED) and (can_merge or to != S.MERGED)
            ]
            target = _weighted(rng, choices)
            # A step waiting on someone stalls only lately: an office does not leave work lying for years
            # (most of it; now and then something old is forgotten, which 督办 is for).
            stale = target is None and walk.state in WAITING_STATES and self.as_of - at > STALL_DAYS
            if stale and rng.random() > LONG_STALL_SHARE:
                target = _weighted(rng, [(to, w) for to, w in choices if to is not None])
            if target is None:
                break
            low, high = RESUBMIT_DAYS if walk.state == S.RETURNED else STEP_DAYS.get(target, (1, 10))
            if target == S.VERIFIED:
                low, high = 100, 400  # a claim period of months, then finance checks it
            at = at + self.days(low, high)
            if at > self.as_of:
                break
            walk.steps.append((walk.state, target, at))
            walk.state = target
        return walk

    def idea(self, industry: str, themes: tuple[int, ...]) -> tuple[Idea, str]:
        """A new idea of the industry among the themes, and its keywords: one no proposal has had yet, while
        fewer than half of the industry's ideas are taken (at scale they run out, and ideas repeat). While it has
        fewer ideas than half its subjects (a measure on a machine), also a subject no proposal has had: two ideas
        that differ only in the part or the process are near duplicates to a reader and to the index."""
        rng = self.rng
        vocab = words.WORDS_BY_DIVISION.get(industry, words.GENERIC_WORDS)
        index = INDUSTRY_INDEX.get(industry, -1)
        tries = IDEA_TRIES if self.ideas_in[index] < _idea_count(index, themes) // 2 else 1
        spread = self.ideas_in[index] < _idea_count(index, themes, subjects=True) // 2
        fresh = None  # the first draw with new keywords, if no draw has a new subject too
        for _ in range(tries):
            theme = themes[_below(rng, len(themes))]
            idea = Idea(
                industry=index,
                theme=theme,
                cause=_below(rng, len(words.THEMES[theme].causes)),
                measure=_below(rng, len(words.THEMES[theme].measures)),
                equipment=_below(rng, len(vocab.equipment)),
                part=_below(rng, len(vocab.parts)),
                process=_below(rng, len(vocab.processes)),
                product=_below(rng, len(vocab.products)),
                material=_below(rng, len(vocab.materials)),
                model=_model(rng),
                said=_below(rng, PHRASINGS),
                phrasing=_below(rng, PHRASINGS),
                wording=_below(rng, PHRASINGS),
                place=_below(rng, len(words.PLACES)),
                shift=_below(rng, len(words.SHIFTS)),
            )
            name = _name(idea)
            if name in self.ideas_taken:
                continue
            fresh = fresh or (idea, name)
            if not spread or _subject(idea) not in self.subjects_taken:
                break
        else:
            idea, name = fresh or (idea, name)
        if name not in self.ideas_taken:
            self.ideas_taken.add(name)
            self.subjects_taken.add(_subject(idea))
            self.ideas_in[index] += 1
        while idea.model in self.models_taken:  # so that keywords name one idea, even when ideas repeat
            idea = dataclasses.replace(idea, model=_model(rng))
        self.models_taken.add(idea.model)
        return idea, _keywords(idea)

    def enterprise_works(self, enterprise_id: int, industry: str) -> Works:
        if enterprise_id not in self.works:
            vocab = words.WORDS_BY_DIVISION.get(industry, words.GENERIC_WORDS)
            self.works[enterprise_id] = _works(self.seed, enterprise_id, vocab)
        return self.works[enterprise_id]

    def write(
        self,
        idea: Idea,
        keywords: str,
        department_id: int | None,
        works: Works,
        *,
        plain: bool,
        unlike=None,
        quoting=False,
    ) -> dict:
        """The idea written out in one register; `unlike` (another writing of it) is not repeated: in the same
        register each of title, problem and change is worded another way. `quoting` puts the cause and the measure
        in the other register's words (a worker putting the idea in their words around what the original said)."""
        rng = self.rng
        theme = words.THEMES[idea.theme]
        vocab = INDUSTRY_WORDS_AT[idea.industry]
        voice = _voice(idea.theme, plain)
        values = {
            "no": words.MACHINE_NUMBERS[_below(rng, len(words.MACHINE_NUMBERS))].format(model=idea.model),
            # What the enterprise calls the kind of machine and the process; a restatement calls them as its
            # original did (the idea came with its words).
            "equipment": unlike["values"]["equipment"] if unlike else works.machines[idea.equipment],
            "part": vocab.parts[idea.part],
            "process": unlike["values"]["process"] if unlike else works.processes[idea.process],
            "product": works.series[idea.product] + vocab.products[idea.product],
            "material": vocab.materials[idea.material],
            "dept": self.department_names.get(department_id, "车间"),
            "n": 2 + _below(rng, 39),
            "pct": PERCENTS[_below(rng, len(PERCENTS))],
            "place": words.PLACES[idea.place],
            "shift": words.SHIFTS[idea.shift],
            "few": words.FEW[_below(rng, len(words.FEW))],
            "since": 2006 + _below(rng, 16),
            # Which of its machines of the kind, where: a restatement in the same enterprise names the same one.
            "maker": works.makers[idea.equipment],
            "asset": f"{works.assets}{idea.equipment + 1:02d}{idea.place % 7 + 1:02d}",
            "order": f"{MODEL_LETTERS[_below(rng, len(MODEL_LETTERS))]}{_below(rng, 100_000):05d}",
            "site": works.site,
            "line": works.lines[idea.shift % len(works.lines)],
            "team": works.teams[idea.place % len(works.teams)],
        }
        colleagues = self.colleagues(4)
        values.update(zip(("colleague", "other", "helper", "assistant"), colleagues, strict=True))
        cause, measure = theme.causes[idea.cause], theme.measures[idea.measure]
        causes = cause.plain if plain != quoting else cause.written
        measures = measure.plain if plain != quoting else measure.written
        values["cause"] = _worded(causes[idea.said % len(causes)], idea.wording).format(**values)
        values["measure"] = _worded(_phrasing(measures, idea.phrasing), idea.wording).format(**values)
        values["measure_kw"] = measure.keyword
        values["model"] = idea.model
        same = unlike is not None and unlike["plain"] == plain
        options = (voice.titles, voice.problems, voice.changes, theme.benefits)
        wording = tuple(
            _other(rng, len(choices), unlike["wording"][i] if same else None) for i, choices in enumerate(options)
        )
        # A restatement describes the machine's situation as the original did (its model, part and process: the
        # words a workshop has for its equipment); what is wrong and what to do are said anew.
        if unlike is None:
            situated = (plain, *(_below(rng, len(pool)) for pool in _situations(plain)))
        else:
            situated = unlike["situated"]
        # Where the machine is introduced it is named with its maker, as the workshop knows it: 库卡KR210型焊装机器人
        # in one enterprise, 埃斯顿ER170型焊装机器人 in another.
        introduction, context, scope = (
            (_with_maker(pool[i]) if pool is _situations(situated[0])[0] else pool[i]).format(**values)
            for pool, i in zip(_situations(situated[0]), situated[1:], strict=True)
        )
        assets = words.PLAIN_ASSETS if plain else words.ASSETS
        asset = assets[_below(rng, len(assets))].format(**values)
        teams = words.PLAIN_TEAMS if plain else words.TEAMS
        team = self.varied(teams[_below(rng, len(teams))]).format(**values)
        title = voice.titles[wording[0]].format(**values)
        if not plain and not title.startswith("关于") and not title.endswith("建议") and rng.random() < REQUEST_SHARE:
            title = f"关于{title}的建议"
        return {
            "template": theme,
            "idea": idea,
            "plain": plain,
            "wording": wording,
            "situated": situated,
            "values": values,
            "title": title[:200],
            "problem": introduction
            + asset
            + context
            + self.varied(voice.problems[wording[1]]).format(**values)
            + self.added(words.PROBLEM_ADDITIONS, plain, values),
            "change": self.varied(voice.changes[wording[2]]).format(**values)
            + scope
            + self.added(words.CHANGE_ADDITIONS, plain, values)
            + team,
            "expected_benefit": theme.benefits[wording[3]].format(**values),
            "keywords": keywords,
        }

    def added(self, additions, plain: bool, values: dict) -> str:
        """Some of the sentences any text may add (vocabulary.PROBLEM_ADDITIONS, CHANGE_ADDITIONS), in the register."""
        rng = self.rng
        said, taken = [], {}
        for written, spoken, share in additions:
            if rng.random() < share:
                sentences = spoken if plain else written
                # A pool named twice gives two different sentences.
                taken[id(sentences)] = chosen = _other(rng, len(sentences), taken.get(id(sentences)))
                said.append(self.varied(sentences[chosen]).format(**values))
        return "".join(said)

    def colleagues(self, count: int) -> list[str]:
        """Names of colleagues, all different, as workers name each other in a proposal."""
        rng = self.rng
        names: list[str] = []
        while len(names) < count:
            surname = SURNAMES[_below(rng, len(SURNAMES))]
            name = surname + "".join(GIVEN_CHARS[_below(rng, len(GIVEN_CHARS))] for _ in range(1 + _below(rng, 2)))
            if name not in names:
                names.append(name)
        return names

    def varied(self, frame: str) -> str:
        """The frame with some of its words put another way (FRAME_VARIANTS), before the idea's words go in."""
        for word, variants in words.FRAME_VARIANTS:
            if word in frame:
                frame = frame.replace(word, variants[_below(self.rng, len(variants))])
        return frame

    def text(self, industry: str, department_id: int | None, works: Works, *, economic_only: bool = False) -> dict:
        """A new idea of the enterprise's industry, written out."""
        vocab = words.WORDS_BY_DIVISION.get(industry, words.GENERIC_WORDS)
        themes = THEMES_FOR[vocab.making, economic_only]
        idea, keywords = self.idea(industry, themes)
        return self.write(idea, keywords, department_id, works, plain=self.rng.random() < PLAIN_SHARE)

    def restate(self, original: dict, department_id: int | None, works: Works) -> dict:
        """An earlier idea in other words: mostly in the other register, or in the same one worded otherwise."""
        rng = self.rng
        plain = not original["plain"] if rng.random() < 0.6 else original["plain"]
        # In the other register its own frames surround the cause and measure as the original put them.
        quoting = plain != original["plain"]
        return self.write(
            original["idea"],
            original["keywords"],
            department_id,
            works,
            plain=plain,
            unlike=original,
            quoting=quoting,
        )

    def original_to_restate(self, enterprise_id: int, industry: str) -> Original | None:
        """A planted duplicate's original, or None for an ordinary proposal."""
        rng = self.rng
        if rng.random() >= PLANTED_SHARE:
            return None
        # Each idea is restated once at most: the planted duplicates come in pairs.
        own = [o for o in self.recent[enterprise_id] if o.pk not in self.restated]
        others = [
            o
            for o in self.recent_in_industry[INDUSTRY_INDEX.get(industry, -1)]
            if o.enterprise_id != enterprise_id and o.pk not in self.restated
        ]
        pools = (others, own) if rng.random() < PLANTED_ACROSS else (own, others)
        pool = next((p for p in pools if p), None)
        if not pool:
            return None
        original = rng.choice(pool)
        self.restated.add(original.pk)
        return original

    def members(self, pool: WorkerPool, lead_id: int) -> list[tuple[int, Decimal, bool]]:
        """[(worker, share, is_lead)], lead first then by worker id: the order rewards.reward_decide splits in."""
        rng = self.rng
        count = min(_weighted(rng, MEMBER_COUNTS), len(pool.everyone))
        others: set[int] = set()
        while len(others) < count - 1:
            candidate = rng.choice(pool.everyone)
            if candidate != lead_id:
                others.add(candidate)
        shares = [Decimal(s) for s in rng.choice(SHARE_PATTERNS[count])]
        workers = [lead_id, *sorted(others)]
        return [(w, s, w == lead_id) for w, s in zip(workers, shares, strict=True)]

    def campaign_for(self, enterprise_id: int, district_id: int, day: datetime.date) -> int | None:
        open_now = [
            pk
            for org in (enterprise_id, district_id, self.city.pk)
            for starts, ends, pk in self.campaigns.get(org, ())
            if starts <= day <= ends
        ]
        if open_now and self.rng.random() < 0.6:
            return self.rng.choice(open_now)
        return None

    def number(self, at: datetime.datetime) -> str:
        year = at.year
        self.numbers[year] = self.numbers.get(year, 0) + 1
        return f"P{year}-{self.numbers[year]:06d}"

    def benefit_lines(self, template, values: dict, story: bool) -> list[dict]:
        rng = self.rng
        low, high = (40_000, 400_000) if story else (3_000, 150_000)
        target = math.exp(rng.uniform(math.log(low), math.log(high)))
        specs = []
        for category in template.categories:
            description, unit, (p_low, p_high) = rng.choice(words.BENEFIT_LINES[category])
            specs.append((category, description.format(**values), unit, p_low, p_high))
        parts = [rng.uniform(0.5, 1.5) for _ in specs]
        lines = []
        for (category, description, unit, p_low, p_high), part in zip(specs, parts, strict=True):
            unit_price = fen(Decimal(f"{rng.uniform(p_low, p_high):.2f}"))
            places = Decimal("0.1") if unit in ("吨",) else Decimal(1)
            quantity = max(Decimal(target * part / sum(parts)) / unit_price, Decimal(1)).quantize(places)
            quantity = quantity.quantize(Decimal("0.001"))
            lines.append(
                {
                    "category": category,
                    "description": description[:200],
                    "quantity": quantity,
                    "unit": unit,
                    "unit_price": unit_price,
                    "amount": fen(quantity * unit_price),
                }
            )
        return lines

    def claim(self, *, proposal_id, staff, lines, start, end, cost, created, status, submitted, verified) -> dict:
        gross, annual, net = figures(lines, cost, start, end)
        pk = self.next["claim"]
        self.next["claim"] += 1
        row = {
            "id": pk,
            "proposal_id": proposal_id,
            "period_start": start,
            "period_end": end,
            "implementation_cost": cost,
            "status": status,
            "gross": gross,
            "annual_gross": annual,
            "net": net,
            "verified_gross": gross if verified else None,
            "verified_net": net if verified else None,
            "created_by_id": staff.manager,
            "created_at": created,
            "submitted_at": submitted,
            "verified_by_id": staff.finance if verified else None,
            "verified_at": verified,
            "return_reason": "",
            "version": 1,
        }
        # Its steps as the workflow records them: entered by the enterprise admin, verified by finance.
        steps = [(ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, staff.manager, submitted, "claim_submit")]
        steps.append((ClaimStatus.SUBMITTED, ClaimStatus.VERIFIED, staff.finance, verified, "claim_verify"))
        for from_state, to_state, actor, at, action in steps:
            if at is None:
                continue
            self.rows[ClaimTransition].append(
                {"id": self.next["claim_step"], "claim_id": pk, "from_state": from_state, "to_state": to_state}
                | {"actor_id": actor, "at": at, "reason": "", "data": self.plain_data(action)}
            )
            self.next["claim_step"] += 1
            row["version"] += 1
        self.rows[BenefitClaim].append(row)
        self.claim_lines = []
        for line in lines:
            self.claim_lines.append({"id": self.next["line"], "claim_id": pk, "evidence": "", **line})
            self.next["line"] += 1
        self.rows[BenefitLine].extend(self.claim_lines)
        return row

    def correct(self, claim: dict, lines: list[dict], at: datetime.datetime, finance: int) -> list[dict]:
        """Finance corrects the claim just made: one line's quantity down by a tenth; both figures kept."""
        rng = self.rng
        index = rng.randrange(len(lines))
        after = [dict(line) for line in lines]
        changed = after[index]
        changed["quantity"] = (changed["quantity"] * Decimal("0.9")).quantize(Decimal("0.001"))
        changed["amount"] = fen(changed["quantity"] * changed["unit_price"])
        # The claim's stored lines become the corrected ones; the correction keeps the original.
        self.claim_lines[index].update(quantity=changed["quantity"], amount=changed["amount"])
        cost = claim["implementation_cost"]
        gross, annual, net = figures(after, cost, claim["period_start"], claim["period_end"])

        def as_json(line):
            return {k: str(line[k]) if k != "description" and k != "category" else line[k] for k in line}

        self.rows[BenefitCorrection].append(
            {
                "id": self.next["correction"],
                "claim_id": claim["id"],
                "by_id": finance,
                "at": at,
                "reason": rng.choice(words.CORRECTION_REASONS),
                "original_gross": claim["gross"],
                "original_net": claim["net"],
                "corrected_gross": gross,
                "corrected_net": net,
                "lines": _json(
                    {
                        "before": [as_json(line) for line in lines],
                        "after": [as_json(line) for line in after],
                        "cost": [str(cost), str(cost)],
                    }
                ),
            }
        )
        self.next["correction"] += 1
        claim.update(gross=gross, annual_gross=annual, net=net, version=claim["version"] + 1)
        return after

    def proposal(self, enterprise_id: int, created: datetime.datetime) -> None:
        rng = self.rng
        district_id, org_path, industry = self.enterprises[enterprise_id]
        story = enterprise_id == self.story_id
        staff = self.story_staff if story and self.story_staff else self.staff[district_id]
        pool = self.pools[enterprise_id]
        lead_id, department_id, lead_user = rng.choice(pool.leads)
        if story and self.story_lead and self.story_user and rng.random() < 0.03:
            lead_id, lead_user = self.story_lead, self.story_user
            department_id = pool.department_of[lead_id]
        works = self.enterprise_works(enterprise_id, industry)
        original = self.original_to_restate(enterprise_id, industry)
        if original is not None:
            content = self.restate(original.content, department_id, works)
            own = original.enterprise_id == enterprise_id
            table = (STORY_DUPLICATE_NEXT_STEP if story else DUPLICATE_NEXT_STEP) if own else None
        else:
            content = self.text(industry, department_id, works, economic_only=story and rng.random() < 0.85)
            own, table = False, None
        economic = ECONOMIC in content["template"].benefit_types
        # Only a duplicate of the enterprise's own proposal is merged, into that proposal.
        walk = self.walk(created, table or (STORY_NEXT_STEP if story else NEXT_STEP), economic, own)
        pk = self.next["proposal"]
        self.next["proposal"] += 1
        merged_into = original.pk if walk.state == S.MERGED else None
        if original is not None:
            self.counts["planted_duplicates"] += 1
            self.counts["planted_across_enterprises"] += not own
        members = self.members(pool, lead_id)
        proposal = {
            "id": pk,
            "number": None,
            "title": content["title"],
            "kind": _weighted(rng, [(k, words.KIND_WEIGHTS[k]) for k in content["template"].kinds]),
            "problem": content["problem"],
            "change": content["change"],
            "expected_benefit": content["expected_benefit"],
            "benefit_types": _json(list(content["template"].benefit_types)),
            "keywords": content["keywords"],
            "enterprise_id": enterprise_id,
            "department_id": department_id,
            "district_id": district_id,
            "org_path": org_path,
            "industry": industry,
            "campaign_id": self.campaign_for(enterprise_id, district_id, created.date()),
            "lead_id": lead_id,
            "state": walk.state,
            "state_changed_at": walk.steps[-1][2] if walk.steps else created,
            "due_at": None,
            "reminded_at": None,
            "submitted_at": None,
            "decided_at": None,
            "implemented_at": None,
            "verified_at": None,
            "rewarded_at": None,
            "round": 0,
            "grade": "",
            "score": None,
            "merged_into_id": merged_into,
            "recommended_level": "",
            "recommendation_declined_at": None,
            "recommendation_declined_by_id": None,
            "recommendation_decline_reason": "",
            "implementation_evidence": "",
            "net_annual_benefit": None,
            "verified_benefit_total": None,
            "reward_total": None,
            "reward_paid": None,
            "public_consent": rng.random() < 0.3,
            "version": 1 + rng.randint(0, 4),  # drafts saved while typing
            "client_token": None,
            "created_by_id": lead_user,
            "created_at": created,
            "updated_at": walk.steps[-1][2] if walk.steps else created,
        }
        first_claim, evaluated_at, claim_lines = None, None, None
        for from_state, to_state, at in walk.steps:
            step = workflow.STEPS[(from_state, to_state)]
            reason, data = "", {"action": step.action}
            actor = {
                "submit": lead_user,
                "resubmit": lead_user,
                "withdraw": lead_user,
                "start": staff.manager,
                "complete": staff.manager,
                "reward": staff.manager,
                "verify": staff.finance,
            }.get(step.action, staff.evaluators[0])
            if to_state == S.SUBMITTED:
                proposal["round"] += 1
                proposal["version"] += 1 if from_state == S.RETURNED else 0  # the revision before resubmitting
                if proposal["number"] is None:
                    proposal["number"] = self.number(at)
                    proposal["client_token"] = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            elif to_state == S.EVALUATING:
                evaluated_at = at
            elif to_state == S.RETURNED:
                reason = rng.choice(words.RETURN_REASONS)
            elif to_state in (S.ADOPTED, S.NOT_ADOPTED):
                score, grade = self.evaluate(proposal, staff, evaluated_at, at, adopt=to_state == S.ADOPTED)
                proposal["score"] = score
                proposal["grade"] = grade if to_state == S.ADOPTED else ""
                if to_state == S.NOT_ADOPTED:
                    reason = rng.choice(words.REJECT_REASONS)
            elif to_state == S.MERGED:
                data["merged_into"] = merged_into
            elif to_state == S.IMPLEMENTED:
                evidence = rng.choice(words.IMPLEMENTATION_EVIDENCE)
                proposal["implementation_evidence"] = evidence
                data["evidence"] = evidence
            elif to_state == S.VERIFIED:
                first_claim, claim_lines = self.verified_claim(proposal, content, staff, story, at)
            elif to_state == S.REWARDED:
                self.reward(proposal, members, staff, at)
            stamp = workflow.PROPOSAL_WORKFLOW.timestamps.get(to_state)
            if stamp and proposal[stamp] is None:
                proposal[stamp] = at
            proposal["version"] += 1
            self.rows[Transition].append(
                {
                    "id": self.next["transition"],
                    "proposal_id": pk,
                    "from_state": from_state,
                    "to_state": to_state,
                    "actor_id": actor,
                    "at": at,
                    "reason": reason,
                    "data": _json(data) if len(data) > 1 else self.plain_data(step.action),
                }
            )
            self.next["transition"] += 1
        if walk.state == S.IMPLEMENTED and economic:
            self.pending_claim(proposal, content, staff, story)
        if first_claim is not None:
            self.later_year_claim(proposal, first_claim, claim_lines, staff)
        if walk.state == S.REWARDED and proposal["grade"] in ("first", "second") and rng.random() < 0.3:
            self.recommend(proposal, staff)
        if walk.state in WAITING_STATES:
            days = int(self.step_days.get(walk.state, self.default_step_days))
            proposal["due_at"] = proposal["state_changed_at"] + datetime.timedelta(days=days)
        self.rows[Proposal].append(proposal)
        for worker_id, share, is_lead in members:
            self.rows[ProposalMember].append(
                {"id": self.next["member"], "proposal_id": pk, "worker_id": worker_id}
                | {"share": share, "is_lead": is_lead, "public_consent": proposal["public_consent"]}
            )
            self.next["member"] += 1
        if original is None and walk.state not in UNRESTATABLE:
            restatable = Original(pk, enterprise_id, content)
            self.recent[enterprise_id].append(restatable)
            self.recent_in_industry[INDUSTRY_INDEX.get(industry, -1)].append(restatable)
        self.counts[f"state_{walk.state}"] += 1

    def evaluate(self, proposal: dict, staff: Staff, since, until, *, adopt: bool) -> tuple[Decimal, str]:
        rng = self.rng
        aim = rng.uniform(72, 95) if adopt else rng.uniform(40, 68)
        totals = []
        for evaluator in staff.evaluators:
            scores = {c["key"]: max(0, min(100, round(rng.gauss(aim, 5)))) for c in self.scorecard.criteria}
            clean, total = weighted_total(self.scorecard.criteria, scores)
            totals.append(total)
            self.rows[Evaluation].append(
                {
                    "id": self.next["evaluation"],
                    "proposal_id": proposal["id"],
                    "evaluator_id": evaluator,
                    "scorecard_id": self.scorecard.pk,
                    "round": proposal["round"],
                    "scores": _json(clean),
                    "total": total,
                    "comment": "",
                    "created_at": since + (until - since) * rng.uniform(0.2, 0.95),
                }
            )
            self.next["evaluation"] += 1
        score = fen(sum(totals, Decimal(0)) / len(totals))
        return score, grade_for(score, self.scorecard.thresholds)

    def claim_period(self, implemented: datetime.datetime, months: int) -> tuple[datetime.date, datetime.date]:
        start = implemented.date() + datetime.timedelta(days=1)
        days = 365 if months == 12 else months * 30
        return start, start + datetime.timedelta(days=days - 1)

    def verified_claim(self, proposal: dict, content: dict, staff: Staff, story: bool, verified_at):
        """The claim finance verified at verified_at: its period ended a few days to weeks before."""
        rng = self.rng
        lines = self.benefit_lines(content["template"], content["values"], story)
        implemented = proposal["implemented_at"]
        submitted = verified_at - self.days(2, 15)
        running = submitted.date() - implemented.date()
        longest = max(3, min(12, running.days // 30))
        start, end = self.claim_period(implemented, rng.randint(3, longest) if longest > 3 else 3)
        end = min(end, submitted.date() - datetime.timedelta(days=1))
        start = min(start, end)
        _, annual, _ = figures(lines, Decimal(0), start, end)
        cost = fen(annual * Decimal(f"{rng.uniform(0.05, 0.35):.2f}"))
        created = min(submitted, self.at(end, 10))
        claim = self.claim(
            proposal_id=proposal["id"],
            staff=staff,
            lines=lines,
            start=start,
            end=end,
            cost=cost,
            created=created,
            status=ClaimStatus.VERIFIED,
            submitted=submitted,
            verified=verified_at,
        )
        if rng.random() < 0.03:
            lines = self.correct(claim, lines, verified_at + self.days(1, 5), staff.finance)
        self.tags(claim["id"], content)
        proposal["net_annual_benefit"] = claim["net"]
        proposal["verified_benefit_total"] = claim["net"]
        return claim, lines

    def tags(self, claim_id: int, content: dict) -> None:
        for benefit_type in content["template"].benefit_types:
            if benefit_type != ECONOMIC:
                self.rows[BenefitTag].append(
                    {
                        "id": self.next["tag"],
                        "claim_id": claim_id,
                        "benefit_type": benefit_type,
                        "description": content["expected_benefit"][:500],
                    }
                )
                self.next["tag"] += 1

    def pending_claim(self, proposal: dict, content: dict, staff: Staff, story: bool) -> None:
        """An implemented proposal's claim on its way to finance, if its period has ended."""
        rng = self.rng
        start, end = self.claim_period(proposal["implemented_at"], rng.choice((3, 6, 12)))
        created = self.at(end, 10) + self.days(1, 10)
        if created > self.as_of:
            return
        submitted = created + self.days(0, 5) if rng.random() < 0.7 else None
        lines = self.benefit_lines(content["template"], content["values"], story)
        _, annual, _ = figures(lines, Decimal(0), start, end)
        self.claim(
            proposal_id=proposal["id"],
            staff=staff,
            lines=lines,
            start=start,
            end=end,
            cost=fen(annual * Decimal("0.15")),
            created=created,
            status=ClaimStatus.SUBMITTED if submitted and submitted <= self.as_of else ClaimStatus.DRAFT,
            submitted=submitted if submitted and submitted <= self.as_of else None,
            verified=None,
        )

    def later_year_claim(self, proposal: dict, first: dict, lines: list[dict], staff: Staff) -> None:
        """Some verified savings are claimed again for the following year (no new cost)."""
        rng = self.rng
        start = first["period_end"] + datetime.timedelta(days=1)
        end = start + datetime.timedelta(days=364)
        verified = self.at(end, 15) + self.days(5, 20)
        if verified > self.as_of or rng.random() > 0.4:
            return
        again = [dict(line) for line in lines]
        for line in again:
            line["quantity"] = (line["quantity"] * Decimal(f"{rng.uniform(0.8, 1.1):.2f}")).quantize(Decimal("0.001"))
            line["amount"] = fen(line["quantity"] * line["unit_price"])
        claim = self.claim(
            proposal_id=proposal["id"],
            staff=staff,
            lines=again,
            start=start,
            end=end,
            cost=Decimal("0.00"),
            created=verified - self.days(6, 12),
            status=ClaimStatus.VERIFIED,
            submitted=verified - self.days(2, 5),
            verified=verified,
        )
        proposal["net_annual_benefit"] = claim["net"]
        proposal["verified_benefit_total"] = first["net"] + claim["net"]

    def reward(self, proposal: dict, members, staff: Staff, at: datetime.datetime) -> None:
        rng = self.rng
        decided_on = proposal["decided_at"].date()
        rule = self.rule_in_force(proposal["org_path"], decided_on)
        numbers = reward_figures(rule, proposal["grade"], proposal["net_annual_benefit"])
        pk = self.next["reward"]
        self.next["reward"] += 1
        self.rows[Reward].append(
            {"id": pk, "proposal_id": proposal["id"], "rule_id": rule.pk, "decided_by_id": staff.manager}
            | {"decided_at": at, **numbers}
        )
        proposal["reward_total"] = numbers["total"]
        proposal["reward_paid"] = Decimal("0.00")
        parts = split(numbers["total"], [share for _, share, _ in members])
        purpose = payout_purpose(proposal["number"] or "", proposal["title"])
        for (worker_id, share, _), amount in zip(members, parts, strict=True):
            paid_on = (at + self.days(10, 60)).date()
            paid = paid_on <= self.as_of.date() and rng.random() < 0.92
            if paid:
                self.voucher += 1
                proposal["reward_paid"] += amount
            voucher_no = f"JL{paid_on:%Y%m}-{self.voucher:06d}" if paid else ""
            payout_id = self.next["payout"]
            self.rows[Payout].append(
                {"id": payout_id, "kind": PAYOUT_KIND, "record_id": proposal["id"], "purpose": purpose}
                | {"payer_id": proposal["enterprise_id"], "org_path": proposal["org_path"], "payee_id": worker_id}
                | {"amount": amount, "owed_at": at, "status": PayoutStatus.PAID if paid else PayoutStatus.PENDING}
                | {"paid_on": paid_on if paid else None, "voucher_no": voucher_no, "version": 2 if paid else 1}
                | {"paid_by_id": staff.finance if paid else None}
            )
            self.rows[RewardShare].append(
                {"id": self.next["share"], "reward_id": pk, "worker_id": worker_id, "share": share}
                | {"amount": amount, "payout_id": payout_id}
            )
            if paid:  # the payout step as the workflow records it, with its date and voucher
                data = {"action": "payout", "paid_on": paid_on.isoformat(), "voucher_no": voucher_no}
                self.rows[PayoutTransition].append(
                    {"id": self.next["payout_step"], "payout_id": payout_id, "from_state": PayoutStatus.PENDING}
                    | {"to_state": PayoutStatus.PAID, "actor_id": staff.finance, "at": self.at(paid_on, 15)}
                    | {"reason": "", "data": _json(data)}
                )
                self.next["payout_step"] += 1
            self.next["payout"] += 1
            self.next["share"] += 1

    def recommend(self, proposal: dict, staff: Staff) -> None:
        """Rewarded first- and second-grade results recommended upward, as far as the timeline allows."""
        rng = self.rng
        at = proposal["rewarded_at"]
        levels = [
            (RecommendationLevel.ENTERPRISE, proposal["enterprise_id"], staff.manager),
            (RecommendationLevel.DISTRICT, proposal["district_id"], self.staff[proposal["district_id"]].manager),
            (RecommendationLevel.CITY, self.city.pk, self.city_manager_id),
        ]
        for level, org_id, by in levels:
            at = at + self.days(10, 60)
            if at > self.as_of:
                break
            self.rows[Recommendation].append(
                {
                    "id": self.next["recommendation"],
                    "proposal_id": proposal["id"],
                    "level": level,
                    "organization_id": org_id,
                    "recommended_by_id": by,
                    "at": at,
                    "reason": "效益显著，具有推广价值。",
                }
            )
            self.next["recommendation"] += 1
            proposal["recommended_level"] = level
            proposal["version"] += 1
            proposal["updated_at"] = at
            if rng.random() < 0.6:
                # Not taken further: where the next level had its weeks to decide, it said so (不予推荐).
                decided = at + self.days(10, 60)
                if level != RecommendationLevel.CITY and decided + STALL_DAYS < self.as_of:
                    deciders = {RecommendationLevel.ENTERPRISE: self.staff[proposal["district_id"]].manager}
                    proposal["recommendation_declined_at"] = decided
                    proposal["recommendation_declined_by_id"] = deciders.get(level, self.city_manager_id)
                    proposal["recommendation_decline_reason"] = "推广价值有限，暂不向上推荐。"
                    proposal["version"] += 1
                break

    # ---- the whole run -------------------------------------------------------------

    def plan(self) -> list[tuple[datetime.datetime, int]]:
        """(created, enterprise) for every proposal, oldest first; the story enterprise's quota first."""
        rng = self.rng
        span = (self.as_of - self.start).total_seconds() - 86_400
        candidates = sorted(e for e, pool in self.pools.items() if pool.leads and e in self.enterprises)
        story = self.story_id if self.story_id in candidates else None
        others = [e for e in candidates if e != story]
        story_count = min(STORY_PROPOSALS, self.total // 2) if story else 0
        weights = [len(self.pools[e].everyone) ** 0.8 * rng.uniform(0.3, 1.7) for e in others]
        chosen = [story] * story_count + (rng.choices(others, weights, k=self.total - story_count) if others else [])
        # Later years see more proposals: the platform is used more as it becomes known.
        keys = sorted((int(span * rng.random() ** 0.85), e) for e in chosen)
        return [(self.start + datetime.timedelta(seconds=offset), e) for offset, e in keys]

    def run(self, city: Organization) -> dict[str, int]:
        self.load_city(city)
        self.create_staff()
        if self.story_id and {"evaluator", "finance", "enterprise-admin"} <= self.accounts.keys():
            committee = self.staff[self.enterprises[self.story_id][0]].evaluators
            self.story_staff = Staff(
                (self.accounts["evaluator"], *committee[:2]),
                self.accounts["finance"],
                self.accounts["enterprise-admin"],
            )
        self.create_rules()
        self.create_campaigns()
        for year, last in ProposalSequence.objects.values_list("year", "last"):
            self.numbers[year] = last
        self.next = {
            name: bulk.next_id(model)
            for name, model in (
                ("proposal", Proposal),
                ("member", ProposalMember),
                ("transition", Transition),
                ("evaluation", Evaluation),
                ("claim", BenefitClaim),
                ("claim_step", ClaimTransition),
                ("line", BenefitLine),
                ("tag", BenefitTag),
                ("correction", BenefitCorrection),
                ("reward", Reward),
                ("share", RewardShare),
                ("payout", Payout),
                ("payout_step", PayoutTransition),
                ("recommendation", Recommendation),
            )
        }
        plan = self.plan()
        done = 0
        for created, enterprise_id in plan:
            self.proposal(enterprise_id, created)
            done += 1
            if len(self.rows[Proposal]) >= BATCH:
                self.flush()
                self.progress(done, len(plan))
        self.flush()
        self.progress(done, len(plan))
        for year, last in self.numbers.items():
            ProposalSequence.objects.update_or_create(year=year, defaults={"last": last})
        bulk.reset_sequences(*self.ORDER, User, RoleAssignment, Campaign, Scorecard, RewardRule)
        self.counts["proposals"] = done
        return dict(self.counts)

    ORDER = (
        Proposal,
        ProposalMember,
        Transition,
        Evaluation,
        BenefitClaim,
        ClaimTransition,
        BenefitLine,
        BenefitTag,
        BenefitCorrection,
        Reward,
        Payout,
        RewardShare,
        PayoutTransition,
        Recommendation,
    )

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.rows.pop(model, [])
            bulk.insert_dicts(model, rows)
            self.counts[model._meta.model_name] += len(rows) if model is not Proposal else 0


@transaction.atomic
def generate_proposals(
    *,
    city: Organization,
    seed: int,
    total: int,
    as_of: datetime.datetime,
    story_enterprise: Organization | None = None,
    story_accounts: dict[str, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add `total` proposals to the generated city; returns counts by state and by table."""
    generator = ProposalGenerator(
        seed=seed,
        total=total,
        as_of=as_of,
        story_enterprise_id=story_enterprise.pk if story_enterprise else None,
        story_accounts=story_accounts,
        progress=progress,
    )
    return generator.run(city)


def planted_duplicates(proposals=None) -> list[tuple[int, int]]:
    """(duplicate, original) ids of the planted duplicates among the proposals (all by default), oldest first.

    The rule the generator keeps: an ordinary proposal's keywords name its idea and no other proposal's do;
    a planted duplicate carries its original's keywords. So among proposals with the same keywords the first
    is the original and each later one restates it."""
    rows = (Proposal.objects.all() if proposals is None else proposals).values_list("keywords", "pk")
    first: dict[str, int] = {}
    pairs = []
    for keywords, pk in sorted(rows, key=lambda row: row[1]):
        if keywords in first:
            pairs.append((pk, first[keywords]))
        else:
            first[keywords] = pk
    return pairs


def demo_proposals(context: DemoContext) -> dict[str, int]:
    """The proposals' demo step: proposals (1.5 per worker unless `amounts["proposals"]` says), their
    campaigns and staff; the demo accounts' enterprise gets the story. Returns the counts the load reports."""
    total = context.amounts.get("proposals", round(context.workers * PROPOSALS_PER_WORKER))
    if not total:
        return {}
    made = generate_proposals(
        city=context.city,
        seed=context.seed,
        as_of=context.as_of,
        total=total,
        story_enterprise=context.places.get("enterprise"),
        story_accounts=context.accounts,
        progress=context.progress("proposals"),
    )
    return {name: made[name] for name in ("proposals", "campaigns")}
