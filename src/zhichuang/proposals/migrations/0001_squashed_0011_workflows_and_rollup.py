"""proposals 0001–0011 squashed (issue 10): the tables, indexes and constraints as the chain left them.

The statistics rollup's four tables are created here under their old names (db_table statistics_*):
they moved to proposals in 0011 without moving a row (statistics 0003 took them out of that app's state).

Kept from the chain, PostgreSQL only and outside the models' state, as SQLite's embedded scale needs
neither: the index on (state, org_path, submitted_at) found with EXPLAIN ANALYZE at 1,000,000 proposals
(0002; docs/benchmarks.md, "Proposals at scale": a district's rewarded proposals of a year counted in
about 11 ms instead of 96–134), and the full-text search index (0010): GIN over the bigrams of title,
problem and change, the expression similarity.selectors.matching_text filters on for the proposal kind
(search_fields in proposals/module.py, in that order), built on similarity's zhichuang_bigrams().

Dropped: the backfills of 0005 (reward_paid of proposals rewarded before the column) and 0009 (the
lead's publication consent copied to the proposers), and 0010's rename of the index similarity 0002
once made: they only rewrote rows and names that a fresh database does not have.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import zhichuang.proposals.models
from zhichuang.core.migration_sql import run

FORWARDS = {
    "postgresql": [
        "CREATE INDEX proposal_state_scope_submitted ON proposals_proposal (state, org_path, submitted_at)",
        """
