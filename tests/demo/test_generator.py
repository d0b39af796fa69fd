import io

from django.core.management import call_command

from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, User, Worker
from zhichuang.core.validators import validate_credit_code, validate_id_number, validate_mobile
from zhichuang.demo.generator import CitySize, generate_city
from zhichuang.orgs import industries
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization
from zhichuang.proposals.models import Campaign, Proposal

SMALL = CitySize(districts=3, enterprises=12, workers=200, account_every=10)


def _snapshot():
    orgs = list(Organization.objects.order_by("path").values_list("name", "path", "credit_code", "industry"))
    workers = list(Worker.objects.order_by("id").values_list("name", "id_number_hash", "mobile_hash", "trade"))
    return orgs, workers


def _wipe():
    EmploymentRecord.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Worker.objects.all().delete()
    User.objects.all().delete()
    Organization.linked_districts.through.objects.all().delete()
    for depth in (4, 3, 2, 1):
        Organization.objects.filter(depth=depth).delete()


def test_generate_city_same_seed_same_city(db):
    generate_city(seed=7, size=SMALL)
    first = _snapshot()
    _wipe()
    generate_city(seed=7, size=SMALL)
    assert _snapshot() == first
    _wipe()
    generate_city(seed=8, size=SMALL)
    assert _snapshot() != first


def test_generate_city_sizes_and_tree(db):
    built = generate_city(seed=7, size=SMALL)
    assert built.counts["districts"] == 3
    assert Organization.objects.filter(kind=OrgKind.ENTERPRISE).count() == 12
    assert Worker.objects.count() == EmploymentRecord.objects.count() == 200
    assert User.objects.count() == RoleAssignment.objects.count() == 20
    for org in Organization.objects.exclude(parent=None).select_related("parent"):
        assert org.path.startswith(org.parent.path) and org.depth == org.parent.depth + 1
    for org in Organization.objects.all():
        assert org.children_created == org.children.count()
    # Every enterprise has workers and 3-6 departments; partners are linked to districts.
    for enterprise in Organization.objects.filter(kind=OrgKind.ENTERPRISE):
        assert enterprise.employees.exists()
        assert 3 <= enterprise.children.count() <= 6
    assert Organization.objects.filter(kind=OrgKind.PARTNER, linked_districts__isnull=False).exists()


def test_generate_city_values_are_valid(db):
    generate_city(seed=7, size=SMALL)
    for enterprise in Organization.objects.filter(kind=OrgKind.ENTERPRISE):
        assert validate_credit_code(enterprise.credit_code) == enterprise.credit_code
        assert enterprise.industry in industries.DIVISIONS
        assert enterprise.address and enterprise.union_chair and enterprise.headcount
    for worker in Worker.objects.select_related("employer", "department"):
        id_number = worker.reveal_id_number()
        assert validate_id_number(id_number) == id_number
        assert validate_mobile(worker.reveal_mobile())
        assert worker.birth_date.strftime("%Y%m%d") == id_number[6:14]
        assert worker.gender == ("M" if int(id_number[16]) % 2 else "F")
        assert worker.department is None or worker.department.parent_id == worker.employer_id
        assert 2 <= len(worker.name) <= 4


def test_generated_accounts_cannot_log_in(db):
    generate_city(seed=7, size=SMALL)
    assert not any(user.has_usable_password() for user in User.objects.all())


def test_generate_scale_command_builds_and_refuses_a_filled_database(db):
    call_command("generate_scale", enterprises=6, workers=30, districts=2)
    assert Worker.objects.count() == 30
    try:
        call_command("generate_scale", enterprises=6, workers=30, districts=2)
    except Exception as exc:  # noqa: BLE001 - CommandError expected
        assert "empty database" in str(exc)
    else:
        raise AssertionError("generate_scale ran on a filled database")


def test_generate_scale_makes_proposals_through_the_proposals_demo_step(db):
    out = io.StringIO()
    call_command("generate_scale", enterprises=6, workers=300, districts=2, proposals=120, stdout=out)
    assert Proposal.objects.count() == 120
    assert Campaign.objects.exists()
    assert f"proposals 120, campaigns {Campaign.objects.count()}" in out.getvalue()
    # No demo accounts in scale data: the proposals are handed in by generated workers' accounts.
    assert not User.objects.filter(is_demo=True).exists()
    assert set(Proposal.objects.values_list("created_by__is_demo", flat=True)) == {False}
