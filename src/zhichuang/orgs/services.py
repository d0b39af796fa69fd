"""Writes to the organisation tree. Every function is one transaction and one audit row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import has_perm, has_role
from zhichuang.audit.services import audit_record, diff
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.core.validators import validate_credit_code

from . import industries
from .enums import ALLOWED_PARENT_KINDS, OrgKind
from .models import MAX_DEPTH, SEGMENT_WIDTH, Organization

EDITABLE_FIELDS = (
    "name",
    "is_active",
    "credit_code",
    "industry",
    "ownership",
    "size_class",
    "address",
    "headcount",
    "union_chair",
    "contact_name",
    "contact_phone",
    "partner_type",
)


def clean_org_fields(kind: str, fields: dict) -> dict:
    """Validate and normalise organisation fields; raise ValidationFailed with per-field messages."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(fields)
    if not (cleaned.get("name") or "").strip():
        errors.setdefault("name", []).append(_("The name is required."))
    else:
        cleaned["name"] = cleaned["name"].strip()
    if kind == OrgKind.ENTERPRISE:
        try:
            cleaned["credit_code"] = validate_credit_code(cleaned.get("credit_code") or "")
        except ValidationError as exc:
            errors.setdefault("credit_code", []).extend(str(m) for m in exc.messages)
        industry = cleaned.get("industry") or ""
        if industry and not industries.is_valid_division(industry):
            errors.setdefault("industry", []).append(_("Unknown GB/T 4754-2017 industry division: %s") % industry)
    else:
        cleaned["credit_code"] = cleaned.get("credit_code") or None
    if errors:
        raise ValidationFailed(details=errors)
    return cleaned


def allocate_paths(parent: Organization | None, count: int) -> list[str]:
    """Reserve `count` child paths under parent (or at the root). Call inside a transaction."""
    if parent is None:
        last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        start = int(last) + 1 if last else 1
        return [f"{n:0{SEGMENT_WIDTH}d}" for n in range(start, start + count)]
    parent = Organization.objects.select_for_update().get(pk=parent.pk)
    if parent.depth >= MAX_DEPTH:
        raise ValidationFailed(_("The organisation tree cannot be deeper than %d levels.") % MAX_DEPTH)
    start = parent.children_created + 1
    if start + count - 1 >= 10**SEGMENT_WIDTH:
        raise ValidationFailed(_("Too many organisations under %s.") % parent.name)
    Organization.objects.filter(pk=parent.pk).update(children_created=start + count - 1)
    return [f"{parent.path}{n:0{SEGMENT_WIDTH}d}" for n in range(start, start + count)]


def check_parent(kind: str, parent: Organization | None) -> None:
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENT_KINDS[OrgKind(kind)]:
        raise ValidationFailed(
            _("A %(kind)s cannot be placed under %(parent)s.")
            % {
                "kind": OrgKind(kind).label,
                "parent": parent.name if parent else _("the top level"),
            }
        )


@transaction.atomic
def organization_create(*, actor, kind: str, parent: Organization | None, **fields) -> Organization:
    """actor=None is the system itself (demo loader, imports already authorised)."""
    if actor is not None:
        allowed = has_perm(actor, Perm.MANAGE_ORGS, parent) if parent else has_role(actor, Role.SYSADMIN)
        if not allowed:
            raise PermissionDenied()
    check_parent(kind, parent)
    cleaned = clean_org_fields(kind, fields)
    if Organization.objects.filter(parent=parent, name=cleaned["name"]).exists():
        raise ValidationFailed(details={"name": [_("An organisation with this name already exists here.")]})
    if cleaned.get("credit_code") and Organization.objects.filter(credit_code=cleaned["credit_code"]).exists():
        raise ValidationFailed(details={"credit_code": [_("This unified social credit code is already registered.")]})
    (path,) = allocate_paths(parent, 1)
    org = Organization.objects.create(kind=kind, parent=parent, path=path, depth=len(path) // SEGMENT_WIDTH, **cleaned)
    audit_record(
        action="org.create",
        obj=org,
        changes={k: v for k, v in cleaned.items() if v not in ("", None)},
    )
    return org


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    if not has_perm(actor, Perm.MANAGE_ORGS, organization):
        raise PermissionDenied()
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    merged = {f: getattr(org, f) for f in EDITABLE_FIELDS} | fields
    cleaned = clean_org_fields(org.kind, merged)
    before = {f: getattr(org, f) for f in fields}
    for field in fields:
        setattr(org, field, cleaned[field])
    changes = diff(org, list(fields), before)
    if changes:
        org.save(update_fields=[*changes, "updated_at"])
        audit_record(action="org.update", obj=org, changes=changes)
    return org


@transaction.atomic
def partner_link_district(*, actor, partner: Organization, district: Organization) -> None:
    if not has_perm(actor, Perm.MANAGE_ORGS, district):
        raise PermissionDenied()
    if partner.kind != OrgKind.PARTNER or district.kind != OrgKind.DISTRICT:
        raise ValidationFailed(_("Only a partner organisation can be linked, and only to a district."))
    partner.linked_districts.add(district)
    audit_record(action="org.link_partner", obj=partner, changes={"district": district.name})


@transaction.atomic
def partner_unlink_district(*, actor, partner: Organization, district: Organization) -> None:
    if not has_perm(actor, Perm.MANAGE_ORGS, district):
        raise PermissionDenied()
    partner.linked_districts.remove(district)
    audit_record(action="org.unlink_partner", obj=partner, changes={"district": district.name})
