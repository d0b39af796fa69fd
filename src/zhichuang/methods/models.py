"""Named methods (先进操作法): a method named after the front-line worker(s) who created it, its steps and
measured effects with evidence, the enterprises that took it up, the courses that teach it, and its
recognition level by level (MethodApplication, one per level, a workflow of its own: workflow.py).

A method lies in its enterprise (org_path) for scoping. `level` is the highest level it is recognised at and
`state` where its latest application stands; both are kept by the services in the transaction of the step.
`public` is true when it is recognised and every inventor consented to the public registry (services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.core.choices import quick_choice_labels
from zhichuang.core.files import random_name
from zhichuang.orgs.models import PATH_MAX, Organization
from zhichuang.workflow.models import TransitionRecord

from .enums import OPEN_STATES, ApplicationState, EffectKind, MethodLevel, MethodState

NAME_MAX = 60
DESCRIPTION_MAX = 3000
STEPS_MAX = 20
STEP_MAX = 300


def evidence_path(instance, filename: str) -> str:
    return random_name("methods/evidence", filename)


@quick_choice_labels
class NamedMethod(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX)
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    org_path = models.CharField(max_length=PATH_MAX)
    district = models.ForeignKey(
        Organization, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trade = models.CharField(_("trade"), max_length=50, blank=True)
    field = models.ForeignKey(
        "experts.TechnicalField",
        verbose_name=_("technical field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    steps = models.JSONField(_("steps"), default=list, blank=True)  # the steps in order, as texts
    # The inventors' names in share order ("王洪军、李明"), kept by the services for lists and the search.
    inventor_names = models.CharField(_("inventors"), max_length=200, blank=True)
    level = models.CharField(_("level reached"), max_length=12, choices=MethodLevel.choices, blank=True)
    recognised_year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=MethodState.choices, default=MethodState.ENTERED)
    public = models.BooleanField(_("in the public registry"), default=False)
    courses = models.ManyToManyField(
        "training.Training", verbose_name=_("courses that teach it"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("named method")
        verbose_name_plural = _("named methods")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["org_path", "id"], name="namedmethod_scope"),
            models.Index(fields=["level", "org_path", "id"], name="namedmethod_level"),
            models.Index(fields=["public", "id"], name="namedmethod_public"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("methods:detail", args=[self.pk])


class MethodInventor(models.Model):
    """One inventor and their share (the shares of a method add up to 100). consented_at: when the inventor
    agreed, on their own account, that the method may be listed in the public registry (None: not, or
    withdrawn)."""

    method = models.ForeignKey(NamedMethod, on_delete=models.CASCADE, related_name="inventors")
    worker = models.ForeignKey(
        "accounts.Worker", verbose_name=_("inventor"), on_delete=models.PROTECT, related_name="method_inventions"
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=1)
    consented_at = models.DateTimeField(_("consented to the public registry"), null=True, blank=True)

    class Meta:
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["method", "worker"], name="methodinventor_once")]
        indexes = [models.Index(fields=["worker", "method"], name="methodinventor_worker")]

    def __str__(self):
        return f"{self.method_id} {self.worker_id} {self.share}"


@quick_choice_labels
class MethodEffect(models.Model):
    """A measured effect: efficiency, quality, safety or savings, its value and unit, with evidence."""

    method = models.ForeignKey(NamedMethod, on_delete=models.CASCADE, related_name="effects")
    kind = models.CharField(_("kind"), max_length=12, choices=EffectKind.choices)
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    description = models.CharField(_("what was measured"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("measured effect")
        verbose_name_plural = _("measured effects")
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.value}{self.unit}"


class MethodAdoption(models.Model):
    """Another enterprise practising the method, since when, and the benefit it measured."""

    method = models.ForeignKey(NamedMethod, on_delete=models.CASCADE, related_name="adoptions")
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("practised since"))
    benefit = models.DecimalField(_("measured benefit"), max_digits=14, decimal_places=2, null=True, blank=True)
    benefit_unit = models.CharField(_("unit"), max_length=20, blank=True)
    description = models.CharField(_("what was measured"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["since", "id"]
        constraints = [models.UniqueConstraint(fields=["method", "enterprise"], name="methodadoption_once")]

    def __str__(self):
        return f"{self.method_id} {self.enterprise_id}"


@quick_choice_labels
class MethodApplication(models.Model):
    """An application for the method's recognition at one level (workflow.APPLICATION_WORKFLOW)."""

    method = models.ForeignKey(NamedMethod, on_delete=models.PROTECT, related_name="applications")
    level = models.CharField(_("level applied for"), max_length=12, choices=MethodLevel.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    state_changed_at = models.DateTimeField(default=timezone.now)
    # Copied from the method: the enterprise (where it is applied and endorsed), its district, the scope.
    enterprise = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=PATH_MAX)
    # The mean of the experts' weighted totals, once one has scored (services.score_record).
    score = models.DecimalField(_("expert score"), max_digits=5, decimal_places=2, null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recognition application")
        verbose_name_plural = _("recognition applications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["method"], condition=Q(state__in=OPEN_STATES), name="methodapplication_one_open"
            )
        ]
        indexes = [models.Index(fields=["state", "org_path"], name="methodapplication_waiting")]

    def __str__(self):
        return f"{self.method_id} {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("methods:detail", args=[self.method_id])


@quick_choice_labels
class ApplicationTransition(TransitionRecord):
    application = models.ForeignKey(MethodApplication, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=32, choices=ApplicationState.choices)
    to_state = models.CharField(_("to"), max_length=32, choices=ApplicationState.choices)


class MethodScore(models.Model):
    """An invited expert's scores of an application with the methods' scorecard (its criteria kept with the
    scores, so a later scorecard does not change what was scored)."""

    application = models.ForeignKey(MethodApplication, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("scored"), auto_now=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "evaluator"], name="methodscore_once")]

    def __str__(self):
        return f"{self.application_id} {self.evaluator_id} {self.total}"
