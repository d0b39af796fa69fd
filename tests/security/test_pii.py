"""Issue 9, findings 1-3: personal data that could be walked out around the mask.

1. the worker import as an oracle for full ID and mobile numbers;
2. the API's full birth date beside the masked ID;
3. full mobile numbers (a failed login's username) in the audit log.
"""

import datetime

import openpyxl
import pytest
from django.utils.translation import gettext as _

from tests import factories
from tests.imports.conftest import WORKER_HEADERS, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import LoginAttempt, Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import WITHHELD_ROWS_MESSAGE
from zhichuang.imports.enums import ImportStatus
from zhichuang.imports.services import import_job_create, import_job_run

pytestmark = pytest.mark.django_db

IMPORT_PASSWORD = "Import-pass-2026"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _run(actor, rows):
    job, _password = import_job_create(
        actor=actor,
        kind="workers",
        upload=upload(xlsx_bytes(WORKER_HEADERS, rows)),
        initial_password=IMPORT_PASSWORD,
        enqueue=False,
    )
    return import_job_run(job=job)


def _report(job) -> list[tuple]:
    """Every problem of the downloadable error report (the page shows the first 100 of the same)."""
    job.error_report.open("rb")
    try:
        sheet = openpyxl.load_workbook(job.error_report).active
        return [tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    finally:
        job.error_report.close()


def _leaks(job) -> str:
    """All the text the uploader gets back: the page's result and the error report."""
    return repr(job.result) + repr(_report(job))


# ---- finding 1: the import is no oracle ------------------------------------------------------------


def test_import_clash_without_pii_permission_confirms_no_value(city_tree):
    north_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])  # no can_view_pii
    outside = city_tree["port_worker"]  # south district: outside the uploader's scope
    inside = city_tree["steel_worker"]  # in scope, but the uploader may not see its numbers
    steel = city_tree["steel"]
    rows = [
        worker_row(steel, name="甲", id_number=outside.reveal_id_number()),
        worker_row(steel, name="乙", mobile=inside.reveal_mobile()),
        worker_row(steel, name="丙", id_number=inside.reveal_id_number()),
        worker_row(steel, name="丁"),  # a genuinely new worker
    ]
    before = Worker.objects.count()
    job = _run(north_admin, rows)

    assert job.status == ImportStatus.FAILED
    assert Worker.objects.count() == before
    text = _leaks(job)
    for said in ("ID number is already registered", "mobile number is already registered", "already exists"):
        assert said not in text
    for said in (
        _("A worker with this ID number is already registered."),
        _("A worker with this mobile number is already registered."),
    ):
        assert said not in text
    # No row number singles out a clashing row: the answer is one statement about the file.
    rows_named = {problem[0] for problem in _report(job)}
    assert rows_named.isdisjoint({2, 3, 4}), _report(job)
    # The probe is on record for the audit administrator, without the values.
    entry = AuditEntry.objects.get(action="pii.import_withheld")
    assert entry.changes["rows"] == 3
    for worker in (outside, inside):
        assert worker.reveal_id_number() not in repr(entry.changes)
        assert worker.reveal_mobile() not in repr(entry.changes)


def test_import_clash_answer_is_the_same_for_id_mobile_and_scope(city_tree):
    north_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    steel = city_tree["steel"]
    inside, outside = city_tree["steel_worker"], city_tree["port_worker"]
    answers = []
    for clash in (
        {"id_number": outside.reveal_id_number()},
        {"id_number": inside.reveal_id_number()},
        {"mobile": outside.reveal_mobile()},
        {"mobile": inside.reveal_mobile()},
    ):
        job = _run(north_admin, [worker_row(steel, **clash)])
        answers.append((job.result["message"], job.result["problems"], _report(job)))
    assert all(answer == answers[0] for answer in answers), answers


def test_import_clash_with_pii_permission_keeps_the_clear_message(city_tree):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], can_view_pii=True)
    inside = city_tree["steel_worker"]
    job = _run(admin, [worker_row(city_tree["steel"], id_number=inside.reveal_id_number())])
    assert job.result["problems"] == [[2, "身份证号", _("A worker with this ID number is already registered.")]]
    # ... but a clash outside the scope where the permission holds is still not confirmed.
    outside = city_tree["port_worker"]
    job = _run(admin, [worker_row(city_tree["steel"], mobile=outside.reveal_mobile())])
    assert "mobile number is already registered" not in _leaks(job)
    assert [problem[0] for problem in job.result["problems"]] == [None]
    assert job.result["problems"][0][2] == str(WITHHELD_ROWS_MESSAGE)


