from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.audit.exports import Column, xlsx_response
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error, found, paginate
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_get, organization_list

from . import services
from .access import access_worker, object_required, own_records, permission_required
from .forms import LoginForm, PasswordChangeForm, RoleGrantForm, WorkerFilterForm
from .models import Worker
from .roles import Perm
from .scoping import has_perm
from .selectors import account_get, role_assignment_list, worker_get, worker_list

# A filter select lists the enterprises in scope only while they are few; beyond, people pick in the tree.
ORG_OPTIONS_MAX = 200
# Larger lists are narrowed with filters first: an export runs inside the request.
EXPORT_MAX_ROWS = 100_000


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # A refused login is a client error (400), for every reason alike: a wrong password, an unknown
        # name and a lock answer the same status.
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failure_limit=settings.LOGIN_FAILURE_LIMIT,
            lock_minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES,
            **kwargs,
        )


class LogoutView(auth_views.LogoutView):
    pass


@never_cache
@own_records
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:home")
    return render(
        request,
        "registration/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
        status=400 if form.errors else 200,
    )


# ---- people -------------------------------------------------------------------------


def _worker_query(request):
    """The people list's filters and the scoped queryset, which is None when a filter is invalid.

    `org` is any organisation in scope (district, enterprise...); `dept` a department, which wins when given.
    An invalid filter selects no one rather than being dropped with the others: a list narrowed by none of
    them would pass for the one asked for (and the export would hold the whole scope). The organisation
    and department, when valid, are still looked up (a 404 outside the scope) so the page stays theirs.
    """
    form = WorkerFilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    data = form.cleaned_data if form.is_bound else {}  # holds the valid filters of an invalid form too
    org = found(organization_get, user=request.user, pk=data["org"]) if data.get("org") else None
    department = found(organization_get, user=request.user, pk=data["dept"]) if data.get("dept") else None
    if invalid:
        return form, org, department, None, {}
    kwargs = form.selector_kwargs() if form.is_bound else {}
    if department is not None and department.kind == OrgKind.DEPARTMENT:
        qs = worker_list(user=request.user, department=department, **kwargs)
        chosen = department
    else:
        qs = worker_list(user=request.user, within=org, **kwargs)
        chosen = org
    filters = {k: v for k, v in {**kwargs, "org": chosen.name if chosen else None}.items() if v not in (None, "")}
    return form, org, department, qs, filters


@permission_required(Perm.VIEW_WORKERS)
def worker_list_view(request):
    form, org, department, qs, _filters = _worker_query(request)
    invalid = qs is None
    if invalid:  # each field's errors are shown at the field; the message says why the list is empty
        messages.error(request, _("Correct the filters above to see the list."))
        qs = Worker.objects.none()
    enterprises = list(organization_list(user=request.user, kind=OrgKind.ENTERPRISE)[: ORG_OPTIONS_MAX + 1])
    enterprise = org if org is not None and org.kind == OrgKind.ENTERPRISE else None
    departments = []
    if enterprise is not None:
        departments = list(
            organization_list(user=request.user, kind=OrgKind.DEPARTMENT, within=enterprise)[:ORG_OPTIONS_MAX]
        )
    context = {
        "form": form,
        "org": org,
        "enterprise": enterprise,
        "department": department,
        "page": paginate(request, qs),
        "enterprises": enterprises if len(enterprises) <= ORG_OPTIONS_MAX else None,
        "departments": departments,
        "export_max": EXPORT_MAX_ROWS,
    }
    return render(request, "accounts/worker_list.html", context, status=400 if invalid else 200)


WORKER_COLUMNS = [
    # Chinese headers whatever the interface language: the same headers the worker import reads.
    Column("姓名", lambda w: w.name, 12),
    Column("性别", lambda w: w.get_gender_display(), 6),
    Column("身份证号(脱敏)", lambda w: w.id_number_masked, 22),
    Column("手机号(脱敏)", lambda w: w.mobile_masked, 14),
    Column("工作单位", lambda w: w.employer.name, 28),
    Column("部门/车间", lambda w: w.department.name if w.department else "", 16),
    Column("工种", lambda w: w.trade, 12),
    Column("技能等级", lambda w: w.get_skill_level_display() if w.skill_level else "", 16),
    Column("职称", lambda w: w.get_professional_title_display(), 12),
    Column("学历", lambda w: w.get_education_display(), 16),
    Column("工会会员", lambda w: w.union_member, 8),
]


