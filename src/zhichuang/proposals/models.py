"""Models of proposals and their records (claims, rewards, evaluations, campaigns, settings): one file,
longer than 500 lines, because they are one aggregate that migrations and the admin read together.

五小 proposals and rational suggestions: from a draft to verified savings and paid rewards.

Every write goes through proposals/services.py or the one transition function in
proposals/workflow.py; every read a user makes goes through proposals/selectors.py.
Money is Decimal quantised to the fen (0.01 yuan), never float.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichuang.core.choices import quick_choice_labels
from zhichuang.core.files import random_name
from zhichuang.orgs.models import PATH_MAX, Organization
from zhichuang.workflow.models import TransitionRecord

from .enums import (
    WAITING_STATES,
    AttachmentPurpose,
    BenefitCategory,
    BenefitType,
    ClaimStatus,
    Grade,
    ProposalKind,
    ProposalState,
    RecommendationLevel,
)

# The statistics rollup's tables belong to this app (proposals/rollup/).
from .rollup.models import ParticipationCount, ProposerYear, RollupYear, StatCell  # noqa: F401

MONEY = {"max_digits": 14, "decimal_places": 2}


def attachment_path(instance, filename: str) -> str:
    return random_name("proposals", filename)


def thumbnail_path(instance, filename: str) -> str:
    return random_name("proposals/thumbs", filename)


def evidence_path(instance, filename: str) -> str:
    return random_name("benefits", filename)


class Campaign(models.Model):
    """A themed, time-boxed call for proposals (征集活动) by an enterprise, a district or the city."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"))
    target_count = models.PositiveIntegerField(_("target number of proposals"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["organization", "-starts_on"])]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


