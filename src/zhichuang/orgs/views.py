from django.db.models import Count
from django.shortcuts import render

from zhichuang.accounts.access import permission_required
from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import listing_export
from zhichuang.core.views import found

from .enums import OrgKind
from .listings import ORGANISATIONS
from .selectors import organization_get, organization_list, organization_roots


def _with_child_counts(qs):
    return qs.annotate(child_count=Count("children"))


@permission_required(Perm.VIEW_ORGS)
def tree(request):
    roots = _with_child_counts(organization_roots(user=request.user))
    return render(request, "orgs/tree.html", {"nodes": roots})


@permission_required(Perm.VIEW_ORGS)
def children(request, pk):
    """The children of one node, loaded by htmx when the node is expanded."""
    parent = found(organization_get, user=request.user, pk=pk)
    nodes = _with_child_counts(organization_list(user=request.user, parent_id=parent.pk))
    return render(request, "orgs/_nodes.html", {"nodes": nodes})


@permission_required(Perm.VIEW_ORGS)
def org_list(request):
    result = ORGANISATIONS.page(request)
    context = {
        "form": result.form,
        "page": result.page,
        "within": result.named["within"],
        "kinds": OrgKind.choices,
        "listing": ORGANISATIONS,
    }
    return render(request, "orgs/list.html", context, status=400 if result.invalid else 200)


@permission_required(Perm.VIEW_ORGS)
def org_export(request):
    return listing_export(request, ORGANISATIONS)


@permission_required(Perm.VIEW_ORGS)
def detail(request, pk):
    org = found(organization_get, user=request.user, pk=pk)
    context = {
        "org": org,
        "ancestors": organization_list(user=request.user).filter(path__in=org.ancestor_paths()[:-1]),
        "children": _with_child_counts(organization_list(user=request.user, parent_id=org.pk))[:200],
        "can_view_people": has_perm(request.user, Perm.VIEW_WORKERS, org),
        "can_grant": has_perm(request.user, Perm.GRANT_ROLES, org),
    }
    return render(request, "orgs/detail.html", context)
