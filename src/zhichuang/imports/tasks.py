"""Background tasks: thin wrappers that load the job and call the service."""

from django.tasks import task

from .models import ImportJob
from .services import import_job_run


@task()
def run_import(job_id: int) -> str:
    job = import_job_run(job=ImportJob.objects.select_related("created_by").get(pk=job_id))
    return job.status
