"""Eligibility checks for an honour: rules over a person's record, shown beside a nomination as met or not
met with the evidence (南宁's "the first completer may not be an enterprise head", 承钢's "at least one year
of results", "skill level at least 技师").

An honour type lists its rules as data, [{"rule": "min_skill_level", "level": 2}, …]; each rule here
reads the record's figures (core.modules.RecordSection, e.g. "proposals.adopted") and the profile. A rule
that cannot be told (an external person has no skill-level ledger) is neither met nor failed: None.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.enums import SkillLevel, skill_rank
from zhichuang.core.money import yuan

from .enums import LEVEL_ORDER, HonourCategory, HonourLevel, HonourState


@dataclass(frozen=True)
class Check:
    rule: str
    label: str  # the rule in words ("技能等级不低于二级/技师")
    met: bool | None  # None: the record cannot tell
    evidence: str  # what the record holds ("二级/技师（2021-06-01，证书 …）")


@dataclass(frozen=True)
class Record:
    """What the rules read: the profile, its figures (every module's RecordPart.figures), its confirmed
    honours, and the day the checks are made for."""

    profile: object
    figures: Mapping[str, object]
    honours: tuple  # confirmed Honour rows with their honour_type
    today: datetime.date


@dataclass(frozen=True)
class Rule:
    label: Callable[[Mapping], str]
    check: Callable[[Record, Mapping], tuple[bool | None, str]]
    # The parameters the rule takes and how each is read from the honour list's form (name → parser).
    params: Mapping[str, Callable] = None


def _level_name(value) -> str:
    try:
        return str(SkillLevel(int(value)).label)
    except (TypeError, ValueError):
        return str(value)


def _min_skill_level(record: Record, params) -> tuple[bool | None, str]:
    if record.profile.worker_id is None:
        return None, _("No skill-level record (not a worker of the city).")
    level = record.figures.get("talent.skill_level")
    if not level:
        return False, _("No skill level recorded.")
    awarded = record.figures.get("talent.skill_awarded_on")
    shown = _level_name(level) + (f"（{awarded:%Y-%m-%d}）" if awarded else "")
    return skill_rank(level) >= skill_rank(int(params["level"])), shown


def _results_years(record: Record, params) -> tuple[bool | None, str]:
    first = record.figures.get("proposals.first_adopted")
    if first is None:
        return False, _("No adopted proposal yet.")
    years = int(params["years"])
    since = _("First proposal adopted on %(date)s.") % {"date": f"{first:%Y-%m-%d}"}
    try:
        anniversary = first.replace(year=first.year + years)
    except ValueError:  # 29 February
        anniversary = first.replace(year=first.year + years, day=28)
    return record.today >= anniversary, since


def _min_adopted(record: Record, params) -> tuple[bool | None, str]:
    count = int(record.figures.get("proposals.adopted") or 0)
    return count >= int(params["count"]), _("%(count)d adopted proposals.") % {"count": count}


def _min_savings(record: Record, params) -> tuple[bool | None, str]:
    savings = Decimal(record.figures.get("proposals.savings") or 0)
    return savings >= Decimal(str(params["yuan"])), _("Verified savings %(amount)s a year.") % {"amount": yuan(savings)}


def _not_enterprise_head(record: Record, params) -> tuple[bool | None, str]:
    profile = record.profile
    position = profile.position or _("no position recorded")
    if profile.enterprise_head:
        return False, _("Recorded as an enterprise head (%(position)s).") % {"position": position}
    return True, _("Not an enterprise head (%(position)s).") % {"position": position}


def _holds_honour(record: Record, params) -> tuple[bool | None, str]:
    category, least = params["category"], params["level"]
    rank = LEVEL_ORDER.index(least)
    held = [
        h
        for h in record.honours
        if h.honour_type.category == category and LEVEL_ORDER.index(h.honour_type.level) >= rank
    ]
    if not held:
        return False, _("No such honour confirmed.")
    best = max(held, key=lambda h: (LEVEL_ORDER.index(h.honour_type.level), h.year))
    return True, f"{best.honour_type.name}（{best.year}）"


def _decimal(value) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(value) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(value)
    return str(amount)


def _positive(value) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _skill(value) -> int:
    return int(SkillLevel(int(value)))


RULES: dict[str, Rule] = {
    "min_skill_level": Rule(
        lambda p: _("Skill level at least %(level)s") % {"level": _level_name(p["level"])},
        _min_skill_level,
        {"level": _skill},
    ),
    "results_years": Rule(
        lambda p: _("At least %(years)s years of results") % {"years": p["years"]},
        _results_years,
        {"years": _positive},
    ),
    "min_adopted": Rule(
        lambda p: _("At least %(count)s adopted proposals") % {"count": p["count"]},
        _min_adopted,
        {"count": _positive},
    ),
    "min_savings": Rule(
        lambda p: _("Verified savings of at least %(amount)s a year") % {"amount": yuan(p["yuan"], 0)},
        _min_savings,
        {"yuan": _decimal},
    ),
    "not_enterprise_head": Rule(lambda p: _("Not an enterprise head"), _not_enterprise_head, {}),
    "holds_honour": Rule(
        lambda p: (
            _("Holds a %(category)s honour at %(level)s level or higher")
            % {"category": HonourCategory(p["category"]).label, "level": HonourLevel(p["level"]).label}
        ),
        _holds_honour,
        {"category": lambda v: str(HonourCategory(v)), "level": lambda v: str(HonourLevel(v))},
    ),
}


def clean_rules(rules) -> list[dict]:
    """An honour type's rules as stored, each rule known and its parameters read; ValueError otherwise."""
    cleaned = []
    for entry in rules or []:
        if not isinstance(entry, dict) or entry.get("rule") not in RULES:
            raise ValueError(entry)
        rule = RULES[entry["rule"]]
        cleaned.append({"rule": entry["rule"], **{name: parse(entry[name]) for name, parse in rule.params.items()}})
    return cleaned


def checks(honour_type, record: Record) -> list[Check]:
    """The honour type's rules over the record, in their order."""
    found = []
    for entry in honour_type.rules or []:
        rule = RULES.get(entry.get("rule"))
        if rule is None:
            continue
        met, evidence = rule.check(record, entry)
        found.append(Check(entry["rule"], rule.label(entry), met, evidence))
    return found


def all_met(found: list[Check]) -> bool:
    return all(check.met for check in found)


def confirmed(honours) -> tuple:
    return tuple(h for h in honours if h.state == HonourState.CONFIRMED)


def today() -> datetime.date:
    return timezone.localdate()
