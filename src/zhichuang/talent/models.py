"""The talent pool (创新人才库): a person's profile, their honours as records with a workflow, the
categories that follow from them, and every worker's skill-level ledger (职业技能等级).

A profile belongs to a worker (accounts.Worker) or to a person of a partner organisation, or to an
independent person (no organisation). Categories are never typed in: profile_refresh derives them from
the confirmed honours, the skill level and the expert pool (services.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.enums import ProfessionalTitle, SkillLevel
from zhichuang.core.choices import quick_choice_labels
from zhichuang.core.files import random_name
from zhichuang.orgs.models import PATH_MAX, Organization
from zhichuang.workflow.models import TransitionRecord

from .enums import HonourCategory, HonourLevel, HonourState, SkillEntryState, TalentCategory

BIOGRAPHY_MAX = 2000


def photo_path(instance, filename: str) -> str:
    return random_name("talent/photos", filename)


def evidence_path(instance, filename: str) -> str:
    return random_name("talent/evidence", filename)


class TalentProfile(models.Model):
    worker = models.OneToOneField(
        "accounts.Worker",
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talent_profile",
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    # The worker's enterprise, a partner organisation's person's organisation, or none (independent).
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where the profile lies for scoping: the worker's enterprise; the city for everyone else.
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)
    district = models.ForeignKey(
        Organization, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    industry = models.CharField(_("industry"), max_length=2, blank=True)
    # The worker's skill level (Worker.skill_level, the latest confirmed ledger entry), kept here by
    # profile_refresh and whenever the worker is saved (listeners.py), so the list filters by it without
    # joining the city's workers.
    skill_level = models.PositiveSmallIntegerField(_("skill level"), choices=SkillLevel.choices, null=True, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    # An eligibility rule of some honours reads it ("the first inventor may not be an enterprise head").
    enterprise_head = models.BooleanField(_("enterprise head"), default=False)
    professional_title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, blank=True
    )
    expertise = models.CharField(_("fields of expertise"), max_length=300, blank=True)
    biography = models.TextField(_("biography"), max_length=BIOGRAPHY_MAX, blank=True)
    # The names of the person's named methods (先进操作法), kept by their module for the search.
    methods = models.CharField(_("named methods"), max_length=1000, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_path, max_length=200, blank=True)
    # Derived (profile_refresh): the categories in words, in order, for lists; ProfileCategory for filters.
    categories = models.CharField(_("categories"), max_length=200, blank=True)
    # Consent (PIPL): what the public talent pages may show. Nothing unless the person chose it.
    public = models.BooleanField(_("listed publicly"), default=False)
    public_photo = models.BooleanField(_("photo public"), default=False)
    public_honours = models.BooleanField(_("honours public"), default=False)
    public_methods = models.BooleanField(_("named methods public"), default=False)
    public_biography = models.BooleanField(_("biography public"), default=False)
    consent_changed_at = models.DateTimeField(_("consent changed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org_path", "id"], name="talentprofile_scope"),
            models.Index(fields=["public", "id"], name="talentprofile_public"),
            models.Index(fields=["skill_level", "org_path"], name="talentprofile_skill"),
        ]

    def __str__(self):
        return self.name


class ProfileCategory(models.Model):
    """One category a profile holds now, at a level where it has one (劳动模范 national): for the filters."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="held_categories")
    category = models.CharField(_("category"), max_length=20, choices=TalentCategory.choices)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices, blank=True)

    class Meta:
        verbose_name = _("talent category")
        verbose_name_plural = _("talent categories")
        constraints = [models.UniqueConstraint(fields=["profile", "category", "level"], name="profilecategory_unique")]
        indexes = [models.Index(fields=["category", "level", "profile"], name="profilecategory_filter")]

    def __str__(self):
        return f"{self.profile_id} {self.category} {self.level}"


class HonourType(models.Model):
    """An honour of the city's controlled list (全国劳动模范, 市五一劳动奖章, …), which the city extends.

    rules: the eligibility checks a nomination is shown beside, [{"rule": "min_skill_level", "level": 2}, …]
    (eligibility.RULES names them)."""

    name = models.CharField(_("honour"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=HonourCategory.choices)
    level = models.CharField(_("level"), max_length=12, choices=HonourLevel.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=100, blank=True)
    rules = models.JSONField(_("eligibility rules"), default=list, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("honour type")
        verbose_name_plural = _("honour types")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


@quick_choice_labels
class Honour(models.Model):
    """A person's honour, entered (or nominated) by their enterprise union, checked by the district and,
    from the city's level up, confirmed by the city (workflow.HONOUR_WORKFLOW)."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.PROTECT, related_name="honours")
    honour_type = models.ForeignKey(HonourType, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    issuing_body = models.CharField(_("issuing body"), max_length=100, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=HonourState.choices, default=HonourState.DRAFT)
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    # Copied from the profile when it is entered: the organisation whose union entered it, and the scope.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)
    district = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "honour_type", "year"],
                condition=~Q(state=HonourState.REJECTED),
                name="honour_once_a_year",
            )
        ]
        indexes = [models.Index(fields=["state", "org_path"], name="honour_waiting")]

    def __str__(self):
        return f"{self.profile_id} {self.honour_type_id} {self.year}"


@quick_choice_labels
class HonourTransition(TransitionRecord):
    honour = models.ForeignKey(Honour, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=HonourState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=HonourState.choices)


class SkillLevelEntry(models.Model):
    """One change of a worker's vocational skill level (职业技能等级), with its certificate and evidence.
    The worker's level (Worker.skill_level) is that of the latest confirmed entry. A rule may propose an
    entry (an apprentice passed the assessment), which a person then confirms or declines."""

    worker = models.ForeignKey("accounts.Worker", on_delete=models.PROTECT, related_name="skill_entries")
    level = models.PositiveSmallIntegerField(_("skill level"), choices=SkillLevel.choices)
    awarded_on = models.DateField(_("date awarded"))
    certificate_no = models.CharField(_("certificate number"), max_length=50, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=100, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=SkillEntryState.choices, default=SkillEntryState.CONFIRMED
    )
    # Where a proposed entry came from, in words ("师带徒考核通过"), and the rule that proposed it.
    source = models.CharField(_("source"), max_length=200, blank=True)
    rule = models.CharField(max_length=40, blank=True)
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)  # the worker's enterprise, for scoping
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill level entry")
        verbose_name_plural = _("skill level entries")
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["worker", "state", "awarded_on"], name="skillentry_latest")]

    def __str__(self):
        return f"{self.worker_id} {self.level} {self.awarded_on}"
