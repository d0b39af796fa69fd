import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests import factories
from tests.imports.conftest import WORKER_HEADERS, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Role
from zhichuang.imports.columns import WORKER_COLUMNS
from zhichuang.imports.enums import ImportStatus
from zhichuang.imports.models import ImportJob
from zhichuang.imports.services import import_job_create, import_job_run
from zhichuang.proposals.imports import PROPOSAL_COLUMNS

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_job(actor, content, name="a.xlsx"):
    job, _password = import_job_create(actor=actor, kind="workers", upload=upload(content, name), enqueue=False)
    return import_job_run(job=job)


def test_upload_runs_the_task_and_shows_the_result(
    client, city_tree, district_admin, django_capture_on_commit_callbacks
):
    client.force_login(district_admin)
    content = xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="吴十")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports:create"),
            {"kind": "workers", "file": upload(content), "initial_password": "Import-pass-2026"},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", args=[job.pk])
    assert job.status == ImportStatus.SUCCEEDED
    assert Worker.objects.filter(name="吴十").exists()
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert _("Imported.") in page and "hx-trigger" not in page
    listing = client.get(reverse("imports:list")).content.decode()
    assert job.original_name in listing


def test_upload_without_password_shows_generated_one_once(
    client, city_tree, district_admin, django_capture_on_commit_callbacks
):
    client.force_login(district_admin)
    content = xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="郑十一")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:create"), {"kind": "workers", "file": upload(content)})
    assert response.status_code == 200
    password = response.context["generated_password"]
    assert password in response.content.decode()
    assert Worker.objects.get(name="郑十一").user.check_password(password)
    job = ImportJob.objects.get()
    assert password not in client.get(reverse("imports:detail", args=[job.pk])).content.decode()


def test_running_job_polls_progress(client, district_admin):
    job, _password = import_job_create(actor=district_admin, kind="workers", upload=upload(b"x"), enqueue=False)
    client.force_login(district_admin)
    fragment = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and reverse("imports:progress", args=[job.pk]) in fragment


def test_failed_job_lists_problems_and_serves_report(client, city_tree, district_admin):
    id_number = factories.new_id_number()
    rows = [worker_row(city_tree["steel"], id_number=id_number), worker_row(city_tree["steel"], id_number=id_number)]
    job = make_job(district_admin, xlsx_bytes(WORKER_HEADERS, rows))
    client.force_login(district_admin)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert _("The same ID number is in row %(row)d.") % {"row": 2} in page
    assert id_number not in page
    response = client.get(reverse("imports:report", args=[job.pk]))
    assert response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(2, 1).value == 3


def test_jobs_outside_scope_are_404(client, city_tree, district_admin):
    south_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"], username="south-admin")
    job = make_job(district_admin, b"x")
    client.force_login(south_admin)
    for name in ("imports:detail", "imports:progress", "imports:report"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.original_name not in client.get(reverse("imports:list")).content.decode()


def test_city_admin_sees_district_jobs(client, city_tree, district_admin, city_admin):
    job = make_job(district_admin, b"x", name="北区职工.xlsx")
    client.force_login(city_admin)
    assert client.get(reverse("imports:detail", args=[job.pk])).status_code == 200
    assert "北区职工.xlsx" in client.get(reverse("imports:list")).content.decode()


def test_worker_without_import_permission_gets_404(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    assert client.get(reverse("imports:list")).status_code == 404
    assert client.get(reverse("imports:create")).status_code == 404


def test_list_query_count_is_constant(client, district_admin, django_assert_max_num_queries):
    client.force_login(district_admin)
    make_job(district_admin, b"x")
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("imports:list"))
    for _index in range(5):
        make_job(district_admin, b"x")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("imports:list"))
    assert len(response.context["page"].rows) == 6


def test_template_download(client, district_admin):
    client.force_login(district_admin)
    response = client.get(reverse("imports:template", args=["workers"]))
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    assert [cell.value for cell in data[1]] == [column.header for column in WORKER_COLUMNS]
    assert data.max_row == 2
    assert notes.max_row > len(WORKER_COLUMNS)
    assert client.get(reverse("imports:template", args=["nonsense"])).status_code == 404


def test_template_example_row_imports_once_enterprise_exists(city_tree, district_admin, client):
    """The example row is valid apart from its fictitious employer."""
    client.force_login(district_admin)
    content = client.get(reverse("imports:template", args=["workers"])).content
    job = make_job(district_admin, content)
    assert [p[1] for p in job.result["problems"]] == ["单位统一社会信用代码"]


def test_proposal_template_download_lists_the_proposal_columns(client, district_admin):
    client.force_login(district_admin)
    response = client.get(reverse("imports:template", args=["proposals"]))
    data = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in data[1]] == [column.header for column in PROPOSAL_COLUMNS]
    assert data[1][1].value == "标题"
