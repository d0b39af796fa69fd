from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HonourCategory(models.TextChoices):
    """What an honour makes its holder in the talent pool (TalentCategory), or nothing of the kind."""

    MODEL_WORKER = "model_worker", _("Model worker")
    CRAFTSMAN = "craftsman", _("Craftsman")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert (技术能手)")
    OTHER = "other", _("Other honour")


class HonourLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", pgettext_lazy("honour level", "City")
    DISTRICT = "district", pgettext_lazy("honour level", "District/county")
    ENTERPRISE = "enterprise", pgettext_lazy("honour level", "Enterprise")


# Lowest first: an honour at or above the city's level is confirmed by the city after the district's check.
LEVEL_ORDER = (
    HonourLevel.ENTERPRISE,
    HonourLevel.DISTRICT,
    HonourLevel.CITY,
    HonourLevel.PROVINCIAL,
    HonourLevel.NATIONAL,
)
CITY_CONFIRMS = frozenset({HonourLevel.CITY, HonourLevel.PROVINCIAL, HonourLevel.NATIONAL})


class HonourState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOMINATED = "nominated", _("Awaiting the district's check")
    VERIFIED = "verified", _("Checked, awaiting the city")
    CONFIRMED = "confirmed", _("Confirmed")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Not confirmed")


class TalentCategory(models.TextChoices):
    """The talent pool's categories, each following from a person's record (profile_refresh)."""

    MODEL_WORKER = "model_worker", _("Model worker")
    CRAFTSMAN = "craftsman", _("Craftsman")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert (技术能手)")
    CHIEF_TECHNICIAN = "chief_technician", _("Chief technician")
    HIGH_SKILLED = "high_skilled", _("Highly skilled worker")
    EXPERT = "expert", _("Expert")


class SkillEntryState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class ConsentPart(models.TextChoices):
    """What a person may choose to show on the public talent pages (PIPL consent, one choice each)."""

    LISTED = "public", _("My name, employer and categories")
    PHOTO = "public_photo", _("My photo")
    HONOURS = "public_honours", _("My honours")
    METHODS = "public_methods", _("My named methods")
    BIOGRAPHY = "public_biography", _("My biography")
