"""Generate a plausible city: districts, enterprises, departments, partners and workers.

Deterministic: everything shown (names, codes, ID numbers, profiles) comes from
one seeded random.Random, so the same seed gives the same city on any database.
Fast: organisation paths are computed here (no per-row path allocation), rows are
written in bulk with explicit primary keys, and worker accounts share one
password hash. Used by `load_demo` (示范市, 20,000 workers) and `generate_scale`
(the DESIGN.md scale, millions of workers).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, User, Worker, worker_pii_fields
from zhichuang.accounts.roles import Role
from zhichuang.core import bulk, person_names
from zhichuang.core.validators import generate_credit_code, generate_id_number
from zhichuang.orgs import industries
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import SEGMENT_WIDTH, Organization

from . import vocabulary as words

WORKER_BATCH = 20_000
EARLIEST_BIRTH = datetime.date(1966, 1, 1).toordinal()
LATEST_BIRTH = datetime.date(2005, 12, 31).toordinal()
# Multiplier of a bijection on 8-digit numbers (coprime with 10**8): unique mobile numbers.
_MOBILE_STRIDE = 7_919


@dataclass(frozen=True)
class CitySize:
    districts: int = 8
    enterprises: int = 300
    workers: int = 20_000
    # One worker in this many gets a login account (0: none); see loader.py for why not all.
    account_every: int = 10
    departments: tuple[int, int] = (3, 6)


@dataclass
class BuiltCity:
    city: Organization
    districts: list[Organization]
    enterprises: list[Organization]
    partners: list[Organization]
    counts: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _path(parent_path: str, n: int) -> str:
    return f"{parent_path}{n:0{SEGMENT_WIDTH}d}"


class CityGenerator:
    def __init__(
        self,
        *,
        seed: int,
        size: CitySize,
        as_of: datetime.datetime,
        account_password: str = "",
        progress: Callable[[int, int], None] | None = None,
    ):
        # The stored (hashed) password of generated worker accounts; "" makes them unusable.
        self.account_password = account_password or make_password(None)
        self.rng = random.Random(seed)
        self.size = size
        self.progress = progress or (lambda done, total: None)
        # When the city is made: its records' timestamps, the latest start of employment.
        self.now = as_of
        self.credit_codes: set[str] = set()
        self.id_numbers: set[str] = set()
        self.mobile_offset = self.rng.randrange(10**8)
        self.sectors = [s for s in words.SECTORS if all(d in industries.DIVISIONS for d in s.divisions)]
        self.surnames = [s for s, _ in person_names.SURNAMES]
        self.surname_weights = [w for _, w in person_names.SURNAMES]

    # ---- people --------------------------------------------------------------------

    def person_name(self, gender: str) -> str:
        rng = self.rng
        chars = person_names.GIVEN_CHARS_MALE if gender == "M" else person_names.GIVEN_CHARS_FEMALE
        given = rng.choice(chars)
        if rng.random() < 0.7:
            given = rng.choice(person_names.GIVEN_CHARS_COMMON + chars) + given
        return rng.choices(self.surnames, self.surname_weights)[0] + given

    def id_number(self, region: str, gender: str) -> str:
        while True:
            birth = datetime.date.fromordinal(self.rng.randint(EARLIEST_BIRTH, LATEST_BIRTH))
            number = generate_id_number(self.rng, birth, gender, region)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def mobile(self, n: int) -> str:
        prefix = words.MOBILE_PREFIXES[n % len(words.MOBILE_PREFIXES)]
        return f"{prefix}{(n * _MOBILE_STRIDE + self.mobile_offset) % 10**8:08d}"

    # ---- organisations -------------------------------------------------------------

    def _org(self, pk: int, kind: str, parent: Organization | None, name: str, path: str, **fields) -> Organization:
        return Organization(
            pk=pk,
            kind=kind,
            parent=parent,
            name=name,
            path=path,
            depth=len(path) // SEGMENT_WIDTH,
            created_at=self.now,
            updated_at=self.now,
            **fields,
        )

    def _enterprise_fields(self, sector, district_index: int, district_name: str, names: set[str]) -> dict:
        rng = self.rng
        while True:
            brand = rng.choice(words.BRAND_FIRST) + rng.choice(words.BRAND_SECOND)
            name = f"{brand}{rng.choice(sector.words)}{_weighted(rng, words.LEGAL_FORMS)}"
            if name not in names:
                names.add(name)
                break
        region = words.REGION_CODES[district_index % len(words.REGION_CODES)]
        while True:
            code = generate_credit_code(rng, region)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                break
        size_class, _, (low, high) = rng.choices(words.SIZES, [w for _, w, _ in words.SIZES])[0]
        return {
            "name": name,
            "credit_code": code,
            "industry": rng.choice(sector.divisions),
            "ownership": _weighted(rng, words.OWNERSHIP),
            "size_class": size_class,
            "headcount": rng.randint(low, high),
            "address": f"示范市{district_name}{rng.choice(words.STREETS)}{rng.randint(1, 999)}号",
            "union_chair": self.person_name(rng.choice("MF")),
            "contact_name": self.person_name(rng.choice("MF")),
            "contact_phone": f"0599-{rng.randint(20000000, 89999999)}",
        }

    def build_organizations(self, root_number: int) -> BuiltCity:
        rng, size = self.rng, self.size
        pk = bulk.next_id(Organization)
        city = self._org(pk, OrgKind.CITY, None, words.CITY_NAME, _path("", root_number))
        pk += 1
        districts = []
        for i in range(size.districts):
            label = words.DISTRICTS[i % len(words.DISTRICTS)]
            if i >= len(words.DISTRICTS):
                label = f"{label}{i // len(words.DISTRICTS) + 1}"
            districts.append(self._org(pk, OrgKind.DISTRICT, city, f"{label}总工会", _path(city.path, i + 1)))
            pk += 1
        city.children_created = len(districts)

        # Every district gets at least one enterprise; the rest are spread by weight.
        district_of = list(range(size.districts))[: size.enterprises]
        weights = [rng.uniform(0.5, 1.5) for _ in districts]
        district_of += rng.choices(range(size.districts), weights, k=size.enterprises - len(district_of))
        sector_weights = [s.weight for s in self.sectors]
        enterprises, departments, names_by_district = [], [], [set() for _ in districts]
        for d in district_of:
            district = districts[d]
            sector = rng.choices(self.sectors, sector_weights)[0]
            fields = self._enterprise_fields(sector, d, district.name.removesuffix("总工会"), names_by_district[d])
            district.children_created += 1
            enterprise = self._org(
                pk, OrgKind.ENTERPRISE, district, path=_path(district.path, district.children_created), **fields
            )
            enterprise.sector = sector
            pk += 1
            enterprises.append(enterprise)
            low, high = size.departments
            dept_names = rng.sample(sector.departments, min(rng.randint(low, high), len(sector.departments)))
            for n, dept_name in enumerate(dept_names, start=1):
                departments.append(self._org(pk, OrgKind.DEPARTMENT, enterprise, dept_name, _path(enterprise.path, n)))
                pk += 1
            enterprise.children_created = len(dept_names)
        partners = []
        for n, (name, partner_type, links) in enumerate(words.PARTNERS, start=1):
            partner = self._org(pk, OrgKind.PARTNER, None, name, _path("", root_number + n), partner_type=partner_type)
            partner.links = rng.sample(districts, min(links, len(districts)))
            partners.append(partner)
            pk += 1

        bulk.insert_dicts(
            Organization, [bulk.as_row(o) for o in [city, *districts, *enterprises, *departments, *partners]]
        )
        bulk.insert_dicts(
            Organization.linked_districts.through,
            [
                {"from_organization_id": p.pk, "to_organization_id": d.pk}
                for p in partners
                for d in sorted(p.links, key=lambda o: o.pk)
            ],
        )
        self.departments_of = {}
        for dept in departments:
            self.departments_of.setdefault(dept.parent_id, []).append(dept)
        return BuiltCity(
            city=city,
            districts=districts,
            enterprises=enterprises,
            partners=partners,
            counts={
                "districts": len(districts),
                "enterprises": len(enterprises),
                "departments": len(departments),
                "partners": len(partners),
            },
        )

    # ---- workers -------------------------------------------------------------------

    def _allocate_workers(self, enterprises: list[Organization]) -> list[int]:
        """How many workers each enterprise gets: every enterprise some, larger ones more."""
        total = self.size.workers
        weights = [e.headcount**0.5 for e in enterprises]
        scale = total / sum(weights)
        counts = [max(1, int(w * scale)) for w in weights]
        # Hand out (or take back) the rounding difference deterministically, largest first.
        order = sorted(range(len(enterprises)), key=lambda i: -weights[i])
        i = 0
        while sum(counts) != total:
            idx = order[i % len(order)]
            if sum(counts) < total:
                counts[idx] += 1
            elif counts[idx] > 1:
                counts[idx] -= 1
            i += 1
        return counts

    def build_workers(self, built: BuiltCity) -> None:
        rng, size, now = self.rng, self.size, self.now
        counts = self._allocate_workers(built.enterprises)
        worker_pk, record_pk = bulk.next_id(Worker), bulk.next_id(EmploymentRecord)
        user_pk, role_pk = bulk.next_id(User), bulk.next_id(RoleAssignment)
        district_region = {d.pk: words.REGION_CODES[i % len(words.REGION_CODES)] for i, d in enumerate(built.districts)}
        first_user_pk = user_pk
        batch: dict[type, list] = {User: [], RoleAssignment: [], Worker: [], EmploymentRecord: []}
        done = 0
        for enterprise, count in zip(built.enterprises, counts, strict=True):
            departments = self.departments_of.get(enterprise.pk, [])
            trades = enterprise.sector.trades
            for _ in range(count):
                gender = "M" if rng.random() < 0.58 else "F"
                local = rng.random() < 0.75
                region = district_region[enterprise.parent_id] if local else rng.choice(words.OTHER_REGION_CODES)
                id_number = self.id_number(region, gender)
                name = self.person_name(gender)
                department = rng.choice(departments) if departments and rng.random() < 0.85 else None
                pii = worker_pii_fields(id_number, self.mobile(worker_pk))
                user_id = None
                if size.account_every and worker_pk % size.account_every == 0:
                    user_id = user_pk
                    batch[User].append(
                        {
                            "id": user_pk,
                            "username": f"w{pii['id_number_hash'][:12]}",
                            "display_name": name,
                            "password": self.account_password,
                            "must_change_password": True,
                            "date_joined": now,
                        }
                    )
                    batch[RoleAssignment].append(
                        {
                            "id": role_pk,
                            "user_id": user_pk,
                            "role": Role.WORKER.value,
                            "organization_id": enterprise.pk,
                            "granted_at": now,
                        }
                    )
                    user_pk += 1
                    role_pk += 1
                birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
                department_id = department.pk if department else None
                batch[Worker].append(
                    {
                        "id": worker_pk,
                        "user_id": user_id,
                        "name": name,
                        "gender": gender,
                        "birth_date": birth,
                        "employer_id": enterprise.pk,
                        "department_id": department_id,
                        "trade": rng.choice(trades),
                        "skill_level": _weighted(rng, words.SKILL_LEVELS),
                        "professional_title": _weighted(rng, words.TITLES),
                        "education": _weighted(rng, words.EDUCATION),
                        "union_member": rng.random() < 0.92,
                        "created_at": now,
                        "updated_at": now,
                        **pii,
                    }
                )
                started = datetime.date.fromordinal(
                    min(birth.toordinal() + rng.randint(18 * 365, 40 * 365), now.date().toordinal() - 30)
                )
                batch[EmploymentRecord].append(
                    {
                        "id": record_pk,
                        "worker_id": worker_pk,
                        "employer_id": enterprise.pk,
                        "department_id": department_id,
                        "started_on": started,
                    }
                )
                worker_pk += 1
                record_pk += 1
                done += 1
                if len(batch[Worker]) >= WORKER_BATCH:
                    self._flush(batch)
                    self.progress(done, size.workers)
        if batch[Worker]:
            self._flush(batch)
            self.progress(done, size.workers)
        built.counts |= {"workers": done, "worker_accounts": user_pk - first_user_pk}

    @staticmethod
    def _flush(batch: dict[type, list]) -> None:
        for model in (User, RoleAssignment, Worker, EmploymentRecord):
            bulk.insert_dicts(model, batch[model])
            batch[model].clear()


def start_of_today() -> datetime.datetime:
    """Midnight of today in the site's zone: what generated data is dated against.

    Read once per load and handed to every part, so that a load which runs across a second (or takes
    minutes) is the same as one that did not, and two loads on the same day are the same.
    """
    return datetime.datetime.combine(timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone())


def root_number() -> int:
    last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return int(last) + 1 if last else 1


@transaction.atomic
def generate_city(
    *,
    seed: int,
    size: CitySize,
    as_of: datetime.datetime | None = None,
    account_password: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> BuiltCity:
    """Build a whole city in one transaction, as of `as_of` (the start of today unless given).

    account_password is a stored hash shared by worker accounts.
    """
    generator = CityGenerator(
        seed=seed, size=size, as_of=as_of or start_of_today(), account_password=account_password, progress=progress
    )
    built = generator.build_organizations(root_number())
    generator.build_workers(built)
    bulk.reset_sequences(Organization, Worker, EmploymentRecord, User, RoleAssignment)
    return built
