"""Django admin is the system administrator's tool, and only theirs (MLPS 2.0 separation).

The security administrator grants roles in zhichuang's own pages and the audit
administrator reads the audit log there; neither reaches the admin. The audit log
is not registered, role assignments are read-only, and nothing is deleted here.
Writes made in the admin go through the same services as the pages (save_model calls the
admin's write(), which names the service), so they are validated and audited alike.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from zhichuang.accounts.roles import Role
from zhichuang.accounts.scoping import has_role
from zhichuang.core.forms import bound_formfield


def is_sysadmin(request) -> bool:
    user = request.user
    return user.is_active and user.is_authenticated and has_role(user, Role.SYSADMIN)


def _refuse_other_accounts(request) -> None:
    """A logged-in account that is not the system administrator gets the 404 page, as for any page it
    may not see, instead of the admin's redirect to its login (which sends a logged-in user back: a loop)."""
    if request.user.is_authenticated and not is_sysadmin(request):
        raise Http404


def restrict_admin_to_sysadmin(site) -> None:
    site.has_permission = is_sysadmin
    admin_view = site.admin_view

    def guarded_admin_view(view, cacheable=False):
        inner = admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            _refuse_other_accounts(request)
            return inner(request, *args, **kwargs)

        return guarded

    def login(request, extra_context=None):
        # Anonymous visitors log in on zhichuang's own page, then come back to where they were going.
        _refuse_other_accounts(request)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    site.admin_view = guarded_admin_view
    site.login = login
    site.site_header = gettext_lazy("Zhichuang · system administration")
    site.site_title = gettext_lazy("Zhichuang")
    site.index_title = gettext_lazy("System administration")


class SysadminModelAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return is_sysadmin(request)

    has_view_permission = has_add_permission = has_change_permission = lambda self, request, obj=None: is_sysadmin(
        request
    )

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Bounded like the column, as every form of the project is (core.forms).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return bound_formfield(db_field, field) if field is not None else None

    def save_model(self, request, obj, form, change):
        """A change made here is written by the same service as on the pages (validation, transaction,
        audit row): each admin names it in write(). The form has already put the values on obj; the
        service reads the row afresh and compares."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name not in self._m2m_names()}
        if fields:
            self.write(actor=request.user, obj=obj, fields=fields)

    def save_related(self, request, form, formsets, change):
        """Related rows too go through services (write_related); nothing here saves them directly."""
        self.write_related(actor=request.user, obj=form.instance, form=form)

    def write(self, *, actor, obj, fields: dict) -> None:
        raise NotImplementedError(f"{type(self).__name__} must write its changes through a service")

    def write_related(self, *, actor, obj, form) -> None:
        """Many-to-many fields of the form, if it has any (none by default)."""

    def _m2m_names(self) -> set[str]:
        return {field.name for field in self.model._meta.many_to_many}
