"""Import an existing honour list from .xlsx (union offices keep years of them), with the imports app's
parsing, row checks and error report: every row valid or nothing is written.

Each row is an honour a worker already holds: the worker is found by ID number (compared by blind index)
among the workers of the enterprise named by its credit code, within the importer's scope, and must carry
the name given. The honour must be in the city's list. An imported honour is a record of the past, so it
is written confirmed: only by someone who could confirm it at its level (the city from the city's level up,
the worker's district below it). A worker without a talent profile gets one; the profiles' categories
follow once the import is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.models import User, Worker
from zhichuang.accounts.scoping import Scope, has_perm
from zhichuang.core import crypto, request_context
from zhichuang.core.validators import validate_id_number
from zhichuang.imports.columns import CellError, Column, limited, parse_code, text
from zhichuang.imports.parsing import Table, map_headers
from zhichuang.imports.rows import Problems, Progress, chunks, first_seen, parse_rows
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from .enums import CITY_CONFIRMS, HonourState
from .models import Honour, HonourTransition, HonourType, TalentProfile
from .permissions import TalentPerm
from .services import city, district_of, profile_refresh

YEAR_MIN = 1950


def parse_year(cell) -> int | None:
    raw = text(cell).removesuffix("年")
    if not raw:
        return None
    this_year = timezone.localdate().year
    if not raw.isdigit() or not YEAR_MIN <= int(raw) <= this_year:
        raise CellError(_("Give a year from 1950 to %(year)d.") % {"year": this_year})
    return int(raw)


COLUMNS = (
    Column("姓名", "name", limited(50), required=True, example="张伟"),
    Column("身份证号", "id_number", parse_code, required=True),
    Column("企业统一社会信用代码", "enterprise", parse_code, required=True),
    Column("荣誉名称", "honour", limited(60), required=True, example="市工匠"),
    Column("年度", "year", parse_year, required=True, example="2023"),
    Column("授予单位", "issuing_body", limited(100), example="示范市总工会"),
    Column("证书编号", "certificate_no", limited(50), example="SGJ-2023-017"),
)
HEADER = {column.key: column.header for column in COLUMNS}


@dataclass
class HonourRow:
    row: int
    values: dict
    worker: Worker
    honour_type: HonourType


def validate(*, table: Table, scope: Scope, progress: Progress, disclose: Scope | None = None) -> list[HonourRow]:
    """disclose: where the uploader holds the personal-data permission (imports.rows.Problems)."""
    actor = User.objects.get(pk=request_context.current().user_id)
    positions = map_headers(table.headers, COLUMNS)
    problems = Problems(disclose=disclose)
    parsed = parse_rows(table, COLUMNS, positions, problems, progress)
    enterprises = _enterprises({values["enterprise"] for _, values in parsed if values["enterprise"]}, scope)
    types = {t.name: t for t in HonourType.objects.filter(active=True)}
    hashes = {}
    for number, values in parsed:
        if values["id_number"]:
            try:
                validate_id_number(values["id_number"])
            except ValidationError as exc:  # the message never repeats the value
                problems.add_validation(number, HEADER["id_number"], exc)
            else:
                hashes[number] = crypto.blind_index(values["id_number"], "id_number")
    workers = _workers(set(hashes.values()), {e.pk for e in enterprises.values()})
    seen: dict = {}
    rows = []
    the_city = city()
    for number, values in parsed:
        enterprise = enterprises.get(values["enterprise"])
        if values["enterprise"] and enterprise is None:
            problems.add(number, HEADER["enterprise"], _("No enterprise with this credit code in your scope."))
        worker = workers.get((hashes.get(number), enterprise.pk)) if enterprise else None
        if number in hashes and enterprise and (worker is None or worker.name != values["name"]):
            # The same words whether nobody has the number or someone of another name does: the answer says
            # whether an ID number belongs to one of the enterprise's workers (imports.rows.Problems).
            problems.add_about_others(
                number,
                HEADER["id_number"],
                _("No worker of this enterprise has this name and ID number."),
                path=enterprise.path,
            )
        honour_type = types.get(values["honour"])
        if values["honour"] and honour_type is None:
            problems.add(number, HEADER["honour"], _("This honour is not in the city's list."))
        if honour_type and enterprise and not _may_confirm(actor, honour_type, enterprise, the_city):
            problems.add(
                number, HEADER["honour"], _("You may not confirm an honour of this level for this enterprise.")
            )
        if worker and honour_type and values["year"]:
            key = (worker.pk, honour_type.pk, values["year"])
            first_seen(problems, seen, key, number, HEADER["honour"], _("The same honour is in row %(row)d."))
        if number in problems.bad_rows:
            continue
        rows.append(HonourRow(number, values, worker, honour_type))
    for row in _already_held(rows):
        problems.add(row.row, HEADER["honour"], _("This person already has this honour for this year."))
    problems.raise_if_any()
    return rows


def _may_confirm(actor, honour_type: HonourType, enterprise: Organization, the_city: Organization) -> bool:
    if honour_type.level in CITY_CONFIRMS:
        return has_perm(actor, TalentPerm.CONFIRM, the_city)
    return has_perm(actor, TalentPerm.VERIFY, district_of(enterprise) or the_city)


def _enterprises(codes: set[str], scope: Scope) -> dict[str, Organization]:
    found = {}
    for batch in chunks(codes):
        for org in Organization.objects.filter(scope.q(), kind=OrgKind.ENTERPRISE, credit_code__in=batch):
            found[org.credit_code] = org
    return found


def _workers(hashes: set[str], enterprise_ids: set[int]) -> dict[tuple[str, int], Worker]:
    """Workers by (ID number hash, employer id), among these enterprises' workers only."""
    found = {}
    for batch in chunks(hashes):
        for worker in Worker.objects.filter(id_number_hash__in=batch, employer_id__in=enterprise_ids).select_related(
            "employer"
        ):
            found[(worker.id_number_hash, worker.employer_id)] = worker
    return found


