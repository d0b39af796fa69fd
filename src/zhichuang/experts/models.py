"""The expert pool (专家库): an expert is a talent profile (a worker, a partner organisation's person or an
independent) admitted by the city for a term, with the fields they review, their conflicts and every review
they were asked for (ReviewAssignment), whichever module the reviewed item belongs to.

Tags (ExpertTag) are one table for both kinds, a GB/T 4754 division ("i:C34") and a technical field of the
city's list ("f:12"), so that matching finds its candidates with one indexed IN over one column.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.core.choices import quick_choice_labels
from zhichuang.orgs.models import PATH_MAX, Organization
from zhichuang.workflow.models import TransitionRecord

from .enums import DEFAULT_YEARLY_LIMIT, ExpertState, ExpertTitle, ReviewState

INDUSTRY_TAG = "i:"
FIELD_TAG = "f:"


def industry_tag(code: str) -> str:
    return f"{INDUSTRY_TAG}{code}"


def field_tag(field_id: int) -> str:
    return f"{FIELD_TAG}{field_id}"


class TechnicalField(models.Model):
    """A technical field of the city's list (数控加工, 焊接工艺, …), which the city extends."""

    name = models.CharField(_("technical field"), max_length=30, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("technical field")
        verbose_name_plural = _("technical fields")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


@quick_choice_labels
class Expert(models.Model):
    profile = models.OneToOneField(
        "talent.TalentProfile", verbose_name=_("talent profile"), on_delete=models.PROTECT, related_name="expert"
    )
    # Who acts for the expert on the platform (accepts and scores reviews): the profile's worker's account,
    # or an account the city links for a person outside the enterprises. None: invitations go on paper.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="expert_memberships"
    )
    title = models.CharField(_("professional title"), max_length=20, choices=ExpertTitle.choices, blank=True)
    fields = models.ManyToManyField(TechnicalField, verbose_name=_("technical fields"), blank=True, related_name="+")
    industries = models.JSONField(_("industries"), default=list, blank=True)  # GB/T 4754 divisions, for display
    # What the expert says they know, beside the tags (the text matching reads it with the profile's).
    expertise = models.CharField(_("fields of expertise"), max_length=300, blank=True)
    # The words matching compares with an item's text: the tags' names, this expertise and the profile's.
    match_text = models.TextField(blank=True)
    employer_credit_code = models.CharField(_("employer's unified social credit code"), max_length=18, blank=True)
    district = models.ForeignKey(
        Organization, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Scope: the district's path, the city's for an expert outside every district.
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    busy_until = models.DateField(_("busy until"), null=True, blank=True)
    yearly_limit = models.PositiveSmallIntegerField(_("reviews a year at most"), default=DEFAULT_YEARLY_LIMIT)
    state = models.CharField(_("state"), max_length=12, choices=ExpertState.choices, default=ExpertState.APPLIED)
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org_path", "id"], name="expert_scope"),
            models.Index(fields=["state", "org_path"], name="expert_waiting"),
        ]

    def __str__(self):
        return self.profile.name if self.profile_id else str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("experts:expert", args=[self.pk])


class ExpertTag(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=12)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "expert"], name="experttag_unique")]

    def __str__(self):
        return self.tag


class ExpertConflict(models.Model):
    """A declared conflict of interest: an organisation (by credit code) or a person (a talent profile)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    person = models.ForeignKey(
        "talent.TalentProfile",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("relation"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(credit_code="") | Q(person__isnull=False), name="expertconflict_names_someone"
            )
        ]

    def __str__(self):
        return self.credit_code or str(self.person_id)


@quick_choice_labels
class ExpertTransition(TransitionRecord):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=ExpertState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=ExpertState.choices)


@quick_choice_labels
class ReviewAssignment(models.Model):
    """An expert asked to review one item of a module (kind "proposal" and the proposal's id)."""

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(_("kind"), max_length=20)
    item_id = models.BigIntegerField()
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(max_length=200)  # where the expert opens and scores the item (its module's page)
    # The item's organisation: who invited sees the assignments of their scope.
    org_path = models.CharField(max_length=PATH_MAX, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=12, choices=ReviewState.choices, default=ReviewState.INVITED)
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("due"), null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    done_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "item_id", "expert"],
                condition=~Q(state=ReviewState.DECLINED),
                name="reviewassignment_once",
            )
        ]
        indexes = [
            models.Index(fields=["expert", "year", "state"], name="reviewassignment_load"),
            models.Index(fields=["kind", "item_id"], name="reviewassignment_item"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experts:mine")


@quick_choice_labels
class ReviewTransition(TransitionRecord):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=ReviewState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=ReviewState.choices)