def test_duplicate_rows_inside_the_file_keep_their_clear_message(city_tree):
    north_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    id_number = factories.new_id_number()
    job = _run(north_admin, [worker_row(city_tree["steel"], id_number=id_number)] * 2)
    assert job.result["problems"] == [[3, "身份证号", _("The same ID number is in row %(row)d.") % {"row": 2}]]


def test_worker_create_conflict_confirms_no_value_without_permission(city_tree):
    from zhichuang.accounts import services
    from zhichuang.core.errors import Conflict

    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])  # no can_view_pii
    outside = city_tree["port_worker"]
    messages = []
    for identity in (
        {"id_number": outside.reveal_id_number()},
        {"id_number": factories.new_id_number(), "mobile": outside.reveal_mobile()},
    ):
        with pytest.raises(Conflict) as caught:
            services.worker_create(actor=admin, name="试", employer=city_tree["steel"], **identity)
        messages.append(repr(caught.value.details) + str(caught.value.message))
    assert messages[0] == messages[1]
    assert "already registered" not in messages[0]


# ---- finding 2: no full birth date beside the mask -----------------------------------------------


def test_api_worker_detail_shows_year_month_of_birth_only(client, city_tree):
    worker = city_tree["steel_worker"]
    for admin in (
        factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]),
        factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True),
    ):
        client.force_login(admin)
        response = client.get(f"/api/v1/workers/{worker.pk}")
        assert response.status_code == 200
        body = response.content.decode()
        assert worker.birth_date.isoformat() not in body
        assert response.json()["birth_month"] == worker.birth_date.strftime("%Y-%m")
        assert "birth_date" not in response.json()


def test_page_and_api_share_the_birth_month(client, city_tree):
    from zhichuang.core.validators import birth_month

    worker = city_tree["steel_worker"]
    assert birth_month(worker.birth_date) == worker.birth_date.strftime("%Y-%m")
    assert birth_month(None) == ""
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    page = client.get(f"/accounts/people/{worker.pk}/").content.decode()
    assert birth_month(worker.birth_date) in page
    assert worker.birth_date.isoformat() not in page


# ---- finding 3: the audit log holds no clear personal data -----------------------------------------


def test_failed_login_with_a_mobile_is_audited_masked(client, city_tree):
    worker = city_tree["steel_worker"]
    mobile = worker.reveal_mobile()
    unknown_mobile = "13912345678"
    id_number = worker.reveal_id_number()
    for login in (mobile, unknown_mobile, f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}", id_number):
        client.post("/accounts/login/", {"username": login, "password": "wrong-password-1"})
    client.logout()
    rows = list(AuditEntry.objects.filter(action__startswith="auth.").values())
    assert rows
    for clear in (mobile, unknown_mobile, id_number):
        assert clear not in repr(rows)
    assert any(row["object_repr"] == worker.mobile_masked for row in rows)
    # The lockout counts what was typed by a keyed hash: no number in clear, and no mask many numbers share.
    typed = list(LoginAttempt.objects.values_list("username", flat=True))
    assert len(typed) == 4
    for clear in (mobile, unknown_mobile, id_number):
        assert not any(clear in value for value in typed)
    assert not any("*" in value for value in typed)

    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    client.force_login(auditor)
    for url in ("/audit/", "/audit/export/", "/api/v1/audit?limit=100"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if url.startswith("/audit/export"):
            sheet = openpyxl.load_workbook(__import__("io").BytesIO(body)).active
            body = repr(list(sheet.iter_rows(values_only=True))).encode()
        for clear in (mobile, unknown_mobile, id_number):
            assert clear.encode() not in body, url


def test_audit_record_masks_identifiers_in_name_and_changes(db):
    from zhichuang.audit.services import audit_record

    id_number = factories.new_id_number(datetime.date(1985, 6, 7))
    entry = audit_record(
        action="test",
        object_type="x",
        object_repr=f"登录 13800138000 / {id_number}",
        changes={"mobile": "13800138000", "nested": [{"id": id_number}], "born": "1985-06-07"},
    )
    entry.refresh_from_db()
    text = entry.object_repr + repr(entry.changes)
    assert "13800138000" not in text and id_number not in text
    assert "138****8000" in entry.object_repr
