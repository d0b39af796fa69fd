"""Writes about people and accounts. Each is one transaction with an audit row.

`actor` is the user doing it; actor=None is the system itself (demo loader,
imports already authorised), used only by commands and tasks.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.audit.services import audit_record, diff
from zhichuang.core.errors import DUPLICATE_MESSAGE, Conflict, NotFound, PermissionDenied, ValidationFailed
from zhichuang.core.validators import (
    birth_date_from_id,
    gender_from_id,
    validate_id_number,
    validate_mobile,
)
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from .models import (
    ApiToken,
    EmploymentRecord,
    RoleAssignment,
    User,
    Worker,
    worker_pii_fields,
)
from .passwords import initial_password
from .roles import PII_ELIGIBLE_ROLES, SEPARATED_ADMIN_ROLES, Perm, Role
from .scoping import forget_grants, has_perm, roles_of

WORKER_PROFILE_FIELDS = (
    "name",
    "trade",
    "skill_level",
    "professional_title",
    "education",
    "union_member",
)


def _require(actor, perm: Perm, org: Organization | None = None) -> None:
    if actor is not None and not has_perm(actor, perm, org):
        raise PermissionDenied()


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# ---- workers ------------------------------------------------------------------------


def clean_worker_identity(*, id_number: str, mobile: str = "") -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    try:
        id_number = validate_id_number(id_number)
    except ValidationError as exc:
        errors["id_number"] = _messages(exc)
    if mobile:
        try:
            mobile = validate_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = _messages(exc)
    if errors:
        raise ValidationFailed(details=errors)
    return id_number, mobile


def check_placement(employer: Organization, department: Organization | None) -> None:
    if employer.kind != OrgKind.ENTERPRISE:
        raise ValidationFailed(details={"employer": [_("The employer must be an enterprise.")]})
    if department is not None and (department.kind != OrgKind.DEPARTMENT or not department.is_within(employer)):
        raise ValidationFailed(details={"department": [_("The department must belong to the employer.")]})


def _refuse_taken_identity(actor, pii: dict) -> None:
    """Refuse an ID or mobile number another worker holds, confirming which only to whoever may see it.

    The clear answer ("this ID number is already registered") tells the full number of the other worker:
    it is given to the system (actor=None) and to a holder of the personal-data permission on that worker's
    employer; anyone else gets core.errors.DUPLICATE_MESSAGE, the same for either number, inside or outside
    the actor's scope (docs/conventions.md, "How a validation message may speak of other records").
    """
    checks = [("id_number", "id_number_hash", _("A worker with this ID number is already registered."))]
    if pii.get("mobile_hash"):
        checks.append(("mobile", "mobile_hash", _("A worker with this mobile number is already registered.")))
    for field, column, message in checks:
        other = Worker.objects.filter(**{column: pii[column]}).select_related("employer").only("employer__path")
        other = other.first()
        if other is None:
            continue
        if actor is None or has_perm(actor, Perm.VIEW_PII, other.employer):
            raise Conflict(details={field: [message]})
        raise Conflict(DUPLICATE_MESSAGE)


@transaction.atomic
def worker_create(
    *,
    actor,
    name: str,
    id_number: str,
    employer: Organization,
    mobile: str = "",
    department: Organization | None = None,
    started_on: datetime.date | None = None,
    create_account: bool = True,
    initial_password: str | None = None,
    **profile,
) -> Worker:
    _require(actor, Perm.MANAGE_WORKERS, employer)
    check_placement(employer, department)
    id_number, mobile = clean_worker_identity(id_number=id_number, mobile=mobile)
    pii = worker_pii_fields(id_number, mobile)
    _refuse_taken_identity(actor, pii)
    user = None
    if create_account:
        user = User(
            username=f"w{pii['id_number_hash'][:12]}",
            display_name=name,
            must_change_password=True,
        )
        user.set_password(initial_password or secrets.token_urlsafe(12))
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.WORKER, organization=employer)
    worker = Worker.objects.create(
        user=user,
        name=name.strip(),
        gender=gender_from_id(id_number),
        birth_date=birth_date_from_id(id_number),
        employer=employer,
        department=department,
        **pii,
        **profile,
    )
    EmploymentRecord.objects.create(
        worker=worker,
        employer=employer,
        department=department,
        started_on=started_on or timezone.localdate(),
    )
    audit_record(
        action="worker.create",
        obj=worker,
        changes={"employer": employer.name, **profile},
    )
    return worker


@transaction.atomic
def worker_update(*, actor, worker: Worker, **fields) -> Worker:
    _require(actor, Perm.MANAGE_WORKERS, worker.employer)
    unknown = set(fields) - set(WORKER_PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    before = {f: getattr(worker, f) for f in fields}
    for field, value in fields.items():
        setattr(worker, field, value)
    changes = diff(worker, list(fields), before)
    if changes:
        worker.save(update_fields=[*changes, "updated_at"])
        audit_record(action="worker.update", obj=worker, changes=changes)
    return worker


@transaction.atomic
def worker_change_employer(
    *,
    actor,
    worker: Worker,
    employer: Organization,
    department: Organization | None = None,
    on: datetime.date | None = None,
) -> Worker:
    """Move a worker to another employer, closing the current employment record."""
    _require(actor, Perm.MANAGE_WORKERS, worker.employer)
    _require(actor, Perm.MANAGE_WORKERS, employer)
    check_placement(employer, department)
    on = on or timezone.localdate()
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    old = worker.employer
    EmploymentRecord.objects.filter(worker=worker, ended_on__isnull=True).update(ended_on=on)
    EmploymentRecord.objects.create(worker=worker, employer=employer, department=department, started_on=on)
    worker.employer, worker.department = employer, department
    worker.save(update_fields=["employer", "department", "updated_at"])
    if worker.user_id:
        RoleAssignment.objects.filter(user_id=worker.user_id, role=Role.WORKER).update(organization=employer)
    audit_record(
        action="worker.change_employer",
        obj=worker,
        changes={"employer": [old.name, employer.name]},
    )
    return worker


def worker_reveal_pii(*, actor, worker: Worker) -> dict[str, str]:
    """The full ID and mobile number, for a holder of the explicit PII permission. Always audited."""
    if not has_perm(actor, Perm.VIEW_PII, worker.employer):
        raise PermissionDenied(_("Viewing personal data in full needs the explicit personal data permission."))
    audit_record(action="pii.view", obj=worker, changes={"fields": ["id_number", "mobile"]})
    return {"id_number": worker.reveal_id_number(), "mobile": worker.reveal_mobile()}


# ---- accounts -----------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    display_name: str,
    password: str | None = None,
    must_change_password: bool = True,
) -> User:
    _require(actor, Perm.MANAGE_ACCOUNTS)
    username = username.strip()
    if User.objects.filter(username=username).exists():
        raise Conflict(details={"username": [_("This username is taken.")]})
    user = User(
        username=username,
        display_name=display_name,
        must_change_password=must_change_password,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(details={"password": _messages(exc)}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(action="account.create", obj=user)
    return user


ACCOUNT_FIELDS = ("display_name", "expires_at", "must_change_password")


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """Change an account's name, expiry or must-change flag, and enable or disable it (is_active)."""
    _require(actor, Perm.MANAGE_ACCOUNTS)
    active = fields.pop("is_active", None)
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {f: getattr(user, f) for f in fields}
    for field, value in fields.items():
        setattr(user, field, value)
    changes = diff(user, list(fields), before)
    if changes:
        user.save(update_fields=list(changes))
        audit_record(action="account.update", obj=user, changes=changes)
    if active is not None:
        user_set_active(actor=actor, user=user, active=active)
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    _require(actor, Perm.MANAGE_ACCOUNTS)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(action="account.activate" if active else "account.deactivate", obj=user)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationFailed(details={"old_password": [_("The current password is not correct.")]})
    if old_password == new_password:
        raise ValidationFailed(details={"new_password": [_("The new password must differ from the current one.")]})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationFailed(details={"new_password": _messages(exc)}) from None
    user.set_password(new_password)
    user.must_change_password = False
    # The account's API tokens die with the old password (accounts.gate.token_refusal); its other
    # sessions too, through the session's password hash.
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(action="auth.password_change", obj=user)