@permission_required(Perm.VIEW_WORKERS)
def worker_export(request):
    _form, _org, _department, qs, filters = _worker_query(request)
    if qs is None:  # the list shows what is wrong with the filters
        return redirect(f"{reverse('accounts:worker_list')}?{request.GET.urlencode()}")
    return xlsx_response(
        filename="workers",
        sheet="职工",
        columns=WORKER_COLUMNS,
        rows=qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000),
        filters=filters,
    )


@never_cache
@object_required(access_worker)
def worker_detail(request, worker):
    history = worker.employment_history.select_related("employer", "department")
    context = {
        "worker": worker,
        "history": history,
        "can_reveal": has_perm(request.user, Perm.VIEW_PII, worker.employer),
        "can_reset_password": worker.user_id is not None and services.may_reset_password(request.user, worker.user),
    }
    return render(request, "accounts/worker_detail.html", context)


@never_cache
@require_POST
@permission_required(Perm.MANAGE_WORKERS)
def worker_password_reset(request, pk):
    worker = found(worker_get, user=request.user, pk=pk)
    if worker.user_id is None:
        raise Http404
    return _password_reset(request, worker.user, back=reverse("accounts:worker_detail", args=[worker.pk]))


@never_cache
@require_POST
@permission_required(Perm.GRANT_ROLES)
def account_password_reset(request, pk):
    account = found(account_get, user=request.user, pk=pk)
    return _password_reset(request, account, back=reverse("accounts:role_list"))


def _password_reset(request, account, *, back: str):
    """Reset, then show the one-time password once (never cached, never in a redirect's URL)."""
    try:
        password = services.password_reset(actor=request.user, user=account)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    context = {"account": account, "password": password, "back": back}
    return render(request, "accounts/password_reset_done.html", context)


@never_cache
@require_POST
@object_required(access_worker)
def worker_reveal(request, worker):
    try:
        revealed = services.worker_reveal_pii(actor=request.user, worker=worker)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:worker_detail", pk=worker.pk)
    if request.headers.get("HX-Request"):
        return render(request, "accounts/_pii.html", {"worker": worker, "revealed": revealed})
    history = worker.employment_history.select_related("employer", "department")
    return render(
        request,
        "accounts/worker_detail.html",
        {"worker": worker, "history": history, "can_reveal": True, "revealed": revealed},
    )


# ---- roles --------------------------------------------------------------------------


@permission_required(Perm.GRANT_ROLES)
def role_list(request):
    form = RoleGrantForm(request.POST or None, actor=request.user, initial=_grant_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_grant(
                actor=request.user,
                user=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
                can_view_pii=form.cleaned_data["can_view_pii"],
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Granted: %s.") % assignment)
            return redirect("accounts:role_list")
    context = {
        "form": form,
        "page": paginate(request, role_assignment_list(user=request.user)),
        "org_options": organization_list(user=request.user).exclude(kind=OrgKind.DEPARTMENT)[:ORG_OPTIONS_MAX],
    }
    return render(request, "accounts/role_list.html", context)


ROLE_COLUMNS = [
    Column("用户名", lambda a: a.user.username, 18),
    Column("姓名", lambda a: a.user.display_name, 12),
    Column("角色", lambda a: a.get_role_display(), 18),
    Column("组织", lambda a: a.organization.name, 30),
    Column("可查看完整个人信息", lambda a: a.can_view_pii, 10),
    Column("授权时间", lambda a: a.granted_at, 20),
]


@permission_required(Perm.GRANT_ROLES)
def role_export(request):
    return xlsx_response(
        filename="roles",
        sheet="角色授权",
        columns=ROLE_COLUMNS,
        rows=role_assignment_list(user=request.user).iterator(chunk_size=2000),
        filters={},
    )


def _grant_initial(request) -> dict:
    """?org=<id> (from an organisation page) pre-fills the organisation."""
    org_id = request.GET.get("org")
    if not org_id:
        return {}
    org = found(organization_get, user=request.user, pk=org_id)
    return {"organization": org.credit_code or org.name}


@require_POST
@permission_required(Perm.GRANT_ROLES)
def role_revoke(request, pk):
    assignment = role_assignment_list(user=request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Revoked: %s.") % assignment)
    return redirect("accounts:role_list")


@require_POST
@permission_required(Perm.GRANT_ROLES)
def account_unlock(request, pk):
    account = found(account_get, user=request.user, pk=pk)
    try:
        services.account_unlock(actor=request.user, user=account)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%s is unlocked and can log in again.") % account)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "accounts:role_list"
    return redirect(target)
