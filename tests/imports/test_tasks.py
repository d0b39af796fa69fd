import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.imports.conftest import WORKER_HEADERS, upload, worker_row, xlsx_bytes
from zhichuang.accounts.models import Worker
from zhichuang.imports.enums import ImportStatus
from zhichuang.imports.models import ImportJob
from zhichuang.imports.services import import_job_create


@pytest.fixture
def database_tasks(settings):
    """The production backend: the job waits in the database until a worker picks it up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_import_queued_on_database_backend_runs_in_db_worker(city_tree, district_admin, database_tasks):
    content = xlsx_bytes(WORKER_HEADERS, [worker_row(city_tree["steel"], name="褚十四")])
    job, _password = import_job_create(
        actor=district_admin, kind="workers", upload=upload(content), initial_password="Import-pass-2026"
    )
    assert DBTaskResult.objects.count() == 1
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.SUCCEEDED
    assert Worker.objects.filter(name="褚十四").exists()
