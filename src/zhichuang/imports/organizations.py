"""Import organisations: districts, enterprises, departments and partner organisations.

A row may name a parent created earlier in the same file, so rows are resolved
level by level (districts, partners, enterprises, departments) whatever their
order in the file. Paths are reserved with orgs.services.allocate_paths for
existing parents; children of new parents are numbered from 1 directly.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhichuang.accounts.scoping import Scope
from zhichuang.core.validators import validate_credit_code
from zhichuang.orgs import industries
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import SEGMENT_WIDTH, Organization
from zhichuang.orgs.services import allocate_paths

from .columns import ORGANIZATION_COLUMNS
from .parsing import Table, map_headers
from .rows import Problems, Progress, chunks, first_seen, parse_rows

COLUMNS = ORGANIZATION_COLUMNS

BATCH_SIZE = 2000
HEADER = {column.key: column.header for column in ORGANIZATION_COLUMNS}
LEVELS = (OrgKind.DISTRICT, OrgKind.PARTNER, OrgKind.ENTERPRISE, OrgKind.DEPARTMENT)
FIELDS = (
    "name",
    "credit_code",
    "industry",
    "ownership",
    "size_class",
    "address",
    "headcount",
    "union_chair",
    "contact_name",
    "contact_phone",
)


@dataclass
class OrgRow:
    row: int
    kind: str
    fields: dict
    # 上级组织 as written: a district's name, an enterprise's credit code, or empty.
    reference: str = ""
    # The parent (or, for a partner, the district to link): an existing organisation or another row.
    parent: Organization | None = None
    parent_row: "OrgRow | None" = None
    # The nearest organisation that already exists above this one; the importer's scope must cover it.
    anchor_path: str = ""
    children: int = 0
    created: Organization | None = field(default=None, repr=False)


def validate(*, table: Table, scope: Scope, progress: Progress, disclose: Scope | None = None) -> list[OrgRow]:
    # Names and credit codes of organisations are public registry data, not personal data: a clash with an
    # existing organisation keeps its clear message (docs/conventions.md); `disclose` is unused here.
    positions = map_headers(table.headers, ORGANIZATION_COLUMNS)
    problems = Problems()
    parsed = parse_rows(table, ORGANIZATION_COLUMNS, positions, problems, progress)
    rows = [
        OrgRow(
            row=number,
            kind=values["kind"][0],
            fields={key: values[key] for key in FIELDS} | {"partner_type": values["kind"][1]},
            reference=values["parent"] or "",
        )
        for number, values in parsed
        if values["kind"]
    ]
    _check_codes(problems, rows)
    resolver = _Resolver(rows, problems, scope)
    for level in LEVELS:
        for row in rows:
            if row.kind == level:
                resolver.place(row)
    resolver.check_names()
    problems.raise_if_any()
    return rows


def _check_codes(problems: Problems, rows: list[OrgRow]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        code, industry = row.fields["credit_code"], row.fields["industry"]
        if not code and row.kind == OrgKind.ENTERPRISE:
            problems.add(row.row, HEADER["credit_code"], _("An enterprise needs its unified social credit code."))
        if code:
            try:
                row.fields["credit_code"] = code = validate_credit_code(code)
            except ValidationError as exc:
                problems.add_validation(row.row, HEADER["credit_code"], exc)
            else:
                first_seen(
                    problems,
                    seen,
                    code,
                    row.row,
                    HEADER["credit_code"],
                    _("The same credit code is in row %(row)d."),
                )
        row.fields["credit_code"] = row.fields["credit_code"] or None
        if industry and not industries.is_valid_division(industry):
            problems.add(row.row, HEADER["industry"], _("Unknown GB/T 4754-2017 industry division."))
    for batch in chunks(seen):
        for code in Organization.objects.filter(credit_code__in=batch).values_list("credit_code", flat=True):
            problems.add(seen[code], HEADER["credit_code"], _("This unified social credit code is already registered."))


class _Resolver:
    """Finds each row's parent among existing organisations and earlier-resolved rows, and checks scope."""

    def __init__(self, rows: list[OrgRow], problems: Problems, scope: Scope):
        self.problems = problems
        self.scope = scope
        self.cities = list(Organization.objects.filter(kind=OrgKind.CITY).only("id", "name", "path", "kind"))
        self.districts: dict[str, list[Organization]] = defaultdict(list)
        for district in Organization.objects.filter(kind=OrgKind.DISTRICT).only("id", "name", "path", "kind"):
            self.districts[district.name].append(district)
        codes = {row.reference for row in rows if row.kind == OrgKind.DEPARTMENT and row.reference}
        self.enterprises: dict[str, Organization] = {}
        for batch in chunks(codes):
            self.enterprises |= {
                org.credit_code: org
                for org in Organization.objects.filter(credit_code__in=batch).only(
                    "id", "name", "path", "kind", "credit_code"
                )
            }
        self.new_districts = {row.fields["name"]: row for row in rows if row.kind == OrgKind.DISTRICT}
        self.new_enterprises = {
            row.fields["credit_code"]: row
            for row in rows
            if row.kind == OrgKind.ENTERPRISE and row.fields["credit_code"]
        }
        self.rows = rows

    def fail(self, row: OrgRow, message) -> None:
        self.problems.add(row.row, HEADER["parent"], message)

    def place(self, row: OrgRow) -> None:
        reference = row.reference
        if row.kind == OrgKind.DISTRICT:
            self._place_district(row, reference)
        elif row.kind == OrgKind.ENTERPRISE:
            if not reference:
                self.fail(row, _("Name the district union this enterprise belongs to."))
            else:
                self._link(row, self._district(row, reference))
        elif row.kind == OrgKind.DEPARTMENT:
            if not reference:
                self.fail(row, _("Give the credit code of the enterprise this department belongs to."))
            else:
                self._link(row, self._enterprise(row, reference))
        elif reference:  # a partner linked to a district
            self._link(row, self._district(row, reference))
        elif not any(len(path) == SEGMENT_WIDTH for path in self.scope.paths):
            self.fail(row, _("Only a city-wide administrator may add an unlinked partner organisation."))
        if row.anchor_path and not self.scope.covers(row.anchor_path):
            self.fail(row, _("You may not import organisations there."))

    def _place_district(self, row: OrgRow, reference: str) -> None:
        cities = [city for city in self.cities if city.name == reference] if reference else self.cities
        if len(cities) != 1:
            self.fail(row, _("Name the city federation this district belongs to."))
        else:
            self._link(row, cities[0])

    def _district(self, row: OrgRow, name: str):
        existing = self.districts.get(name, [])
        if name in self.new_districts:
            return self.new_districts[name]
        if len(existing) == 1:
            return existing[0]
        self.fail(
            row,
            _("No district union with this name.") if not existing else _("Several district unions have this name."),
        )
        return None

    def _enterprise(self, row: OrgRow, code: str):
        if code in self.new_enterprises:
            return self.new_enterprises[code]
        existing = self.enterprises.get(code)
        if existing is None or existing.kind != OrgKind.ENTERPRISE:
            self.fail(row, _("No enterprise with this credit code is registered or in the file."))
            return None
        return existing

    def _link(self, row: OrgRow, parent) -> None:
        if isinstance(parent, OrgRow):
            row.parent_row, row.anchor_path = parent, parent.anchor_path
            if row.kind != OrgKind.PARTNER:
                parent.children += 1
        elif parent is not None:
            row.parent, row.anchor_path = parent, parent.path

    def check_names(self) -> None:
        """Names are unique under one parent: in the file and against what exists."""
        seen: dict[tuple, int] = {}
        existing_parents = defaultdict(list)
        for row in self.rows:
            if row.kind == OrgKind.PARTNER:
                key = ("root", None)
            elif row.parent is not None:
                key = ("existing", row.parent.pk)
                existing_parents[row.parent.pk].append(row)
            elif row.parent_row is not None:
                key = ("new", row.parent_row.row)
            else:
                continue
            first_seen(
                self.problems,
                seen,
                (*key, row.fields["name"]),
                row.row,
                HEADER["name"],
                _("The same name under the same parent is in row %(row)d."),
            )
        taken = set()
        for batch in chunks(existing_parents, 500):
            taken.update(Organization.objects.filter(parent_id__in=batch).values_list("parent_id", "name"))
        partner_names = [row.fields["name"] for row in self.rows if row.kind == OrgKind.PARTNER]
        roots = set()
        for batch in chunks(partner_names):
            roots.update(Organization.objects.filter(parent=None, name__in=batch).values_list("name", flat=True))
        message = _("An organisation with this name already exists here.")
        for parent_id, rows in existing_parents.items():
            for row in rows:
                if (parent_id, row.fields["name"]) in taken:
                    self.problems.add(row.row, HEADER["name"], message)
        for row in self.rows:
            if row.kind == OrgKind.PARTNER and row.fields["name"] in roots:
                self.problems.add(row.row, HEADER["name"], message)


