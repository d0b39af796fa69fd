"""Which experts should review an item: the shared service of every module that has things reviewed
(proposals now; contest entries, studio and method applications, challenge bids next).

A module describes its item as a ReviewItem and asks match(item): the answer ranks the experts whose tags
meet the item's, each with its score and the reasons in words, and lists the experts who would have met it
but may not review it, each with why (the same employer, a declared conflict, the item's own proposer,
suspended, term over, this year's reviews used up, busy).

Fast at 20,000 experts: the candidates come from one indexed query over the tag table (the item's industry
and technical fields, those named in its text too), cut to CANDIDATES by the number of tags met; only those
are scored in Python. The text match is the shared similarity engine's (tokens → TF-IDF signature →
cosine), with the document frequencies of the candidates and the item, so a word every candidate has counts
for little.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.orgs.industries import industry_name
from zhichuang.similarity import engine

from .enums import LOAD_STATES, ExpertState, ReviewState
from .models import Expert, ExpertConflict, ExpertTag, ReviewAssignment, TechnicalField, field_tag, industry_tag

CANDIDATES = 400  # experts scored in Python at most, those meeting the most tags first
TAG_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
LOAD_PENALTY = 0.2  # at the yearly limit an expert loses this much: the less loaded come first


# What matching and the pages that show its answer read of an expert (a candidate set is hundreds of rows).
_LOADED = (
    "id",
    "user_id",
    "title",
    "state",
    "term_end",
    "busy_until",
    "yearly_limit",
    "employer_credit_code",
    "match_text",
    "profile__id",
    "profile__name",
    "profile__worker_id",
    "profile__organization__id",
    "profile__organization__name",
    "profile__organization__path",
)


@dataclass(frozen=True)
class ReviewItem:
    """What is to be reviewed, as much as matching needs of it."""

    kind: str  # "proposal", "contest_entry", …
    title: str
    text: str = ""
    industry: str = ""  # a GB/T 4754 division
    fields: tuple[int, ...] = ()  # TechnicalField ids
    credit_codes: tuple[str, ...] = ()  # the item's organisations
    org_paths: tuple[str, ...] = ()
    worker_ids: tuple[int, ...] = ()  # its people: its proposers, applicants, team members
    profile_ids: tuple[int, ...] = ()
    year: int = 0  # the review year (default: this year)
    item_id: int | None = None  # an expert invited to this item already is left out of the suggestions


@dataclass
class Suggestion:
    expert: Expert
    score: float
    load: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)


@dataclass
class Exclusion:
    expert: Expert
    reason: str


@dataclass
class Match:
    suggestions: list[Suggestion]
    excluded: list[Exclusion]
    tags: list[str]  # the tags looked for, in words


def field_names() -> dict[int, str]:
    return dict(TechnicalField.objects.filter(active=True).values_list("pk", "name"))


def _item_tags(item: ReviewItem, names: dict[int, str]) -> dict[str, str]:
    """tag → its words: the item's industry and fields, and the city's fields its text names."""
    tags: dict[str, str] = {}
    if item.industry:
        tags[industry_tag(item.industry)] = industry_name(item.industry) or item.industry
    text = f"{item.title} {item.text}"
    for pk, name in names.items():
        if pk in item.fields or name in text:
            tags[field_tag(pk)] = name
    return tags


def _load(expert_ids, year: int) -> dict[int, int]:
    rows = (
        ReviewAssignment.objects.filter(expert_id__in=expert_ids, year=year, state__in=LOAD_STATES)
        .values("expert_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["expert_id"]: row["n"] for row in rows}


def _conflicts(expert_ids) -> dict[int, list[ExpertConflict]]:
    found: dict[int, list[ExpertConflict]] = {}
    for conflict in ExpertConflict.objects.filter(expert_id__in=expert_ids).select_related("person"):
        found.setdefault(conflict.expert_id, []).append(conflict)
    return found


def _within(path: str, paths) -> bool:
    return any(other == path or other.startswith(path) for other in paths)


def exclusion_reason(expert: Expert, item: ReviewItem, *, load: int, conflicts, today: datetime.date) -> str:
    """Why the expert may not review the item, in words; "" when they may."""
    profile = expert.profile
    if expert.state == ExpertState.SUSPENDED:
        return _("Suspended")
    if expert.state != ExpertState.ACTIVE:
        return _("Not in the pool")
    if expert.term_end and expert.term_end < today:
        return _("Term over (%(date)s)") % {"date": expert.term_end.isoformat()}
    if (profile.worker_id and profile.worker_id in item.worker_ids) or profile.pk in item.profile_ids:
        return _("Is a proposer of the item")
    if expert.employer_credit_code and expert.employer_credit_code in item.credit_codes:
        return _("Same employer (same unified social credit code)")
    if profile.organization_id and _within(profile.organization.path, item.org_paths):
        return _("Same employer")
    for conflict in conflicts:
        if conflict.credit_code and conflict.credit_code in item.credit_codes:
            return _("Declared a conflict of interest: %(whom)s") % {"whom": conflict.note or conflict.credit_code}
        if conflict.person_id and (
            conflict.person_id in item.profile_ids or (conflict.person.worker_id or 0) in item.worker_ids
        ):
            return _("Declared a conflict of interest: %(whom)s") % {
                "whom": f"{conflict.person.name}{'（' + conflict.note + '）' if conflict.note else ''}"
            }
    if load >= expert.yearly_limit:
        return _("This year's reviews are used up: %(load)d/%(limit)d") % {"load": load, "limit": expert.yearly_limit}
    if expert.busy_until and expert.busy_until >= today:
        return _("Busy until %(date)s") % {"date": expert.busy_until.isoformat()}
    return ""


def match(item: ReviewItem, *, limit: int = 20, today: datetime.date | None = None) -> Match:
    """The experts for the item, best first (at most `limit`), and those excluded with their reasons."""
    today = today or timezone.localdate()
    year = item.year or today.year
    names = field_names()
    tags = _item_tags(item, names)
    if not tags:
        return Match([], [], [])
    hits = list(
        ExpertTag.objects.filter(tag__in=list(tags), expert__state__in=(ExpertState.ACTIVE, ExpertState.SUSPENDED))
        .values("expert_id")
        .annotate(n=Count("id"))
        .order_by("-n", "expert_id")[:CANDIDATES]
    )
    ids = [row["expert_id"] for row in hits]
    experts = {
        e.pk: e
        for e in Expert.objects.filter(pk__in=ids).select_related("profile", "profile__organization").only(*_LOADED)
    }
    met: dict[int, list[str]] = {}
    for expert_id, tag in ExpertTag.objects.filter(expert_id__in=ids, tag__in=list(tags)).values_list(
        "expert_id", "tag"
    ):
        met.setdefault(expert_id, []).append(tag)
    loads = _load(ids, year)
    conflicts = _conflicts(ids)
    invited = (
        set(
            ReviewAssignment.objects.filter(kind=item.kind, item_id=item.item_id, expert_id__in=ids)
            .exclude(state=ReviewState.DECLINED)
            .values_list("expert_id", flat=True)
        )
        if item.item_id
        else set()
    )

    suggestions, excluded, eligible = [], [], []
    for expert_id in ids:
        expert = experts[expert_id]
        load = loads.get(expert_id, 0)
        reason = exclusion_reason(expert, item, load=load, conflicts=conflicts.get(expert_id, ()), today=today)
        if reason:
            excluded.append(Exclusion(expert, reason))
        elif expert_id not in invited:
            eligible.append(expert)
    similarity = _text_similarity(item, eligible)
    tag_order = list(tags)
    for expert in eligible:
        load = loads.get(expert.pk, 0)
        matched = sorted(met.get(expert.pk, ()), key=tag_order.index)
        text_score = similarity.get(expert.pk, 0.0)
        score = (
            TAG_WEIGHT * len(matched) / len(tags)
            + TEXT_WEIGHT * text_score
            - LOAD_PENALTY * min(1.0, load / max(1, expert.yearly_limit))
        )
        reasons = [_("Fields met: %(tags)s") % {"tags": "、".join(tags[t] for t in matched)}]
        if text_score:
            reasons.append(_("Text similarity %(score).2f") % {"score": text_score})
        reasons.append(_("Reviews this year %(load)d/%(limit)d") % {"load": load, "limit": expert.yearly_limit})
        suggestions.append(Suggestion(expert, round(score, 4), load, reasons))
    suggestions.sort(key=lambda s: (-s.score, s.load, s.expert.pk))
    excluded.sort(key=lambda x: x.expert.pk)
    return Match(suggestions[:limit], excluded, [tags[t] for t in tag_order])


def _text_similarity(item: ReviewItem, experts) -> dict[int, float]:
    """expert id → the cosine of the TF-IDF signatures of their match text and the item's text."""
    item_counts = engine.term_counts(f"{item.title} {item.text}")
    if not item_counts or not experts:
        return {}
    counts = {expert.pk: engine.term_counts(expert.match_text) for expert in experts}
    frequency: dict[int, int] = {}
    for terms in (item_counts, *counts.values()):
        for term in terms:
            frequency[term] = frequency.get(term, 0) + 1
    documents = len(counts) + 1
    query = engine.signature(item_counts, frequency, documents).as_dict()
    return {
        pk: round(engine.cosine(query, engine.signature(terms, frequency, documents)), 2)
        for pk, terms in counts.items()
        if terms
    }