@quick_choice_labels
class Proposal(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices, db_index=True)
    problem = models.TextField(_("current situation and problem"), blank=True)
    change = models.TextField(_("proposed change"), blank=True)
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    benefit_types = models.JSONField(_("kinds of benefit"), default=list, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)

    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="proposals"
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Denormalised from the enterprise at creation, for scope and statistics without joins.
    district = models.ForeignKey(Organization, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=PATH_MAX, editable=False)
    industry = models.CharField(_("industry"), max_length=2, blank=True, db_index=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    lead = models.ForeignKey(
        "accounts.Worker", verbose_name=_("lead proposer"), on_delete=models.PROTECT, related_name="led_proposals"
    )

    state = models.CharField(_("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.DRAFT)
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    # Service deadline of the current waiting step; null when nobody but the proposer is expected to act.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    implemented_at = models.DateTimeField(_("implemented"), null=True, blank=True)
    verified_at = models.DateTimeField(_("benefit verified"), null=True, blank=True)
    rewarded_at = models.DateTimeField(_("rewarded"), null=True, blank=True)
    # Each submission (the first and every resubmission) opens a new evaluation round.
    round = models.PositiveSmallIntegerField(_("evaluation round"), default=0)

    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
    )
    recommended_level = models.CharField(
        _("recommended as"), max_length=16, choices=RecommendationLevel.choices, blank=True
    )
    # The next level's decision not to take the recommendation further (不予推荐): it no longer waits on it.
    recommendation_declined_at = models.DateTimeField(_("not recommended further"), null=True, blank=True)
    recommendation_declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recommendation_decline_reason = models.TextField(_("why not recommended further"), blank=True)
    implementation_evidence = models.TextField(_("implementation evidence"), blank=True)
    # Net annual benefit of the latest verified claim, corrections applied.
    net_annual_benefit = models.DecimalField(_("net annual benefit"), null=True, blank=True, **MONEY)
    # Sum of the current net figures of all verified claims (every year recorded).
    verified_benefit_total = models.DecimalField(_("verified benefit, all years"), null=True, blank=True, **MONEY)
    reward_total = models.DecimalField(_("reward"), max_digits=12, decimal_places=2, null=True, blank=True)
    # What has been paid out of it: the paid shares of the proposal's rewards (0.00 once decided).
    reward_paid = models.DecimalField(_("reward paid"), max_digits=12, decimal_places=2, null=True, blank=True)
    # The proposers agreed to publish the result (without personal data) in the public showcase.
    # Every proposer agreed to publication (services.consent_set keeps it equal to the members' own).
    public_consent = models.BooleanField(_("may be published"), default=False)
    # Its notices in people's inboxes (zhichuang.notifications), deleted with it.
    notices = GenericRelation(
        "notifications.Notification",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="proposal",
    )

    version = models.PositiveIntegerField(default=1, editable=False)
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # Not auto_now_add: imported historical proposals keep their original dates.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Scope (org_path range) with the default order; the city-wide list walks created_at.
            models.Index(fields=["org_path", "-created_at"], name="proposal_scope_created"),
            # A list's capped count (scope, drafts excluded) from the index alone: 24 -> 1.7 ms for a district at 1M.
            models.Index(fields=["org_path"], name="proposal_scope_visible", condition=~models.Q(state="draft")),
            # The public showcase: the few city excellent results published with consent.
            models.Index(
                fields=["kind"],
                name="proposal_showcase",
                condition=models.Q(recommended_level="city", public_consent=True),
            ),
            # The home page's "recommended to you" card: the few items recommended within a scope
            # (a district's count and newest rows at 1M: 115 and 55 ms without it).
            models.Index(
                fields=["recommended_level", "org_path"],
                name="proposal_recommended",
                condition=~models.Q(recommended_level=""),
            ),
            # A scope's overdue items (the home page's card, the list's filter), counted from the index.
            models.Index(
                fields=["org_path", "due_at"],
                name="proposal_scope_waiting",
                condition=models.Q(state__in=sorted(WAITING_STATES)),
            ),
            models.Index(fields=["-created_at", "-id"], name="proposal_created"),
            models.Index(fields=["state", "-created_at"], name="proposal_state_created"),
            models.Index(fields=["enterprise", "state"], name="proposal_enterprise_state"),
            models.Index(fields=["district", "state"], name="proposal_district_state"),
            models.Index(fields=["-submitted_at"], name="proposal_submitted"),
            models.Index(fields=["state", "due_at"], name="proposal_due", condition=models.Q(due_at__isnull=False)),
            models.Index(
                fields=["net_annual_benefit"],
                name="proposal_benefit",
                condition=models.Q(net_annual_benefit__isnull=False),
            ),
        ]
        constraints = [
            # A proposal is created (as a draft, or imported) before it is submitted. The list's date
            # filter relies on it: "submitted by D" implies "created by D", which the created_at index
            # can answer without walking every newer proposal (selectors.proposal_list).
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | models.Q(submitted_at__gte=models.F("created_at")),
                name="proposal_submitted_after_created",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()


class ProposalMember(models.Model):
    """A proposer: the lead and co-proposers, each with a contribution share (the shares sum to 100.00)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members")
    worker = models.ForeignKey(
        "accounts.Worker", verbose_name=_("proposer"), on_delete=models.PROTECT, related_name="proposal_memberships"
    )
    share = models.DecimalField(_("contribution share (%)"), max_digits=5, decimal_places=2)
    is_lead = models.BooleanField(_("lead proposer"), default=False)
    # Each proposer's own say; Proposal.public_consent holds whether all of them agreed.
    public_consent = models.BooleanField(_("agrees to publication"), default=False)

    class Meta:
        verbose_name = _("proposer")
        verbose_name_plural = _("proposers")
        ordering = ["-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "worker"], name="proposal_member_unique")]

    def __str__(self):
        return f"{self.worker} {self.share}%"


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.PROPOSAL
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@quick_choice_labels
class Transition(TransitionRecord):
    """One recorded state change of a proposal: who, when, from, to, why (workflow.PROPOSAL_WORKFLOW)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=ProposalState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=ProposalState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["proposal", "at"])]


