from django.contrib import admin

from zhichuang.accounts.admin_site import SysadminModelAdmin

from . import services
from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(SysadminModelAdmin):
    list_display = ("name", "kind", "credit_code", "industry", "is_active")
    list_filter = ("kind", "is_active", "size_class", "ownership")
    search_fields = ("name", "credit_code")
    readonly_fields = ("parent", "kind", "path", "depth")
    fields = (
        "parent",
        "kind",
        "name",
        "is_active",
        "credit_code",
        "industry",
        "ownership",
        "size_class",
        "address",
        "headcount",
        "union_chair",
        "contact_name",
        "contact_phone",
        "partner_type",
        "linked_districts",
    )
    show_full_result_count = False

    def has_add_permission(self, request):
        # New organisations need a path in the tree: created through the import or the services.
        return False

    def write(self, *, actor, obj, fields):
        services.organization_update(actor=actor, organization=obj, **fields)

    def write_related(self, *, actor, obj, form):
        if "linked_districts" not in form.changed_data:
            return
        wanted = set(form.cleaned_data["linked_districts"])
        linked = set(obj.linked_districts.all())
        for district in wanted - linked:
            services.partner_link_district(actor=actor, partner=obj, district=district)
        for district in linked - wanted:
            services.partner_unlink_district(actor=actor, partner=obj, district=district)
