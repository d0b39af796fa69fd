import datetime

import pytest
from django.utils.translation import gettext as _

from tests import factories
from tests.imports.conftest import WORKER_HEADERS, csv_bytes, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core import crypto
from zhichuang.core.errors import PermissionDenied, ValidationFailed
from zhichuang.core.validators import birth_date_from_id
from zhichuang.imports.enums import ImportStage, ImportStatus
from zhichuang.imports.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

IMPORT_PASSWORD = "Import-pass-2026"


def run(actor, content, name="职工.xlsx", kind="workers", password=IMPORT_PASSWORD):
    job, _password = import_job_create(
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


def problems_of(job):
    return [tuple(problem) for problem in job.result["problems"]]


def test_import_workers_duplicate_id_in_file_writes_nothing(city_tree, district_admin):
    id_number = factories.new_id_number()
    rows = [worker_row(city_tree["steel"], id_number=id_number), worker_row(city_tree["mill"], id_number=id_number)]
    before = Worker.objects.count()
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    assert job.status == ImportStatus.FAILED
    assert problems_of(job) == [(3, "身份证号", _("The same ID number is in row %(row)d.") % {"row": 2})]
    assert Worker.objects.count() == before
    assert job.error_report


def test_import_workers_duplicate_against_database(city_tree):
    # Told row by row to a holder of the personal-data permission only (tests/security/test_pii.py: the rest).
    district_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], can_view_pii=True)
    existing = city_tree["steel_worker"]
    rows = [
        worker_row(city_tree["steel"], id_number=existing.reveal_id_number()),
        worker_row(city_tree["steel"], mobile=existing.reveal_mobile()),
    ]
    before = (Worker.objects.count(), User.objects.count())
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    assert problems_of(job) == [
        (2, "身份证号", _("A worker with this ID number is already registered.")),
        (3, "手机号", _("A worker with this mobile number is already registered.")),
    ]
    assert (Worker.objects.count(), User.objects.count()) == before


def test_import_workers_bad_check_digits_and_values(city_tree, district_admin):
    good = factories.new_id_number()
    bad_id = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        worker_row(city_tree["steel"], id_number=bad_id),
        worker_row(city_tree["steel"], 技能等级="六级", 是否工会会员="也许", 入职日期="明天"),
        worker_row(city_tree["steel"], 单位统一社会信用代码="91320100MA1W9K3P0X"),
        worker_row(city_tree["steel"], 部门="不存在的车间", 姓名=""),
    ]
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    assert problems_of(job) == [
        (2, "身份证号", _("The check digit of the ID number is wrong.")),
        (3, "技能等级", _("Unknown %(label)s: %(value)s") % {"label": "技能等级", "value": "六级"}),
        (3, "是否工会会员", _("Unknown %(label)s: %(value)s") % {"label": "是否工会会员", "value": "也许"}),
        (3, "入职日期", _("Not a date: write it as 2024-03-01.")),
        (4, "单位统一社会信用代码", _("No enterprise with this credit code is registered.")),
        (5, "姓名", _("This column is required.")),
        (5, "部门", _("The enterprise has no department with this name.")),
    ]
    assert not Worker.objects.filter(employer=city_tree["steel"]).exclude(pk=city_tree["steel_worker"].pk).exists()


def test_import_problem_never_echoes_long_values(city_tree, district_admin):
    id_number = factories.new_id_number()
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], 技能等级=id_number)]))
    assert problems_of(job) == [(2, "技能等级", _("Unknown %(label)s.") % {"label": "技能等级"})]
    assert id_number not in str(job.result)


def test_import_workers_id_stored_as_number_is_explained(city_tree, district_admin):
    row = worker_row(city_tree["steel"])
    row[1] = float(row[1][:17] + "0")
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, [row]))
    assert problems_of(job) == [
        (2, "身份证号", _("The spreadsheet stored this as a number and lost digits: format the column as text."))
    ]


def test_import_workers_outside_scope_refused(city_tree, district_admin):
    before = Worker.objects.count()
    rows = [worker_row(city_tree["steel"]), worker_row(city_tree["port"])]
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    assert problems_of(job) == [(3, "单位统一社会信用代码", _("You may not import workers into this enterprise."))]
    assert Worker.objects.count() == before


def test_import_without_permission_refused(city_tree):
    worker_user = city_tree["steel_worker"].user
    with pytest.raises(PermissionDenied):
        import_job_create(actor=worker_user, kind="workers", upload=upload(b"x"), enqueue=False)


def test_import_generates_password_when_none_given(city_tree, district_admin):
    job, password = import_job_create(
        actor=district_admin,
        kind="workers",
        upload=upload(xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="周九")])),
        enqueue=False,
    )
    assert password and password not in str(job.result) and password not in job.initial_password_hash
    import_job_run(job=job)
    assert Worker.objects.get(name="周九").user.check_password(password)


def test_import_weak_password_refused(district_admin):
    with pytest.raises(ValidationFailed) as caught:
        import_job_create(
            actor=district_admin, kind="workers", upload=upload(b"x"), initial_password="123", enqueue=False
        )
    assert caught.value.details["initial_password"]


def test_import_progress_is_reported_while_checking(city_tree, district_admin, monkeypatch):
    monkeypatch.setattr("zhichuang.imports.rows.PROGRESS_EVERY", 2)
    rows = [worker_row(city_tree["steel"]) for _ in range(5)]
    job, _password = import_job_create(
        actor=district_admin,
        kind="workers",
        upload=upload(xlsx_bytes(WORKER_HEADERS, rows)),
        initial_password=IMPORT_PASSWORD,
        enqueue=False,
    )
    assert (job.status, job.stage, job.percent) == (ImportStatus.QUEUED, ImportStage.WAITING, 0)
    seen = []
    import_job_run(job=job, on_progress=lambda j: seen.append((j.status, j.stage, j.processed_rows, j.percent)))
    assert seen == [
        (ImportStatus.RUNNING, ImportStage.READING, 0, 0),
        (ImportStatus.RUNNING, ImportStage.VALIDATING, 0, 0),
        (ImportStatus.RUNNING, ImportStage.VALIDATING, 2, 36),
        (ImportStatus.RUNNING, ImportStage.VALIDATING, 4, 72),
        (ImportStatus.RUNNING, ImportStage.VALIDATING, 5, 90),
        (ImportStatus.RUNNING, ImportStage.WRITING, 5, 90),
        (ImportStatus.SUCCEEDED, ImportStage.DONE, 5, 100),
    ]
    job.refresh_from_db()
    assert (job.processed_rows, job.total_rows, job.started_at is not None, job.finished_at is not None) == (
        5,
        5,
        True,
        True,
    )


def test_import_job_runs_once(city_tree, district_admin):
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"])]))
    assert import_job_run(job=job).status == ImportStatus.SUCCEEDED
    assert AuditEntry.objects.filter(action="import.workers").count() == 1


def test_import_error_report_lists_row_column_reason(city_tree, district_admin):
    import openpyxl

    id_number = factories.new_id_number()
    rows = [worker_row(city_tree["steel"], id_number=id_number), worker_row(city_tree["steel"], id_number=id_number)]
    job = run(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    sheet = openpyxl.load_workbook(job.error_report.path).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        [_("Row"), _("Column"), _("Reason")],
        [3, "身份证号", _("The same ID number is in row %(row)d.") % {"row": 2}],
    ]
    assert id_number not in str(job.result)
    assert AuditEntry.objects.get(action="import.workers.rejected").changes["problems"] == 1