CREATE INDEX proposal_text_bigrams ON proposals_proposal
USING gin (zhichuang_bigrams(lower(title || ' ' || problem || ' ' || "change")))
""",
    ]
}
BACKWARDS = {
    "postgresql": [
        "DROP INDEX IF EXISTS proposal_state_scope_submitted",
        "DROP INDEX IF EXISTS proposal_text_bigrams",
    ]
}


class Migration(migrations.Migration):
    replaces = [
        ("proposals", "0001_initial"),
        ("proposals", "0002_scale_indexes"),
        ("proposals", "0003_submitted_after_created"),
        ("proposals", "0004_scope_visible_index"),
        ("proposals", "0005_reward_paid"),
        ("proposals", "0006_showcase_index"),
        ("proposals", "0007_reward_share_status"),
        ("proposals", "0008_home_card_indexes"),
        ("proposals", "0009_member_public_consent"),
        ("proposals", "0010_text_search_index"),
        ("proposals", "0011_workflows_and_rollup"),
    ]

    dependencies = [
        ("accounts", "0001_squashed_0008_role_assignment_newest"),
        ("orgs", "0001_initial"),
        ("similarity", "0001_squashed_0003_document_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProposalSequence",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("last", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="Campaign",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("theme", models.CharField(blank=True, max_length=100, verbose_name="theme")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("starts_on", models.DateField(verbose_name="opens on")),
                ("ends_on", models.DateField(verbose_name="closes on")),
                ("target_count", models.PositiveIntegerField(default=0, verbose_name="target number of proposals")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="campaigns",
                        to="orgs.organization",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "campaign",
                "verbose_name_plural": "campaigns",
                "ordering": ["-starts_on", "-id"],
                "indexes": [models.Index(fields=["organization", "-starts_on"], name="proposals_c_organiz_a3c356_idx")],
            },
        ),
        migrations.CreateModel(
            name="Proposal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name="number")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("invention", "Small invention"),
                            ("creation", "Small creation"),
                            ("innovation", "Small innovation"),
                            ("design", "Small design"),
                            ("small_suggestion", "Small suggestion"),
                            ("rational", "Rational suggestion"),
                        ],
                        db_index=True,
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("problem", models.TextField(blank=True, verbose_name="current situation and problem")),
                ("change", models.TextField(blank=True, verbose_name="proposed change")),
                ("expected_benefit", models.TextField(blank=True, verbose_name="expected benefit")),
                ("benefit_types", models.JSONField(blank=True, default=list, verbose_name="kinds of benefit")),
                ("keywords", models.CharField(blank=True, max_length=200, verbose_name="keywords")),
                ("org_path", models.CharField(editable=False, max_length=60)),
                ("industry", models.CharField(blank=True, db_index=True, max_length=2, verbose_name="industry")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("evaluating", "Under evaluation"),
                            ("adopted", "Adopted"),
                            ("not_adopted", "Not adopted"),
                            ("returned", "Returned for revision"),
                            ("implementing", "Implementing"),
                            ("implemented", "Implemented"),
                            ("verified", "Benefit verified"),
                            ("rewarded", "Rewarded"),
                            ("merged", "Merged"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                (
                    "state_changed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="state changed"),
                ),
                ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="due")),
                ("reminded_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("implemented_at", models.DateTimeField(blank=True, null=True, verbose_name="implemented")),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="benefit verified")),
                ("rewarded_at", models.DateTimeField(blank=True, null=True, verbose_name="rewarded")),
                ("round", models.PositiveSmallIntegerField(default=0, verbose_name="evaluation round")),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[("first", "First grade"), ("second", "Second grade"), ("third", "Third grade")],
                        max_length=8,
                        verbose_name="grade",
                    ),
                ),
                (
                    "score",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="score"),
                ),
                (
                    "recommended_level",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("enterprise", "Enterprise excellent result"),
                            ("district", "District excellent result"),
                            ("city", "City excellent result"),
                        ],
                        max_length=16,
                        verbose_name="recommended as",
                    ),
                ),
                ("implementation_evidence", models.TextField(blank=True, verbose_name="implementation evidence")),
                (
                    "net_annual_benefit",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="net annual benefit"
                    ),
                ),
                (
                    "verified_benefit_total",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="verified benefit, all years",
                    ),
                ),
                (
                    "reward_total",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="reward"),
                ),
                ("public_consent", models.BooleanField(default=False, verbose_name="may be published")),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                ("client_token", models.UUIDField(blank=True, editable=False, null=True, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposals",
                        to="proposals.campaign",
                        verbose_name="campaign",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="department",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="district",
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposals",
                        to="orgs.organization",
                        verbose_name="enterprise",
                    ),
                ),
                (
                    "lead",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="led_proposals",
                        to="accounts.worker",
                        verbose_name="lead proposer",
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="merged_duplicates",
                        to="proposals.proposal",
                        verbose_name="duplicate of",
                    ),
                ),
                (
                    "reward_paid",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="reward paid"
                    ),
                ),
            ],
            options={
                "verbose_name": "proposal",
                "verbose_name_plural": "proposals",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["org_path", "-created_at"], name="proposal_scope_created"),
                    models.Index(fields=["-created_at", "-id"], name="proposal_created"),
                    models.Index(fields=["state", "-created_at"], name="proposal_state_created"),
                    models.Index(fields=["enterprise", "state"], name="proposal_enterprise_state"),
                    models.Index(fields=["district", "state"], name="proposal_district_state"),
                    models.Index(fields=["-submitted_at"], name="proposal_submitted"),
                    models.Index(
                        condition=models.Q(("due_at__isnull", False)), fields=["state", "due_at"], name="proposal_due"
                    ),
                    models.Index(
                        condition=models.Q(("net_annual_benefit__isnull", False)),
                        fields=["net_annual_benefit"],
                        name="proposal_benefit",
                    ),
                    models.Index(
                        condition=models.Q(("state", "draft"), _negated=True),
                        fields=["org_path"],
                        name="proposal_scope_visible",
                    ),
                    models.Index(
                        condition=models.Q(("public_consent", True), ("recommended_level", "city")),
                        fields=["kind"],
                        name="proposal_showcase",
                    ),
                    models.Index(
                        condition=models.Q(("recommended_level", ""), _negated=True),
                        fields=["recommended_level", "org_path"],
                        name="proposal_recommended",
                    ),
                    models.Index(
                        condition=models.Q(
                            ("state__in", ["adopted", "evaluating", "implemented", "submitted", "verified"])
                        ),
                        fields=["org_path", "due_at"],
                        name="proposal_scope_waiting",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("submitted_at__isnull", True),
                            ("submitted_at__gte", models.F("created_at")),
                            _connector="OR",
                        ),
                        name="proposal_submitted_after_created",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="BenefitClaim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period_start", models.DateField(verbose_name="period from")),
                ("period_end", models.DateField(verbose_name="period until")),
                (
                    "implementation_cost",
                    models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name="implementation cost"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("verified", "Verified"),
                            ("returned", "Returned"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "gross",
                    models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name="gross benefit"),
                ),
                (
                    "annual_gross",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=14, verbose_name="annualised gross benefit"
                    ),
                ),
                (
                    "net",
                    models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name="net annual benefit"),
                ),
                (
                    "verified_gross",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="gross benefit as verified"
                    ),
                ),
                (
                    "verified_net",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="net annual benefit as verified",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                ("verified_at", models.DateTimeField(blank=True, null=True, verbose_name="verified")),
                ("return_reason", models.TextField(blank=True, verbose_name="reason for return")),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "verified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="verified by",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="benefit_claims",
                        to="proposals.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "benefit claim",
                "verbose_name_plural": "benefit claims",
                "ordering": ["period_start", "id"],
                "indexes": [models.Index(fields=["status", "verified_at"], name="proposals_b_status_76c62c_idx")],
            },
        ),
        migrations.CreateModel(
            name="BenefitCorrection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("reason", models.TextField(verbose_name="reason")),
                ("original_gross", models.DecimalField(decimal_places=2, max_digits=14)),
                ("original_net", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="original net")),
                ("corrected_gross", models.DecimalField(decimal_places=2, max_digits=14)),
                ("corrected_net", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="corrected net")),
                ("lines", models.JSONField(default=dict)),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="corrections",
                        to="proposals.benefitclaim",
                    ),
                ),
            ],
            options={
                "verbose_name": "benefit correction",
                "verbose_name_plural": "benefit corrections",
                "ordering": ["at", "id"],
            },
        ),
        migrations.CreateModel(
            name="BenefitLine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("material", "Material"),
                            ("energy", "Energy"),
                            ("labour", "Labour hours"),
                            ("quality", "Quality losses avoided"),
                            ("equipment", "Equipment"),
                            ("other", "Other"),
                        ],
                        max_length=16,
                        verbose_name="category",
                    ),
                ),
                ("description", models.CharField(max_length=200, verbose_name="description")),
                ("quantity", models.DecimalField(decimal_places=3, max_digits=14, verbose_name="quantity")),
                ("unit", models.CharField(blank=True, max_length=20, verbose_name="unit")),
                ("unit_price", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="unit price")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="amount")),
                (
                    "evidence",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=zhichuang.proposals.models.evidence_path,
                        verbose_name="evidence",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="lines", to="proposals.benefitclaim"
                    ),
                ),
            ],
            options={
                "verbose_name": "benefit line",
                "verbose_name_plural": "benefit lines",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="BenefitTag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "benefit_type",
                    models.CharField(
                        choices=[
                            ("economic", "Economic"),
                            ("safety", "Safety"),
                            ("quality", "Quality"),
                            ("environment", "Environment"),
                            ("efficiency", "Efficiency"),
                        ],
                        max_length=16,
                        verbose_name="kind of benefit",
                    ),
                ),
                ("description", models.CharField(max_length=500, verbose_name="description")),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="tags", to="proposals.benefitclaim"
                    ),
                ),
            ],
            options={
                "verbose_name": "non-economic benefit",
                "verbose_name_plural": "non-economic benefits",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=32)),
                ("message", models.CharField(max_length=500, verbose_name="message")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent")),
                ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="proposals.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "verbose_name_plural": "notifications",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["user", "-created_at"], name="notification_inbox"),
                    models.Index(
                        condition=models.Q(("read_at__isnull", True)), fields=["user"], name="notification_unread"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(
                        max_length=200, upload_to=zhichuang.proposals.models.attachment_path, verbose_name="file"
                    ),
                ),
                (
                    "thumbnail",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=zhichuang.proposals.models.thumbnail_path,
                        verbose_name="thumbnail",
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("size", models.PositiveIntegerField(verbose_name="size")),
                (
                    "purpose",
                    models.CharField(
                        choices=[("proposal", "Proposal"), ("implementation", "Implementation evidence")],
                        default="proposal",
                        max_length=16,
                        verbose_name="purpose",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="proposals.proposal"
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="ProposalMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("share", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="contribution share (%)")),
                ("is_lead", models.BooleanField(default=False, verbose_name="lead proposer")),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="members", to="proposals.proposal"
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="proposal_memberships",
                        to="accounts.worker",
                        verbose_name="proposer",
                    ),
                ),
                ("public_consent", models.BooleanField(default=False, verbose_name="agrees to publication")),
            ],
            options={
                "verbose_name": "proposer",
                "verbose_name_plural": "proposers",
                "ordering": ["-is_lead", "id"],
                "constraints": [models.UniqueConstraint(fields=("proposal", "worker"), name="proposal_member_unique")],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("enterprise", "Enterprise excellent result"),
                            ("district", "District excellent result"),
                            ("city", "City excellent result"),
                        ],
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.organization"
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recommendations",
                        to="proposals.proposal",
                    ),
                ),
                (
                    "recommended_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "recommendation",
                "verbose_name_plural": "recommendations",
                "ordering": ["at", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("proposal", "level"), name="recommendation_unique_level")
                ],
            },
        ),
        migrations.CreateModel(
            name="RewardRule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("effective_from", models.DateField(verbose_name="effective from")),
                ("grade_amounts", models.JSONField(verbose_name="amount by grade")),
                (
                    "benefit_percent",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=5, verbose_name="share of net benefit (%)"
                    ),
                ),
                (
                    "cap",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="cap"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="reward_rules", to="orgs.organization"
                    ),
                ),
            ],
            options={
                "verbose_name": "reward rule",
                "verbose_name_plural": "reward rules",
                "ordering": ["organization", "-effective_from", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("organization", "version"), name="reward_rule_unique_version")
                ],
            },
        ),
        migrations.CreateModel(
            name="Reward",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[("first", "First grade"), ("second", "Second grade"), ("third", "Third grade")],
                        max_length=8,
                        verbose_name="grade",
                    ),
                ),
                (
                    "benefit_basis",
                    models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name="net benefit counted"),
                ),
                (
                    "grade_amount",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount for the grade"),
                ),
                (
                    "benefit_amount",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount from benefit"),
                ),
                ("capped", models.BooleanField(default=False, verbose_name="capped")),
                ("total", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="total")),
                ("decided_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="decided")),
                (
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="rewards", to="proposals.proposal"
                    ),
                ),
                (
                    "rule",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="rewards", to="proposals.rewardrule"
                    ),
                ),
            ],
            options={
                "verbose_name": "reward",
                "verbose_name_plural": "rewards",
                "ordering": ["decided_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="RewardShare",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("share", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="contribution share (%)")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="amount")),
                (
                    "status",
                    models.CharField(
                        choices=[("pending", "Pending"), ("paid", "Paid")],
                        default="pending",
                        max_length=8,
                        verbose_name="status",
                    ),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid on")),
                ("voucher_no", models.CharField(blank=True, max_length=50, verbose_name="voucher number")),
                (
                    "paid_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reward",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="shares", to="proposals.reward"
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reward_shares",
                        to="accounts.worker",
                        verbose_name="proposer",
                    ),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name": "reward share",
                "verbose_name_plural": "reward shares",
                "ordering": ["id"],
                "constraints": [models.UniqueConstraint(fields=("reward", "worker"), name="reward_share_unique")],
                "indexes": [models.Index(fields=["status", "-id"], name="reward_share_status")],
            },
        ),
        migrations.CreateModel(
            name="Scorecard",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("criteria", models.JSONField(verbose_name="criteria")),
                ("thresholds", models.JSONField(verbose_name="grade thresholds")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("active", models.BooleanField(default=True, verbose_name="in use")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="scorecards", to="orgs.organization"
                    ),
                ),
            ],
            options={
                "verbose_name": "scorecard",
                "verbose_name_plural": "scorecards",
                "ordering": ["organization", "-version"],
                "constraints": [
                    models.UniqueConstraint(fields=("organization", "version"), name="scorecard_unique_version"),
                    models.UniqueConstraint(
                        condition=models.Q(("active", True)), fields=("organization",), name="scorecard_one_active"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Evaluation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("round", models.PositiveSmallIntegerField(default=1)),
                ("scores", models.JSONField(verbose_name="scores")),
                ("total", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="total")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="scored")),
                (
                    "evaluator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="evaluator",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="evaluations", to="proposals.proposal"
                    ),
                ),
                (
                    "scorecard",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evaluations",
                        to="proposals.scorecard",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation",
                "verbose_name_plural": "evaluations",
                "ordering": ["created_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("proposal", "round", "evaluator"), name="evaluation_one_per_evaluator"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StepDeadline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("evaluating", "Under evaluation"),
                            ("adopted", "Adopted"),
                            ("not_adopted", "Not adopted"),
                            ("returned", "Returned for revision"),
                            ("implementing", "Implementing"),
                            ("implemented", "Implemented"),
                            ("verified", "Benefit verified"),
                            ("rewarded", "Rewarded"),
                            ("merged", "Merged"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                        verbose_name="state",
                    ),
                ),
                ("days", models.PositiveSmallIntegerField(verbose_name="days")),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgs.organization"
                    ),
                ),
            ],
            options={
                "verbose_name": "service deadline",
                "verbose_name_plural": "service deadlines",
                "constraints": [models.UniqueConstraint(fields=("organization", "state"), name="step_deadline_unique")],
            },
        ),
        migrations.CreateModel(
            name="Transition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("evaluating", "Under evaluation"),
                            ("adopted", "Adopted"),
                            ("not_adopted", "Not adopted"),
                            ("returned", "Returned for revision"),
                            ("implementing", "Implementing"),
                            ("implemented", "Implemented"),
                            ("verified", "Benefit verified"),
                            ("rewarded", "Rewarded"),
                            ("merged", "Merged"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("evaluating", "Under evaluation"),
                            ("adopted", "Adopted"),
                            ("not_adopted", "Not adopted"),
                            ("returned", "Returned for revision"),
                            ("implementing", "Implementing"),
                            ("implemented", "Implemented"),
                            ("verified", "Benefit verified"),
                            ("rewarded", "Rewarded"),
                            ("merged", "Merged"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                        verbose_name="to",
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="transitions", to="proposals.proposal"
                    ),
                ),
            ],
            options={
                "verbose_name": "transition",
                "verbose_name_plural": "transitions",
                "ordering": ["at", "id"],
                "indexes": [models.Index(fields=["proposal", "at"], name="proposals_t_proposa_068dcb_idx")],
            },
        ),
        migrations.CreateModel(
            name="RollupYear",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("rebuilt_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "db_table": "statistics_rollupyear",
            },
        ),
        migrations.CreateModel(
            name="ParticipationCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("node_path", models.CharField(max_length=60)),
                ("year", models.PositiveSmallIntegerField()),
                ("proposers", models.PositiveIntegerField(default=0)),
            ],
            options={
                "db_table": "statistics_participationcount",
                "constraints": [models.UniqueConstraint(fields=("node_path", "year"), name="participation_key")],
            },
        ),
        migrations.CreateModel(
            name="ProposerYear",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("node_path", models.CharField(max_length=60)),
                ("year", models.PositiveSmallIntegerField()),
                ("worker_id", models.BigIntegerField()),
                ("proposals", models.PositiveIntegerField(default=0)),
            ],
            options={
                "db_table": "statistics_proposeryear",
                "constraints": [
                    models.UniqueConstraint(fields=("node_path", "year", "worker_id"), name="proposeryear_key")
                ],
            },
        ),
        migrations.CreateModel(
            name="StatCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("node_path", models.CharField(max_length=60)),
                ("depth", models.PositiveSmallIntegerField()),
                ("year", models.PositiveSmallIntegerField()),
                ("shape", models.PositiveSmallIntegerField(choices=[(1, "Year"), (2, "Month"), (3, "Industry")])),
                ("month", models.PositiveSmallIntegerField(default=0)),
                ("industry", models.CharField(blank=True, max_length=2)),
                ("kind", models.CharField(max_length=20)),
                ("state", models.CharField(max_length=16)),
                ("proposals", models.PositiveIntegerField(default=0)),
                ("net_benefit", models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                ("reward", models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                ("reward_paid", models.DecimalField(decimal_places=2, default=0, max_digits=18)),
            ],
            options={
                "db_table": "statistics_statcell",
                "indexes": [models.Index(fields=["year", "shape", "depth", "node_path"], name="statcell_children")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("node_path", "year", "shape", "month", "industry", "kind", "state"), name="statcell_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ClaimTransition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("verified", "Verified"),
                            ("returned", "Returned"),
                        ],
                        max_length=16,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("verified", "Verified"),
                            ("returned", "Returned"),
                        ],
                        max_length=16,
                        verbose_name="to",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="proposals.benefitclaim",
                    ),
                ),
            ],
            options={
                "verbose_name": "benefit claim step",
                "verbose_name_plural": "benefit claim steps",
                "ordering": ["at", "id"],
                "abstract": False,
                "indexes": [models.Index(fields=["claim", "at"], name="claim_transition_at")],
            },
        ),
        migrations.CreateModel(
            name="PayoutTransition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("reason", models.TextField(blank=True, verbose_name="reason")),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "from_state",
                    models.CharField(
                        choices=[("pending", "Pending"), ("paid", "Paid")], max_length=8, verbose_name="from"
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[("pending", "Pending"), ("paid", "Paid")], max_length=8, verbose_name="to"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "share",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="transitions",
                        to="proposals.rewardshare",
                    ),
                ),
            ],
            options={
                "verbose_name": "payout step",
                "verbose_name_plural": "payout steps",
                "ordering": ["at", "id"],
                "abstract": False,
                "indexes": [models.Index(fields=["share", "at"], name="payout_transition_at")],
            },
        ),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