def write(*, rows: list[OrgRow]) -> dict:
    """Create the organisations level by level, inside the caller's transaction."""
    counts = Counter()
    for level in LEVELS:
        level_rows = [row for row in rows if row.kind == level]
        if not level_rows:
            continue
        paths = _paths(level_rows)
        objects = []
        for row, path in zip(level_rows, paths, strict=True):
            parent = None if row.kind == OrgKind.PARTNER else (row.parent or row.parent_row.created)
            row.created = Organization(
                kind=row.kind,
                parent=parent,
                path=path,
                depth=len(path) // SEGMENT_WIDTH,
                children_created=row.children,
                **row.fields,
            )
            objects.append(row.created)
        Organization.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        counts[level.value] = len(objects)
    links = [
        Organization.linked_districts.through(
            from_organization_id=row.created.pk,
            to_organization_id=(row.parent or row.parent_row.created).pk,
        )
        for row in rows
        if row.kind == OrgKind.PARTNER and (row.parent or row.parent_row)
    ]
    Organization.linked_districts.through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return dict(counts)


def _paths(level_rows: list[OrgRow]) -> list[str]:
    """One path per row, in order: reserved under existing parents, numbered from 1 under new ones."""
    if level_rows[0].kind == OrgKind.PARTNER:
        return allocate_paths(None, len(level_rows))
    by_parent: dict[tuple, list[int]] = defaultdict(list)
    for index, row in enumerate(level_rows):
        key = ("existing", row.parent.pk) if row.parent is not None else ("new", row.parent_row.row)
        by_parent[key].append(index)
    paths: list[str] = [""] * len(level_rows)
    for (source, _key), indexes in by_parent.items():
        first = level_rows[indexes[0]]
        if source == "existing":
            reserved = allocate_paths(first.parent, len(indexes))
        else:
            base = first.parent_row.created.path
            reserved = [f"{base}{n:0{SEGMENT_WIDTH}d}" for n in range(1, len(indexes) + 1)]
        for index, path in zip(indexes, reserved, strict=True):
            paths[index] = path
    return paths
