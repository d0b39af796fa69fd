"""The demo city 示范市 and its fixed demo accounts (demo mode only), then every module's demo step.

The city (organisations, workers, accounts) and the ten demo accounts are made here; what the modules add
(proposals, and each later module's records) comes from the `DemoStep`s they declare in their module.py,
run in order with one DemoContext, and then the commands they name to derive data (rollups, indexes).

20,000 workers are generated, but only one in ten gets a login account, and
those accounts have an unusable password: an account exists so that later work
(proposals, notifications) has people to attach to, while the only accounts
anyone can log in with are the ten fixed demo accounts below. Generating 20,000
usable accounts would put 20,000 known-password logins into the database for no
gain, and hashing per account (Argon2) would cost minutes; the demo accounts
share one hash, computed once.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from zhichuang.accounts.models import User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import role_grant
from zhichuang.audit.services import audit_record
from zhichuang.core.modules import DemoContext, demo_steps, resolve
from zhichuang.core.progress import ProgressBar
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from . import vocabulary
from .generator import BuiltCity, CitySize, generate_city, start_of_today

DEMO_PASSWORD = "zhichuang-demo"  # noqa: S105 - the documented demo password, demo mode only
DEMO_SEED = 20_260_101
DEMO_SIZE = CitySize(districts=8, enterprises=300, workers=20_000, account_every=10)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    # "city", "district" or "enterprise": where the role is assigned.
    place: str
    can_view_pii: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("city-admin", "市总工会管理员", Role.CITY_ADMIN, "city"),
    DemoAccount("district-admin", "区总工会管理员", Role.DISTRICT_ADMIN, "district"),
    DemoAccount("enterprise-admin", "企业工会管理员", Role.ENTERPRISE_ADMIN, "enterprise", can_view_pii=True),
    DemoAccount("evaluator", "评审员", Role.EVALUATOR, "enterprise"),
    DemoAccount("finance", "财务核定员", Role.FINANCE, "enterprise"),
    DemoAccount("worker", "职工", Role.WORKER, "enterprise"),
    DemoAccount("expert", "专家", Role.EXPERT, "city"),
    DemoAccount("sysadmin", "系统管理员", Role.SYSADMIN, "city"),
    DemoAccount("secadmin", "安全管理员", Role.SECADMIN, "city"),
    DemoAccount("auditor", "审计管理员", Role.AUDITOR, "city"),
)


class DemoRefused(Exception):
    """The demo cannot be loaded here; the message says why."""


def demo_city() -> Organization | None:
    return Organization.objects.filter(kind=OrgKind.CITY, depth=1, name=vocabulary.CITY_NAME).first()


@dataclass
class DemoLoad:
    city: Organization
    counts: dict[str, int]
    places: dict[str, Organization]


def load_demo(
    *,
    reset: bool = False,
    seed: int = DEMO_SEED,
    size: CitySize = DEMO_SIZE,
    proposals: int | None = None,
    progress=None,
    stdout=None,
) -> DemoLoad | None:
    """Load 示范市 unless it is there (None then). reset empties the whole database first.

    proposals (how many the proposals step makes) defaults to the step's own, 1.5 per worker. A ProgressBar
    given as progress gets a sibling bar per step, and its stream (or stdout) the derived-data commands' output.
    """
    if not settings.DEMO_MODE:
        raise DemoRefused(_("The demo city and its accounts are only available in demo mode (ZHICHUANG_DEMO=1)."))
    if reset:
        # The demo database holds nothing but the demo: start from empty tables.
        call_command("flush", interactive=False, verbosity=0)
    elif demo_city() is not None:
        return None
    as_of = start_of_today()
    with transaction.atomic():
        built = generate_city(seed=seed, size=size, as_of=as_of, progress=progress)
        places = _demo_places(built)
        accounts = _create_demo_accounts(places)
        built.counts |= run_demo_steps(
            DemoContext(
                city=built.city,
                workers=size.workers,
                seed=seed,
                as_of=as_of,
                places=places,
                accounts=accounts,
                amounts={} if proposals is None else {"proposals": proposals},
                stream=progress.stream if isinstance(progress, ProgressBar) else None,
            )
        )
        audit_record(
            action="demo.load",
            obj=built.city,
            changes={"seed": seed, **built.counts, "demo_accounts": len(DEMO_ACCOUNTS)},
        )
    build_derived_data(stdout=stdout or (progress.stream if isinstance(progress, ProgressBar) else None))
    return DemoLoad(city=built.city, counts=built.counts, places=places)


def run_demo_steps(context: DemoContext) -> dict[str, int]:
    """Every declared demo step, in order, with the one context; returns the counts they report."""
    counts = {}
    for step in demo_steps():
        if step.run:
            counts |= resolve(step.run)(context)
    return counts


def build_derived_data(*, stdout=None) -> list[str]:
    """The commands the modules name to derive data from the steps' (rollups, the search index), in step
    order; returns the commands run."""
    ran = []
    for name in (command for step in demo_steps() for command in step.derived):
        options = {"stdout": stdout} if stdout is not None else {"no_progress": True, "stdout": io.StringIO()}
        call_command(name, **options)
        ran.append(name)
    return ran


def _demo_places(built: BuiltCity) -> dict[str, Organization]:
    """The city, its first district, and that district's largest enterprise: every role has work there."""
    district = built.districts[0]
    enterprise = max(
        (e for e in built.enterprises if e.parent_id == district.pk),
        key=lambda e: (e.headcount, -e.pk),
    )
    return {"city": built.city, "district": district, "enterprise": enterprise}


def _create_demo_accounts(places: dict[str, Organization]) -> dict[str, int]:
    """The ten demo accounts; returns their user ids by username (the worker's by "worker_id" too)."""
    password = make_password(DEMO_PASSWORD)  # one slow hash for all ten accounts
    ids = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.create(
            username=account.username,
            display_name=account.display_name,
            password=password,
            must_change_password=False,
            is_demo=True,
        )
        role_grant(
            actor=None,
            user=user,
            role=account.role,
            organization=places[account.place],
            can_view_pii=account.can_view_pii,
        )
        if account.role == Role.WORKER:
            worker = (
                Worker.objects.filter(employer=places["enterprise"], user__isnull=True, department__isnull=False)
                .order_by("id")
                .first()
            )
            worker.user = user
            worker.save(update_fields=["user", "updated_at"])
            user.display_name = worker.name
            user.save(update_fields=["display_name"])
            ids["worker_id"] = worker.pk
        ids[account.username] = user.pk
    return ids


def demo_accounts_table() -> list[tuple[str, str, str]]:
    """(username, role, organisation) for each demo account, for the command's printout."""
    rows = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).prefetch_related("role_assignments__organization").first()
        places = ", ".join(a.organization.name for a in user.role_assignments.all()) if user else "-"
        rows.append((account.username, str(account.role.label), places))
    return rows
