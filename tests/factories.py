"""Test data built through the real services (actor=None: the system), so paths,
encryption and audit rows are exactly what production makes."""

import datetime
import itertools
import random

from zhichuang.accounts import services as account_services
from zhichuang.accounts.models import RoleAssignment, User
from zhichuang.accounts.roles import Role
from zhichuang.core.validators import generate_credit_code, generate_id_number
from zhichuang.orgs import services as org_services
from zhichuang.orgs.enums import OrgKind

_rng = random.Random(20261125)
_seq = itertools.count(1)

PASSWORD = "Test-password-2026"


def make_city(name="示范市总工会"):
    return org_services.organization_create(actor=None, kind=OrgKind.CITY, parent=None, name=name)


def make_district(city, name=None):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.DISTRICT,
        parent=city,
        name=name or f"第{next(_seq)}区总工会",
    )


def make_enterprise(district, name=None, **fields):
    fields.setdefault("credit_code", generate_credit_code(_rng))
    fields.setdefault("industry", "38")
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.ENTERPRISE,
        parent=district,
        name=name or f"示范企业{next(_seq)}有限公司",
        **fields,
    )


def make_department(enterprise, name=None):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.DEPARTMENT,
        parent=enterprise,
        name=name or f"第{next(_seq)}车间",
    )


def make_partner(name=None, **fields):
    return org_services.organization_create(
        actor=None,
        kind=OrgKind.PARTNER,
        parent=None,
        name=name or f"示范大学{next(_seq)}",
        **fields,
    )


def new_id_number(birth_date=None, gender="M"):
    """A valid, unique ID number: each call gets its own birth date unless one is given."""
    birth_date = birth_date or datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_seq))
    return generate_id_number(_rng, birth_date, gender)


def new_mobile():
    return f"139{next(_seq) + 10_000_000:08d}"[:11]


def make_worker(employer, *, name=None, department=None, mobile=None, password=PASSWORD, **profile):
    worker = account_services.worker_create(
        actor=None,
        name=name or f"职工{next(_seq)}",
        id_number=new_id_number(),
        mobile=mobile or new_mobile(),
        employer=employer,
        department=department,
        initial_password=password,
        **profile,
    )
    User.objects.filter(pk=worker.user_id).update(must_change_password=False)
    worker.user.refresh_from_db()
    return worker


def make_user(username=None, *, password=PASSWORD, **fields):
    user = User(
        username=username or f"user{next(_seq)}",
        display_name=fields.pop("display_name", "测试用户"),
        **fields,
    )
    user.set_password(password)
    user.save()
    return user


def grant(user, role: Role, org, *, can_view_pii=False):
    """A role assignment without going through the security administrator (test setup)."""
    assignment = RoleAssignment.objects.create(user=user, role=role, organization=org, can_view_pii=can_view_pii)
    user.__dict__.pop("_zhichuang_grants", None)
    return assignment


def make_admin(role: Role, org, *, username=None, can_view_pii=False, **fields):
    user = make_user(username, **fields)
    grant(user, role, org, can_view_pii=can_view_pii)
    return user
