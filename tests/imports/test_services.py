import datetime

import pytest

from tests import factories
from tests.imports.conftest import WORKER_HEADERS, csv_bytes, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core import crypto
from zhichuang.core.validators import birth_date_from_id
from zhichuang.imports.enums import ImportStage, ImportStatus
from zhichuang.imports.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

IMPORT_PASSWORD = "Import-pass-2026"


def run(actor, content, name="职工.xlsx", kind="workers", password=IMPORT_PASSWORD):
    job, _ = import_job_create(
        actor=actor, kind=kind, upload=upload(content, name), initial_password=password, enqueue=False
    )
    return import_job_run(job=job)


def test_import_workers_good_xlsx_creates_workers_accounts_and_history(city_tree, district_admin):
    steel = city_tree["steel"]
    id_a, id_b = factories.new_id_number(), factories.new_id_number(datetime.date(1990, 2, 3), "F")
    content = xlsx_bytes(
        WORKER_HEADERS,
        [
            worker_row(steel, name="赵六", id_number=id_a, mobile="13800001111", department="炼钢车间"),
            worker_row(
                city_tree["mill"], name="钱七", id_number=id_b, 技能等级="1", 入职日期=datetime.date(2019, 5, 6)
            ),
        ],
    )
    before = Worker.objects.count()

    job = run(district_admin, content)

    assert job.status == ImportStatus.SUCCEEDED, job.result
    assert job.stage == ImportStage.DONE
    assert (job.total_rows, job.processed_rows) == (2, 2)
    assert job.result["created"] == {"workers": 2, "accounts": 2, "employers": 2}
    assert Worker.objects.count() == before + 2
    zhao = Worker.objects.get(id_number_hash=crypto.blind_index(id_a, "id_number"))
    assert (zhao.name, zhao.employer, zhao.department) == ("赵六", steel, city_tree["steel_shop"])
    assert (zhao.skill_level, zhao.professional_title, zhao.education, zhao.union_member) == (
        3,
        "intermediate",
        "junior_college",
        True,
    )
    assert zhao.id_number_encrypted != id_a and id_a not in zhao.id_number_encrypted
    assert zhao.id_number_masked == id_a[:4] + "*" * 10 + id_a[-4:]
    assert zhao.reveal_id_number() == id_a
    assert zhao.reveal_mobile() == "13800001111"
    assert (zhao.gender, zhao.birth_date) == ("M", birth_date_from_id(id_a))
    assert zhao.user.username == f"w{zhao.id_number_hash[:12]}"
    assert zhao.user.must_change_password
    assert zhao.user.check_password("Import-pass-2026")
    assert RoleAssignment.objects.filter(user=zhao.user, role=Role.WORKER, organization=steel).exists()
    record = EmploymentRecord.objects.get(worker=zhao)
    assert (record.employer, record.department, record.started_on) == (
        steel,
        city_tree["steel_shop"],
        datetime.date(2020, 3, 1),
    )
    qian = Worker.objects.get(id_number_hash=crypto.blind_index(id_b, "id_number"))
    assert (qian.skill_level, qian.gender, qian.mobile_masked) == (1, "F", "")
    assert EmploymentRecord.objects.get(worker=qian).started_on == datetime.date(2019, 5, 6)
    entries = AuditEntry.objects.filter(action="import.workers")
    assert entries.count() == 1
    assert entries.get().changes["created"]["workers"] == 2
    assert not job.file


def test_import_workers_clear_id_never_stored(city_tree, district_admin):
    id_number = factories.new_id_number()
    run(district_admin, xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], id_number=id_number)]))
    stored = Worker.objects.filter(id_number_hash=crypto.blind_index(id_number, "id_number")).values().get()
    assert not any(id_number in str(value) for value in stored.values())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_import_workers_csv_in_each_encoding(city_tree, district_admin, encoding):
    content = csv_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="孙八", 部门="炼钢车间")], encoding)
    job = run(district_admin, content, name="workers.csv")
    assert job.status == ImportStatus.SUCCEEDED, job.result
    assert Worker.objects.filter(name="孙八", department=city_tree["steel_shop"]).exists()
