from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from zhichuang.accounts.access import permission_required
from zhichuang.accounts.roles import Perm
from zhichuang.core.errors import ApplicationError
from zhichuang.core.files import private_response
from zhichuang.core.views import add_service_error, found, paginate

from .enums import ImportKind
from .forms import ImportForm
from .reports import TEMPLATE_NAMES, XLSX_CONTENT_TYPE, template_workbook
from .selectors import import_job_get, import_job_list
from .services import import_job_create


@permission_required(Perm.IMPORT_DATA)
def job_list(request):
    return render(request, "imports/list.html", {"page": paginate(request, import_job_list(user=request.user))})


@permission_required(Perm.IMPORT_DATA)
def job_create(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job, generated_password = import_job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                initial_password=form.cleaned_data["initial_password"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            if not generated_password:
                return redirect("imports:detail", pk=job.pk)
            # Rendered, not redirected: the generated password is shown this once and stored nowhere.
            job.refresh_from_db()
            return render(request, "imports/detail.html", {"job": job, "generated_password": generated_password})
    return render(request, "imports/create.html", {"form": form, "kinds": ImportKind.choices})


@permission_required(Perm.IMPORT_DATA)
def job_detail(request, pk):
    return render(request, "imports/detail.html", {"job": found(import_job_get, user=request.user, pk=pk)})


@permission_required(Perm.IMPORT_DATA)
def job_progress(request, pk):
    """The progress block alone, polled by htmx every second until the job has finished."""
    return render(request, "imports/_progress.html", {"job": found(import_job_get, user=request.user, pk=pk)})


@permission_required(Perm.IMPORT_DATA)
def report_download(request, pk):
    job = found(import_job_get, user=request.user, pk=pk)
    if not job.error_report:
        raise Http404
    return private_response(
        job.error_report,
        as_attachment=True,
        filename=_("problems-%(name)s.xlsx") % {"name": job.original_name.rsplit(".", 1)[0]},
        content_type=XLSX_CONTENT_TYPE,
    )


@permission_required(Perm.IMPORT_DATA)
def template_download(request, kind):
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(template_workbook(ImportKind(kind)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=TEMPLATE_NAMES[ImportKind(kind)]
    )
    return response