@transaction.atomic
def account_unlock(*, actor, user: User) -> None:
    """Clear the failed-login count of an account (the security administrator's unlock path)."""
    if not has_perm(actor, Perm.GRANT_ROLES):
        raise PermissionDenied()
    user.failures_cleared_at = timezone.now()
    user.locked_until = None
    user.save(update_fields=["failures_cleared_at", "locked_until"])
    audit_record(action="auth.unlock", obj=user)


def may_reset_password(actor, user: User) -> bool:
    """Who resets a forgotten password: for an account with any role beyond worker, the security
    administrator over all its roles' organisations; for a worker's account, an administrator who
    manages the workers of its employer. Nobody resets their own (they change it)."""
    if actor is None or actor.pk == user.pk:
        return False
    assignments = RoleAssignment.objects.filter(user=user).exclude(role=Role.WORKER).select_related("organization")
    assignments = list(assignments)
    if assignments:
        return all(has_perm(actor, Perm.GRANT_ROLES, a.organization) for a in assignments)
    worker = Worker.objects.filter(user=user).select_related("employer").first()
    return worker is not None and has_perm(actor, Perm.MANAGE_WORKERS, worker.employer)


@transaction.atomic
def password_reset(*, actor, user: User) -> str:
    """Give a person who forgot their password a one-time one, to be changed at the next login.

    The account is unlocked, its API tokens are revoked and its open sessions end (they are bound to
    the password). Returns the one-time password, which is shown once to the administrator and
    stored nowhere in clear.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not may_reset_password(actor, user):
        raise PermissionDenied(_("You cannot reset this account's password."))
    password = initial_password()
    user.set_password(password)
    user.must_change_password = True
    user.failures_cleared_at = user.password_changed_at = timezone.now()
    user.locked_until = None
    user.save(
        update_fields=["password", "must_change_password", "failures_cleared_at", "password_changed_at", "locked_until"]
    )
    revoked, _by_model = ApiToken.objects.filter(user=user).delete()
    audit_record(action="auth.password_reset", obj=user, changes={"api_tokens_revoked": revoked})
    return password


# ---- roles --------------------------------------------------------------------------


@transaction.atomic
def role_grant(
    *,
    actor,
    user: User,
    role: str,
    organization: Organization,
    can_view_pii: bool = False,
) -> RoleAssignment:
    """Grant a role on an organisation (and so on its subtree). Security administrator only."""
    if actor is not None and not has_perm(actor, Perm.GRANT_ROLES, organization):
        raise PermissionDenied(_("Only the security administrator grants roles."))
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Nobody can grant a role to themselves."))
    role = Role(role)
    User.objects.select_for_update().get(pk=user.pk)  # serialise grants to one account
    forget_grants(user)
    held = roles_of(user)
    # MLPS 2.0: an administrator duty excludes every other role on the account, business roles (and so
    # personal data) included. The database holds the same rule (accounts migration 0006).
    if (role in SEPARATED_ADMIN_ROLES and held - {role}) or (
        role not in SEPARATED_ADMIN_ROLES and held & SEPARATED_ADMIN_ROLES
    ):
        raise ValidationFailed(
            _(
                "The system, security and audit administrator duties are separated: an account with one of "
                "them holds no other role, and no other role goes to such an account."
            )
        )
    if can_view_pii and role not in PII_ELIGIBLE_ROLES:
        raise ValidationFailed(_("The personal data permission can only go with an administrator role."))
    if RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        raise Conflict(_("This role is already granted on this organisation."))
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        organization=organization,
        can_view_pii=can_view_pii,
        granted_by=actor,
    )
    forget_grants(user)
    audit_record(
        action="role.grant",
        obj=user,
        changes={
            "role": role.value,
            "organization": organization.name,
            "can_view_pii": can_view_pii,
        },
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    if actor is not None and not has_perm(actor, Perm.GRANT_ROLES, assignment.organization):
        raise PermissionDenied(_("Only the security administrator revokes roles."))
    if actor is not None and actor.pk == assignment.user_id:
        raise PermissionDenied(_("Nobody can revoke their own role."))
    try:
        assignment = RoleAssignment.objects.select_related("user", "organization").get(pk=assignment.pk)
    except RoleAssignment.DoesNotExist:
        raise NotFound() from None
    assignment.delete()
    forget_grants(assignment.user)
    audit_record(
        action="role.revoke",
        obj=assignment.user,
        changes={"role": assignment.role, "organization": assignment.organization.name},
    )


# ---- API tokens ---------------------------------------------------------------------


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its key; the key is not stored and cannot be shown again."""
    key = f"zc_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, key_hash=token_hash(key), prefix=key[:8])
    audit_record(
        action="api_token.create",
        obj=user,
        changes={"name": name, "prefix": token.prefix},
    )
    return token, key
