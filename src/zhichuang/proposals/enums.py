from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalKind(models.TextChoices):
    """The five 五小 kinds and the lighter rational suggestion (合理化建议)."""

    INVENTION = "invention", _("Small invention")
    CREATION = "creation", _("Small creation")
    INNOVATION = "innovation", _("Small innovation")
    DESIGN = "design", _("Small design")
    SMALL_SUGGESTION = "small_suggestion", _("Small suggestion")
    RATIONAL = "rational", _("Rational suggestion")


FIVE_SMALL_KINDS = frozenset(
    {
        ProposalKind.INVENTION,
        ProposalKind.CREATION,
        ProposalKind.INNOVATION,
        ProposalKind.DESIGN,
        ProposalKind.SMALL_SUGGESTION,
    }
)


class ProposalState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    EVALUATING = "evaluating", pgettext_lazy("proposal state", "Under evaluation")
    ADOPTED = "adopted", pgettext_lazy("proposal state", "Adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("proposal state", "Not adopted")
    RETURNED = "returned", pgettext_lazy("proposal state", "Returned for revision")
    IMPLEMENTING = "implementing", pgettext_lazy("proposal state", "Implementing")
    IMPLEMENTED = "implemented", pgettext_lazy("proposal state", "Implemented")
    VERIFIED = "verified", pgettext_lazy("proposal state", "Benefit verified")
    REWARDED = "rewarded", pgettext_lazy("proposal state", "Rewarded")
    MERGED = "merged", pgettext_lazy("proposal state", "Merged")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal state", "Withdrawn")


# States in which the proposal waits for the organisation to act: they carry a service deadline.
# Implementing is not one: how long a change takes to build depends on the change.
WAITING_STATES = frozenset(
    {
        ProposalState.SUBMITTED,
        ProposalState.EVALUATING,
        ProposalState.ADOPTED,
        ProposalState.IMPLEMENTED,
        ProposalState.VERIFIED,
    }
)
# States from which nothing moves on.
FINAL_STATES = frozenset(
    {ProposalState.NOT_ADOPTED, ProposalState.REWARDED, ProposalState.MERGED, ProposalState.WITHDRAWN}
)
# Adopted and beyond: counted as adopted in statistics.
ADOPTED_STATES = frozenset(
    {
        ProposalState.ADOPTED,
        ProposalState.IMPLEMENTING,
        ProposalState.IMPLEMENTED,
        ProposalState.VERIFIED,
        ProposalState.REWARDED,
    }
)


class BenefitType(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SAFETY = "safety", _("Safety")
    QUALITY = "quality", _("Quality")
    ENVIRONMENT = "environment", _("Environment")
    EFFICIENCY = "efficiency", _("Efficiency")


class RecommendationLevel(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise excellent result")
    DISTRICT = "district", _("District excellent result")
    CITY = "city", _("City excellent result")


class Grade(models.TextChoices):
    FIRST = "first", _("First grade")
    SECOND = "second", _("Second grade")
    THIRD = "third", _("Third grade")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("benefit claim status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("benefit claim status", "Submitted")
    VERIFIED = "verified", pgettext_lazy("benefit claim status", "Verified")
    RETURNED = "returned", pgettext_lazy("benefit claim status", "Returned")


class BenefitCategory(models.TextChoices):
    MATERIAL = "material", _("Material")
    ENERGY = "energy", _("Energy")
    LABOUR = "labour", _("Labour hours")
    QUALITY = "quality", _("Quality losses avoided")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class AttachmentPurpose(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    IMPLEMENTATION = "implementation", _("Implementation evidence")


# A proposal its proposers may still edit.
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.RETURNED)