def _already_held(rows: list[HonourRow]) -> list[HonourRow]:
    held = set(
        Honour.objects.filter(profile__worker_id__in={r.worker.pk for r in rows})
        .exclude(state=HonourState.REJECTED)
        .values_list("profile__worker_id", "honour_type_id", "year")
    )
    return [r for r in rows if (r.worker.pk, r.honour_type.pk, r.values["year"]) in held]


def write(*, rows: list[HonourRow]) -> dict:
    """The honours, confirmed and marked imported, each with one transition; profiles where missing."""
    actor_id = request_context.current().user_id
    now = timezone.now()
    workers = {row.worker.pk: row.worker for row in rows}
    profiles = {p.worker_id: p for p in TalentProfile.objects.filter(worker_id__in=workers)}
    new_profiles = []
    for worker_id, worker in workers.items():
        if worker_id not in profiles:
            employer = worker.employer
            new_profiles.append(
                TalentProfile(
                    worker=worker,
                    name=worker.name,
                    organization=employer,
                    org_path=employer.path,
                    district=district_of(employer),
                    industry=employer.industry,
                    professional_title=worker.professional_title,
                    created_by_id=actor_id,
                )
            )
    for profile in TalentProfile.objects.bulk_create(new_profiles):
        profiles[profile.worker_id] = profile
    honours = Honour.objects.bulk_create(
        Honour(
            profile=profiles[row.worker.pk],
            honour_type=row.honour_type,
            year=row.values["year"],
            issuing_body=row.values["issuing_body"] or row.honour_type.issuing_body,
            certificate_no=row.values["certificate_no"] or "",
            state=HonourState.CONFIRMED,
            state_changed_at=now,
            organization=row.worker.employer,
            org_path=profiles[row.worker.pk].org_path,
            district=profiles[row.worker.pk].district,
            entered_by_id=actor_id,
            imported=True,
        )
        for row in rows
    )
    HonourTransition.objects.bulk_create(
        HonourTransition(
            honour=honour,
            from_state=HonourState.DRAFT,
            to_state=HonourState.CONFIRMED,
            actor_id=actor_id,
            at=now,
            data={"action": "import"},
        )
        for honour in honours
    )
    for profile in profiles.values():
        profile_refresh(profile)
    return {"honours": len(honours), "profiles": len(new_profiles)}
