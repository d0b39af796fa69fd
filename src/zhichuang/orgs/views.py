from django.db.models import Count
from django.shortcuts import render

from zhichuang.accounts.access import permission_required
from zhichuang.accounts.roles import Perm
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.exports import Column, xlsx_response
from zhichuang.core.views import found, paginate

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


def _org_query(request):
    """The organisation list's filters and the scoped queryset, shared by the page and its export."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrgKind.values else ""
    search = request.GET.get("q", "").strip()[:100]
    within = found(organization_get, user=request.user, pk=request.GET["within"]) if request.GET.get("within") else None
    qs = organization_list(user=request.user, kind=kind or None, search=search, within=within)
    return kind, search, within, qs


@permission_required(Perm.VIEW_ORGS)
def org_list(request):
    kind, search, within, qs = _org_query(request)
    context = {
        "page": paginate(request, qs),
        "kind": kind,
        "kinds": OrgKind.choices,
        "q": search,
        "within": within,
    }
    return render(request, "orgs/list.html", context)


ORG_COLUMNS = [
    # Chinese headers whatever the interface language: the same headers the organisation import reads.
    Column("组织类型", lambda o: o.get_kind_display(), 16),
    Column("名称", lambda o: o.name, 30),
    Column("上级组织", lambda o: o.parent.name if o.parent else "", 24),
    Column("统一社会信用代码", lambda o: o.credit_code or "", 22),
    Column("行业代码", lambda o: o.industry, 10),
    Column("所有制", lambda o: o.get_ownership_display(), 12),
    Column("规模", lambda o: o.get_size_class_display(), 8),
    Column("地址", lambda o: o.address, 30),
    Column("职工人数", lambda o: o.headcount, 10),
    Column("工会主席", lambda o: o.union_chair, 10),
    Column("联系人", lambda o: o.contact_name, 10),
    Column("联系电话", lambda o: o.contact_phone, 14),
]


@permission_required(Perm.VIEW_ORGS)
def org_export(request):
    kind, search, within, qs = _org_query(request)
    filters = {k: v for k, v in {"kind": kind, "search": search, "within": within and within.name}.items() if v}
    return xlsx_response(
        filename="organisations",
        sheet="组织机构",
        columns=ORG_COLUMNS,
        rows=qs.select_related("parent").iterator(chunk_size=2000),
        filters=filters,
    )


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
