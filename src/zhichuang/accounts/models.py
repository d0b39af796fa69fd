from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichuang.core import crypto
from zhichuang.core.validators import birth_month, mask_id_number, mask_mobile
from zhichuang.orgs.models import Organization

from .enums import Education, Gender, ProfessionalTitle, SkillLevel
from .roles import PII_ELIGIBLE_ROLES, Role


class User(AbstractUser):
    """A login account. A worker's personal data lives on Worker, not here."""

    display_name = models.CharField(_("name"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    # The demo city's fixed accounts (known password): refused unless the platform runs in demo mode.
    is_demo = models.BooleanField(default=False, editable=False)
    # Failed logins before this moment no longer count towards the lockout (set by an unlock).
    failures_cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The account lock in force (accounts.lockout), kept on the row so that the gate (accounts.gate)
    # needs no query: set by the failure that locks, cleared by an unlock, over by itself once past.
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # API tokens created before this moment no longer work (accounts.gate.token_refusal).
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A temporary account (an expert for one evaluation round…) ends here; empty: no end.
    expires_at = models.DateTimeField(_("account expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.display_name or self.username


def worker_pii_fields(id_number: str, mobile: str) -> dict:
    """The stored form of a worker's ID and mobile number: ciphertext, keyed hash, masked copy."""
    fields = {
        "id_number_encrypted": crypto.encrypt(id_number),
        "id_number_hash": crypto.blind_index(id_number, "id_number"),
        "id_number_masked": mask_id_number(id_number),
        "mobile_encrypted": "",
        "mobile_hash": None,
        "mobile_masked": "",
    }
    if mobile:
        fields |= {
            "mobile_encrypted": crypto.encrypt(mobile),
            "mobile_hash": crypto.blind_index(mobile, "mobile"),
            "mobile_masked": mask_mobile(mobile),
        }
    return fields


class Worker(models.Model):
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    # Personal data: never stored in clear. Only *_masked is shown without the PII permission.
    id_number_encrypted = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=40, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    mobile_encrypted = models.TextField(blank=True, editable=False)
    mobile_hash = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    mobile_masked = models.CharField(_("mobile number"), max_length=11, blank=True, editable=False)

    employer = models.ForeignKey(
        Organization,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="department_members",
    )
    trade = models.CharField(_("trade"), max_length=50, blank=True, db_index=True)
    skill_level = models.PositiveSmallIntegerField(_("skill level"), choices=SkillLevel.choices, null=True, blank=True)
    professional_title = models.CharField(
        _("professional title"),
        max_length=20,
        choices=ProfessionalTitle.choices,
        blank=True,
    )
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    union_member = models.BooleanField(_("union member"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["id"]
        indexes = [models.Index(fields=["employer", "id"])]

    def __str__(self):
        return self.name

    @property
    def birth_month(self) -> str:
        """What every page, export and API answer shows of the birth date (core.validators.birth_month)."""
        return birth_month(self.birth_date)

    def reveal_id_number(self) -> str:
        """Clear text. Call only through accounts.services.worker_reveal_pii, which checks and audits."""
        return crypto.decrypt(self.id_number_encrypted)

    def reveal_mobile(self) -> str:
        return crypto.decrypt(self.mobile_encrypted) if self.mobile_encrypted else ""


class EmploymentRecord(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="employment_history")
    employer = models.ForeignKey(
        Organization,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment history")
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return f"{self.worker} · {self.employer} · {self.started_on}–{self.ended_on or ''}"


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    can_view_pii = models.BooleanField(_("may view personal data in full"), default=False)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        # The security administrator's home page shows the newest grants: without it, sorting the city's
        # 75,000 worker roles took 410 ms (docs/benchmarks.md, "Page census").
        indexes = [models.Index(fields=["-granted_at", "-id"], name="role_assignment_newest")]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="role_assignment_unique"),
            # The personal-data flag only on the business administrators' roles, never on the separated
            # administrators' (the rule across an account's rows is a trigger: migrations 0006).
            models.CheckConstraint(
                condition=models.Q(can_view_pii=False) | models.Q(role__in=sorted(r.value for r in PII_ELIGIBLE_ROLES)),
                name="role_assignment_pii_only_business_admins",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class LoginAttempt(models.Model):
    """Every login attempt, for the lockout rule (failures per account and per address)."""

    username = models.CharField(max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    attempted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "attempted_at"]),
            models.Index(fields=["ip_address", "attempted_at"]),
            # A name without an account locks like an account (accounts.lockout.name_locked_until).
            models.Index(fields=["username", "attempted_at"]),
        ]

    def __str__(self):
        return f"{self.username} {self.ip_address} {'ok' if self.succeeded else 'failed'} {self.attempted_at}"


class ApiToken(models.Model):
    """A bearer token for integrations. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
