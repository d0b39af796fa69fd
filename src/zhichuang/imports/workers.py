"""Import workers: validate every row with in-memory lookups, then write everything in bulk.

The lookups cost a few queries whatever the file's size: enterprises by credit code,
their departments, and the ID/mobile hashes and usernames that already exist, each
fetched in chunks of the file's own values (never the whole table).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, User, Worker, worker_pii_fields
from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import Scope
from zhichuang.core import crypto
from zhichuang.core.bulk import insert_rows
from zhichuang.core.validators import birth_date_from_id, gender_from_id, validate_id_number, validate_mobile
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization, subtree_q

from .columns import WORKER_COLUMNS
from .parsing import Table, map_headers
from .rows import Problems, Progress, chunks, first_seen, parse_rows

COLUMNS = WORKER_COLUMNS

PII_COLUMNS = (
    "id_number_encrypted",
    "id_number_hash",
    "id_number_masked",
    "mobile_encrypted",
    "mobile_hash",
    "mobile_masked",
)
PROFILE_FIELDS = ("trade", "skill_level", "professional_title", "education", "union_member")
HEADER = {column.key: column.header for column in WORKER_COLUMNS}


@dataclass
class WorkerRow:
    row: int
    name: str
    id_number: str
    id_hash: str
    mobile: str
    mobile_hash: str | None
    employer_id: int
    department_id: int | None
    started_on: datetime.date
    profile: dict

    @property
    def username(self) -> str:
        # The same rule as accounts.services.worker_create: stable, and reveals nothing.
        return f"w{self.id_hash[:12]}"


def validate(*, table: Table, scope: Scope, progress: Progress, disclose: Scope | None = None) -> list[WorkerRow]:
    """disclose: where the uploader holds the personal-data permission (see rows.Problems)."""
    positions = map_headers(table.headers, WORKER_COLUMNS)
    problems = Problems(disclose=disclose)
    parsed = parse_rows(table, WORKER_COLUMNS, positions, problems, progress)

    enterprises = _enterprises({values["employer"] for _, values in parsed if values["employer"]})
    departments = _departments(enterprises.values())
    today = timezone.localdate()
    id_rows: dict[str, int] = {}
    mobile_rows: dict[str, int] = {}
    candidates: list[WorkerRow] = []
    for number, values in parsed:
        id_number = _identity(problems, number, "id_number", validate_id_number, values["id_number"])
        mobile = _identity(problems, number, "mobile", validate_mobile, values["mobile"])
        # Duplicates are compared by blind index, the same keyed hash the unique constraints hold.
        id_hash = crypto.blind_index(id_number, "id_number") if id_number else None
        mobile_hash = crypto.blind_index(mobile, "mobile") if mobile else None
        if id_hash:
            first_seen(
                problems, id_rows, id_hash, number, HEADER["id_number"], _("The same ID number is in row %(row)d.")
            )
        if mobile_hash:
            first_seen(
                problems,
                mobile_rows,
                mobile_hash,
                number,
                HEADER["mobile"],
                _("The same mobile number is in row %(row)d."),
            )
        employer, department_id = _placement(problems, number, values, enterprises, departments, scope)
        if number in problems.bad_rows:
            continue
        candidates.append(
            WorkerRow(
                row=number,
                name=values["name"],
                id_number=id_number,
                id_hash=id_hash,
                mobile=mobile or "",
                mobile_hash=mobile_hash,
                employer_id=employer.pk,
                department_id=department_id,
                started_on=values["started_on"] or today,
                profile={key: values[key] for key in PROFILE_FIELDS},
            )
        )

    _check_existing(problems, candidates)
    problems.raise_if_any()
    return candidates


def _identity(problems: Problems, number: int, key: str, validator, value: str) -> str | None:
    if not value:
        return None
    try:
        return validator(value)
    except ValidationError as exc:
        problems.add_validation(number, HEADER[key], exc)
        return None


def _enterprises(codes: set[str]) -> dict[str, Organization]:
    found = {}
    for batch in chunks(codes):
        found |= {
            org.credit_code: org
            for org in Organization.objects.filter(credit_code__in=batch).only("id", "kind", "path", "credit_code")
        }
    return found


def _departments(enterprises) -> dict[tuple[int, str], list[int]]:
    """{(enterprise id, department name): [department ids]} for every department in those enterprises."""
    by_path = {org.path: org.pk for org in enterprises if org.kind == OrgKind.ENTERPRISE}
    found: dict[tuple[int, str], list[int]] = {}
    for batch in chunks(sorted(by_path), 200):
        condition = subtree_q(batch[0])
        for path in batch[1:]:
            condition |= subtree_q(path)
        rows = Organization.objects.filter(condition, kind=OrgKind.DEPARTMENT).values_list("id", "name", "path")
        for pk, name, path in rows:
            enterprise_id = next(by_path[p] for p in batch if path.startswith(p))
            found.setdefault((enterprise_id, name), []).append(pk)
    return found


def _placement(problems, number, values, enterprises, departments, scope) -> tuple[Organization | None, int | None]:
    code = values["employer"]
    if not code:
        return None, None
    employer = enterprises.get(code)
    if employer is None:
        problems.add(number, HEADER["employer"], _("No enterprise with this credit code is registered."))
        return None, None
    if employer.kind != OrgKind.ENTERPRISE:
        problems.add(
            number, HEADER["employer"], _("This credit code belongs to an organisation that is not an enterprise.")
        )
        return None, None
    if not scope.covers(employer.path):
        problems.add(number, HEADER["employer"], _("You may not import workers into this enterprise."))
        return None, None
    name = values["department"]
    if not name:
        return employer, None
    matches = departments.get((employer.pk, name), [])
    if not matches:
        problems.add(number, HEADER["department"], _("The enterprise has no department with this name."))
        return employer, None
    if len(matches) > 1:
        problems.add(number, HEADER["department"], _("The enterprise has several departments with this name."))
        return employer, None
    return employer, matches[0]


def _check_existing(problems: Problems, rows: list[WorkerRow]) -> None:
    """Refuse rows whose ID number, mobile number or username is already registered.

    Each of these confirms another worker's full ID or mobile number, so it goes through
    Problems.add_about_others with that worker's employer: told where the uploader may see the number,
    withheld elsewhere. (A clash between two rows of the file reveals nothing: it keeps its clear message.)
    """
    taken_ids = _existing(Worker, "id_number_hash", "employer__path", [row.id_hash for row in rows])
    taken_mobiles = _existing(
        Worker, "mobile_hash", "employer__path", [row.mobile_hash for row in rows if row.mobile_hash]
    )
    taken_usernames = _existing(User, "username", "worker__employer__path", [row.username for row in rows])
    for row in rows:
        if row.id_hash in taken_ids:
            problems.add_about_others(
                row.row,
                HEADER["id_number"],
                _("A worker with this ID number is already registered."),
                path=taken_ids[row.id_hash],
            )
        elif row.username in taken_usernames:
            problems.add_about_others(
                row.row,
                HEADER["id_number"],
                _("An account for this ID number already exists."),
                path=taken_usernames[row.username],
            )
        if row.mobile_hash in taken_mobiles:
            problems.add_about_others(
                row.row,
                HEADER["mobile"],
                _("A worker with this mobile number is already registered."),
                path=taken_mobiles[row.mobile_hash],
            )


def _existing(model, field: str, path_field: str, values: list[str]) -> dict[str, str | None]:
    """{value already taken: organisation path of the record holding it (None if it has none)}."""
    taken = {}
    for batch in chunks(values):
        taken.update(model.objects.filter(**{f"{field}__in": batch}).values_list(field, path_field))
    return taken


def write(*, rows: list[WorkerRow], password_hash: str) -> dict:
    """Create accounts, worker roles, workers and employment records in bulk, inside the caller's transaction."""
    # One password hash for the whole file: every imported account gets the same initial password and must
    # change it at first login. Hashing per row would be correct but pointless (same password) and slow:
    # Argon2 costs ~50 ms by design, i.e. well over an hour for 100,000 rows.
    insert_rows(
        User,
        ("username", "display_name"),
        ((row.username, row.name) for row in rows),
        password=password_hash,
        must_change_password=True,
        is_active=True,
    )
    user_ids = _ids(User, "username", [row.username for row in rows])
    insert_rows(
        RoleAssignment,
        ("user_id", "organization_id"),
        ((user_ids[row.username], row.employer_id) for row in rows),
        role=Role.WORKER.value,
    )
    insert_rows(
        Worker,
        (
            "user_id",
            "name",
            "gender",
            "birth_date",
            "employer_id",
            "department_id",
            *PROFILE_FIELDS,
            *PII_COLUMNS,
        ),
        (_worker_values(row, user_ids[row.username]) for row in rows),
    )
    worker_ids = _ids(Worker, "id_number_hash", [row.id_hash for row in rows])
    insert_rows(
        EmploymentRecord,
        ("worker_id", "employer_id", "department_id", "started_on"),
        ((worker_ids[row.id_hash], row.employer_id, row.department_id, row.started_on) for row in rows),
    )
    return {"workers": len(rows), "accounts": len(rows), "employers": len({row.employer_id for row in rows})}


def _worker_values(row: WorkerRow, user_id: int) -> tuple:
    pii = worker_pii_fields(row.id_number, row.mobile)
    return (
        user_id,
        row.name,
        gender_from_id(row.id_number),
        birth_date_from_id(row.id_number),
        row.employer_id,
        row.department_id,
        *(row.profile[key] for key in PROFILE_FIELDS),
        *(pii[column] for column in PII_COLUMNS),
    )


def _ids(model, field: str, values: list[str]) -> dict[str, int]:
    """{unique value: primary key} for rows just inserted."""
    ids = {}
    for batch in chunks(values):
        ids.update(model.objects.filter(**{f"{field}__in": batch}).values_list(field, "pk"))
    return ids