class StepDeadline(models.Model):
    """Service deadline for one waiting state, set by an organisation for its subtree.

    The nearest organisation above the enterprise that sets one wins; otherwise
    settings.PROPOSAL_STEP_DAYS applies (default 15 days).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=ProposalState.choices)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("service deadline")
        verbose_name_plural = _("service deadlines")
        constraints = [models.UniqueConstraint(fields=["organization", "state"], name="step_deadline_unique")]

    def __str__(self):
        return f"{self.organization} {self.state} {self.days}"


class Recommendation(models.Model):
    """A recommendation upward: enterprise → district → city excellent result (优秀成果)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="recommendations")
    level = models.CharField(_("level"), max_length=16, choices=RecommendationLevel.choices)
    # The organisation that recommends (its admin acted).
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "level"], name="recommendation_unique_level")]

    def __str__(self):
        return f"{self.proposal_id} {self.level}"


class Scorecard(models.Model):
    """An organisation's evaluation scorecard. Editing makes a new version; evaluations keep theirs.

    criteria: [{"key": "innovation", "name": "创新性", "weight": 30}, ...] (weights sum to 100)
    thresholds: [{"grade": "first", "min_score": 90}, ...] (below the lowest: not adopted is suggested)
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="scorecards")
    criteria = models.JSONField(_("criteria"))
    thresholds = models.JSONField(_("grade thresholds"))
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["organization", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="scorecard_unique_version"),
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(active=True), name="scorecard_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.organization} v{self.version}"


class Evaluation(models.Model):
    """One evaluator's scores (0–100 per criterion) in one round; total is the weighted sum."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="+"
    )
    scorecard = models.ForeignKey(Scorecard, on_delete=models.PROTECT, related_name="evaluations")
    round = models.PositiveSmallIntegerField(default=1)
    scores = models.JSONField(_("scores"))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("scored"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round", "evaluator"], name="evaluation_one_per_evaluator")
        ]

    def __str__(self):
        return f"{self.proposal_id} {self.evaluator_id} {self.total}"


