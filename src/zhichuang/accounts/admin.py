from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhichuang.accounts.admin_site import SysadminModelAdmin

from . import services
from .models import RoleAssignment, User, Worker


class RoleAssignmentInline(admin.TabularInline):
    """Shown, never edited here: only the security administrator grants roles."""

    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "organization", "can_view_pii", "granted_by", "granted_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SysadminModelAdmin):
    list_display = ("username", "display_name", "is_active", "must_change_password", "expires_at", "last_login")
    list_filter = ("is_active", "must_change_password")
    search_fields = ("username", "display_name")
    fields = (
        "username",
        "display_name",
        "is_active",
        "expires_at",
        "must_change_password",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("username", "last_login", "date_joined")
    inlines = [RoleAssignmentInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def write(self, *, actor, obj, fields):
        services.user_update(actor=actor, user=obj, **fields)


@admin.register(Worker)
class WorkerAdmin(SysadminModelAdmin):
    """Personal data appears masked only; the full values are never in the admin."""

    list_display = ("name", "employer", "department", "id_number_masked", "mobile_masked", "skill_level")
    list_select_related = ("employer", "department")
    search_fields = ("name",)
    fields = (
        "name",
        "gender",
        "birth_month",
        "id_number_masked",
        "mobile_masked",
        "employer",
        "department",
        "trade",
        "skill_level",
        "professional_title",
        "education",
        "union_member",
    )
    # birth_month, not birth_date: the day beside the masked ID narrows it (core.validators.birth_month).
    readonly_fields = ("gender", "birth_month", "id_number_masked", "mobile_masked", "employer", "department")
    show_full_result_count = False

    @admin.display(description=_("birth month"))
    def birth_month(self, worker):
        return worker.birth_month

    def has_add_permission(self, request):
        return False

    def write(self, *, actor, obj, fields):
        services.worker_update(actor=actor, worker=obj, **fields)
