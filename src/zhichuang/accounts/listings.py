"""The people and role lists, declared once for their pages, exports and API (core.listing)."""

from django import forms
from django.utils.translation import pgettext_lazy

from zhichuang.core.listing import Cell, Column, Listing, Selection
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.selectors import organization_get

from .forms import WorkerFilterForm
from .roles import Perm
from .selectors import role_assignment_list, worker_list


def _c(heading):
    return pgettext_lazy("column", heading)


def _worker_named(user, filters) -> dict:
    """`org` is any organisation in scope (district, enterprise...); `dept` a department. Looked up for an
    invalid form too (a 404 outside the scope), so that the page stays theirs."""
    org, dept = filters.get("org"), filters.get("dept")
    return {
        "org": organization_get(user=user, pk=org) if org else None,
        "department": organization_get(user=user, pk=dept) if dept else None,
    }


def _worker_select(user, filters, named) -> Selection:
    kwargs = {
        "search": filters["q"].strip(),
        "skill_level": filters["skill_level"],
        "union_member": filters["union_member"],
        "employer_id": filters["employer_id"],
    }
    department = named["department"]
    if department is not None and department.kind == OrgKind.DEPARTMENT:  # the department wins when given
        rows, chosen = worker_list(user=user, department=department, **kwargs), department
    else:
        rows, chosen = worker_list(user=user, within=named["org"], **kwargs), named["org"]
    chosen = {**kwargs, "org": chosen.name if chosen else None}
    return Selection(rows, {k: v for k, v in chosen.items() if v not in (None, "")})


PEOPLE = Listing(
    key="accounts.workers",
    perm=Perm.VIEW_WORKERS,
    filters=WorkerFilterForm,
    named=_worker_named,
    select=_worker_select,
    columns=(
        Column(_c("Full name"), lambda w: w.name, width=12),
        Column(_c("Gender"), lambda w: w.get_gender_display(), width=6),
        Column(_c("ID number (masked)"), lambda w: w.id_number_masked, width=22),
        Column(_c("Mobile number (masked)"), lambda w: w.mobile_masked, width=14),
        Column(_c("Employer"), lambda w: w.employer.name, width=28),
        Column(_c("Department/workshop"), lambda w: w.department.name if w.department else "", width=16),
        Column(_c("Trade"), lambda w: w.trade, width=12),
        Column(_c("Skill level"), lambda w: w.get_skill_level_display() if w.skill_level else "", width=16),
        Column(_c("Professional title"), lambda w: w.get_professional_title_display(), width=12),
        Column(_c("Education"), lambda w: w.get_education_display(), width=16),
        Column(_c("Union member"), lambda w: w.union_member, cell=Cell.BOOL, width=8),
    ),
    sheet="职工",
    filename="workers",
    page_url="accounts:worker_list",
    export_url="accounts:worker_export",
    api_path="/api/v1/workers",
    api_names={"q": "search"},
    key_column=0,
    key_field="name",
)


class NoFilters(forms.Form):
    """A list without filters."""


ROLES = Listing(
    key="accounts.roles",
    perm=Perm.GRANT_ROLES,
    filters=NoFilters,
    select=lambda user, filters, named: Selection(role_assignment_list(user=user)),
    columns=(
        Column(_c("Username"), lambda a: a.user.username, width=18),
        Column(_c("Full name"), lambda a: a.user.display_name, width=12),
        Column(_c("Role"), lambda a: a.get_role_display(), width=18),
        Column(_c("Organisation"), lambda a: a.organization.name, width=30),
        Column(_c("May view personal data in full"), lambda a: a.can_view_pii, cell=Cell.BOOL, width=10),
        Column(_c("Granted at"), lambda a: a.granted_at, cell=Cell.DATETIME, width=20),
    ),
    sheet="角色授权",
    filename="roles",
    page_url="accounts:role_list",
    export_url="accounts:role_export",
    key_column=0,
)