class BenefitClaim(models.Model):
    """Itemised economic benefit for one period, checked by a finance verifier.

    Once verified, gross/net never change except through a BenefitCorrection; verified_gross
    and verified_net keep the figures as first verified, so totals can show both.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="benefit_claims")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    implementation_cost = models.DecimalField(_("implementation cost"), default=0, **MONEY)
    status = models.CharField(_("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    gross = models.DecimalField(_("gross benefit"), default=0, **MONEY)
    annual_gross = models.DecimalField(_("annualised gross benefit"), default=0, **MONEY)
    net = models.DecimalField(_("net annual benefit"), default=0, **MONEY)
    verified_gross = models.DecimalField(_("gross benefit as verified"), null=True, blank=True, **MONEY)
    verified_net = models.DecimalField(_("net annual benefit as verified"), null=True, blank=True, **MONEY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("benefit claim")
        verbose_name_plural = _("benefit claims")
        ordering = ["period_start", "id"]
        indexes = [models.Index(fields=["status", "verified_at"])]

    def __str__(self):
        return f"{self.proposal_id} {self.period_start}–{self.period_end}"

    @property
    def is_locked(self) -> bool:
        return self.status == ClaimStatus.VERIFIED

    @property
    def is_corrected(self) -> bool:
        return self.verified_net is not None and self.verified_net != self.net


@quick_choice_labels
class ClaimTransition(TransitionRecord):
    """One step of a benefit claim: submitted, verified or returned by finance (benefits.CLAIM_WORKFLOW)."""

    claim = models.ForeignKey(BenefitClaim, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=ClaimStatus.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=ClaimStatus.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("benefit claim step")
        verbose_name_plural = _("benefit claim steps")
        indexes = [models.Index(fields=["claim", "at"], name="claim_transition_at")]


class BenefitLine(models.Model):
    claim = models.ForeignKey(BenefitClaim, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=16, choices=BenefitCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)

    class Meta:
        verbose_name = _("benefit line")
        verbose_name_plural = _("benefit lines")
        ordering = ["id"]

    def __str__(self):
        return f"{self.description} {self.amount}"


class BenefitTag(models.Model):
    """A non-economic benefit (safety, quality, environment, efficiency) with a description."""

    claim = models.ForeignKey(BenefitClaim, on_delete=models.CASCADE, related_name="tags")
    benefit_type = models.CharField(_("kind of benefit"), max_length=16, choices=BenefitType.choices)
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        verbose_name = _("non-economic benefit")
        verbose_name_plural = _("non-economic benefits")
        ordering = ["id"]

    def __str__(self):
        return f"{self.benefit_type}: {self.description}"


class BenefitCorrection(models.Model):
    """A finance correction of verified figures: both the original and the corrected ones are kept."""

    claim = models.ForeignKey(BenefitClaim, on_delete=models.CASCADE, related_name="corrections")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    original_gross = models.DecimalField(**MONEY)
    original_net = models.DecimalField(_("original net"), **MONEY)
    corrected_gross = models.DecimalField(**MONEY)
    corrected_net = models.DecimalField(_("corrected net"), **MONEY)
    # {"before": [line, ...], "after": [line, ...]} with amounts as strings.
    lines = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("benefit correction")
        verbose_name_plural = _("benefit corrections")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.claim_id}: {self.original_net} → {self.corrected_net}"


class RewardRule(models.Model):
    """An organisation's reward rule; the version in force on the decision date applies.

    reward = grade_amounts[grade] + benefit_percent % of the verified net annual benefit, at most cap.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reward_rules")
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("effective from"))
    grade_amounts = models.JSONField(_("amount by grade"))  # {"first": "5000.00", ...}
    benefit_percent = models.DecimalField(_("share of net benefit (%)"), max_digits=5, decimal_places=2, default=0)
    cap = models.DecimalField(_("cap"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward rule")
        verbose_name_plural = _("reward rules")
        ordering = ["organization", "-effective_from", "-version"]
        constraints = [models.UniqueConstraint(fields=["organization", "version"], name="reward_rule_unique_version")]

    def __str__(self):
        return f"{self.organization} v{self.version} ({self.effective_from})"


class Reward(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rewards")
    rule = models.ForeignKey(RewardRule, on_delete=models.PROTECT, related_name="rewards")
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    benefit_basis = models.DecimalField(_("net benefit counted"), default=0, **MONEY)
    grade_amount = models.DecimalField(_("amount for the grade"), max_digits=12, decimal_places=2)
    benefit_amount = models.DecimalField(_("amount from benefit"), max_digits=12, decimal_places=2)
    capped = models.BooleanField(_("capped"), default=False)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["decided_at", "id"]

    def __str__(self):
        return f"{self.proposal_id} {self.total}"


class RewardShare(models.Model):
    """One proposer's part of a reward; what is owed and paid for it is its payout in the shared ledger."""

    reward = models.ForeignKey(Reward, on_delete=models.CASCADE, related_name="shares")
    worker = models.ForeignKey(
        "accounts.Worker", verbose_name=_("proposer"), on_delete=models.PROTECT, related_name="reward_shares"
    )
    share = models.DecimalField(_("contribution share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    payout = models.OneToOneField(
        "payouts.Payout", verbose_name=_("payout"), on_delete=models.PROTECT, related_name="reward_share"
    )

    class Meta:
        verbose_name = _("reward share")
        verbose_name_plural = _("reward shares")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["reward", "worker"], name="reward_share_unique")]

    def __str__(self):
        return f"{self.worker} {self.amount}"


class ProposalSequence(models.Model):
    """The last number handed out per year, for gapless-ish proposal numbers P2026-000123."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"
