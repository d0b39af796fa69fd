"""The city's settings for 师带徒, read through one function so that a settings model can replace the
constants without touching their readers (厦门's rule: at most five apprentices per master at once;
衢江's: a reward for the master when the apprentice passes)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class ApprenticeshipPolicy:
    max_apprentices: int  # pairs of one master proposed or active at once
    master_reward: Decimal  # due to the master when an apprentice passes the assessment (yuan)
    min_years: int
    max_years: int


def apprenticeship_policy() -> ApprenticeshipPolicy:
    """The city's policy; ZHICHUANG_APPRENTICESHIP (a dict of the fields) in the settings overrides it."""
    chosen = getattr(settings, "ZHICHUANG_APPRENTICESHIP", {})
    return ApprenticeshipPolicy(
        max_apprentices=int(chosen.get("max_apprentices", 5)),
        master_reward=Decimal(str(chosen.get("master_reward", "2000.00"))),
        min_years=int(chosen.get("min_years", 1)),
        max_years=int(chosen.get("max_years", 3)),
    )
