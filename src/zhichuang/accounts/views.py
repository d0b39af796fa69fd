from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhichuang.audit.exports import listing_export
from zhichuang.core import modules
from zhichuang.core.errors import ApplicationError
from zhichuang.core.views import add_service_error, back_to, found
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_get, organization_list

from . import services
from .access import access_worker, object_required, own_records, permission_required
from .forms import LoginForm, PasswordChangeForm, RoleGrantForm
from .listings import PEOPLE, ROLES
from .roles import Perm
from .scoping import has_perm
from .selectors import account_get, role_assignment_list, worker_get

# A filter select lists the enterprises in scope only while they are few; beyond, people pick in the tree.
ORG_OPTIONS_MAX = 200


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
            public_pages=modules.public_pages(),
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


@permission_required(Perm.VIEW_WORKERS)
def worker_list_view(request):
    result = PEOPLE.page(request)
    if result.invalid:  # each field's errors are shown at the field; the message says why the list is empty
        messages.error(request, _("Correct the filters above to see the list."))
    org, department = result.named["org"], result.named["department"]
    enterprises = list(organization_list(user=request.user, kind=OrgKind.ENTERPRISE)[: ORG_OPTIONS_MAX + 1])
    enterprise = org if org is not None and org.kind == OrgKind.ENTERPRISE else None
    departments = []
    if enterprise is not None:
        departments = list(
            organization_list(user=request.user, kind=OrgKind.DEPARTMENT, within=enterprise)[:ORG_OPTIONS_MAX]
        )
    context = {
        "form": result.form,
        "org": org,
        "enterprise": enterprise,
        "department": department,
        "page": result.page,
        "enterprises": enterprises if len(enterprises) <= ORG_OPTIONS_MAX else None,
        "departments": departments,
        "export_max": PEOPLE.row_cap,
    }
    return render(request, "accounts/worker_list.html", context, status=400 if result.invalid else 200)


@permission_required(Perm.VIEW_WORKERS)
def worker_export(request):
    return listing_export(request, PEOPLE)


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
        "page": ROLES.page(request).page,
        "org_options": organization_list(user=request.user).exclude(kind=OrgKind.DEPARTMENT)[:ORG_OPTIONS_MAX],
    }
    return render(request, "accounts/role_list.html", context)


@permission_required(Perm.GRANT_ROLES)
def role_export(request):
    return listing_export(request, ROLES)


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
    return back_to(request, "accounts:role_list")
