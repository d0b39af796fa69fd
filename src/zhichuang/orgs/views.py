from django.db.models import Count
from django.shortcuts import render

from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.core.views import found, paginate, permission_required

from .enums import OrgKind
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
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrgKind.values else ""
    search = request.GET.get("q", "").strip()[:100]
    within = found(organization_get, user=request.user, pk=request.GET["within"]) if request.GET.get("within") else None
    qs = organization_list(user=request.user, kind=kind or None, search=search, within=within)
    context = {
        "page": paginate(request, qs),
        "kind": kind,
        "kinds": OrgKind.choices,
        "q": search,
        "within": within,
    }
    return render(request, "orgs/list.html", context)


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
