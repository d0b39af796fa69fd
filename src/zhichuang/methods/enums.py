from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MethodLevel(models.TextChoices):
    """The levels a named method is recognised at, lowest first (承钢: plant and company; the city's ladder
    goes on to the district, the city and the province)."""

    ENTERPRISE = "enterprise", pgettext_lazy("method level", "Enterprise")
    DISTRICT = "district", pgettext_lazy("method level", "District/county")
    CITY = "city", pgettext_lazy("method level", "City")
    PROVINCIAL = "provincial", pgettext_lazy("method level", "Provincial")


# The list's filter for "recognised at any level" (beside the levels themselves).
ANY_LEVEL = "any"

LEVEL_ORDER = (MethodLevel.ENTERPRISE, MethodLevel.DISTRICT, MethodLevel.CITY, MethodLevel.PROVINCIAL)


def level_rank(level: str) -> int:
    """0 for none, 1 for the enterprise's … 4 for the province's."""
    return LEVEL_ORDER.index(level) + 1 if level in LEVEL_ORDER else 0


def next_level(level: str) -> str:
    """The level an application may be made for next: one above the level reached ("" at the top)."""
    rank = level_rank(level)
    return LEVEL_ORDER[rank] if rank < len(LEVEL_ORDER) else ""


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPLIED = "applied", _("Awaiting the enterprise's endorsement")
    ENDORSED = "endorsed", _("Awaiting the district's review")
    REVIEWING = "reviewing", _("Under expert review")
    RECOGNISED = "recognised", pgettext_lazy("method state", "Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Not passed by the district")


OPEN_STATES = (
    ApplicationState.APPLIED,
    ApplicationState.ENDORSED,
    ApplicationState.REVIEWING,
    ApplicationState.RETURNED,
)


class MethodState(models.TextChoices):
    """Where a method stands: its latest application's state, or entered (never applied)."""

    ENTERED = "entered", _("Entered, not applied")
    APPLIED = "applied", _("Awaiting the enterprise's endorsement")
    ENDORSED = "endorsed", _("Awaiting the district's review")
    REVIEWING = "reviewing", _("Under expert review")
    RECOGNISED = "recognised", pgettext_lazy("method state", "Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Not passed by the district")


class EffectKind(models.TextChoices):
    EFFICIENCY = "efficiency", _("Efficiency")
    QUALITY = "quality", _("Quality")
    SAFETY = "safety", _("Safety")
    SAVINGS = "savings", _("Savings")
