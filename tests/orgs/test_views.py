import io

import openpyxl
from django.urls import reverse

from tests import factories
from tests.scoping_matrix import ALL_ORGS, positions
from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import has_perm
from zhichuang.audit.models import AuditEntry
from zhichuang.orgs.enums import Ownership
from zhichuang.orgs.models import Organization

TREE = reverse("orgs:tree")
LIST = reverse("orgs:list")


def test_org_list_matrix_shows_exactly_the_scope(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        response = client.get(LIST)
        if not has_perm(position.user, Perm.VIEW_ORGS):
            assert response.status_code == 404, position.label
            continue
        html = response.content.decode()
        assert {o.name for o in response.context["page"].rows} == position.orgs, position.label
        for name in ALL_ORGS - position.orgs:
            assert name not in html, (position.label, name)


def test_org_tree_matrix_shows_roots_and_children_in_scope(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        response = client.get(TREE)
        if not has_perm(position.user, Perm.VIEW_ORGS):
            assert response.status_code == 404, position.label
            continue
        # Walk the whole tree the way the browser does, expanding every node.
        seen, frontier = set(), list(response.context["nodes"])
        while frontier:
            node = frontier.pop()
            seen.add(node.name)
            frontier += client.get(reverse("orgs:children", args=[node.pk])).context["nodes"]
        assert seen == position.orgs, position.label


def test_org_detail_matrix_out_of_scope_is_404(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        for org in Organization.objects.all():
            expected = 200 if org.name in position.orgs else 404
            assert client.get(reverse("orgs:detail", args=[org.pk])).status_code == expected, (position.label, org)
            children = client.get(reverse("orgs:children", args=[org.pk]))
            assert children.status_code == expected, (position.label, org)


def test_org_tree_children_are_an_htmx_fragment_with_counts(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get(reverse("orgs:children", args=[city_tree["north"].pk]))
    html = response.content.decode()
    assert "<html" not in html
    nodes = {n.name: n.child_count for n in response.context["nodes"]}
    assert nodes == {"北钢集团": 1, "北纺厂": 0}
    assert reverse("orgs:children", args=[city_tree["steel"].pk]) in html
    assert reverse("orgs:children", args=[city_tree["mill"].pk]) not in html


def test_org_tree_says_what_its_numbers_count(client, city_tree):
    Organization.objects.filter(pk=city_tree["steel"].pk).update(headcount=11610)
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    html = client.get(reverse("orgs:children", args=[city_tree["north"].pk])).content.decode()
    assert "职工人数 11,610" in html and "下级 1 个" in html
    assert ">11610<" not in html and " 11,610</span>" not in html.replace("职工人数 11,610", "")


def test_org_detail_shows_enterprise_fields(client, city_tree):
    org = factories.make_enterprise(
        city_tree["south"],
        "南方电机厂",
        industry="38",
        ownership=Ownership.STATE,
        address="示范市南区港湾路8号",
        headcount=1200,
        union_chair="刘洋",
        contact_name="陈静",
        contact_phone="025-88886666",
    )
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]))
    html = client.get(reverse("orgs:detail", args=[org.pk])).content.decode()
    for text in (
        org.credit_code,
        "电气机械和器材制造业",
        "示范市南区港湾路8号",
        "1,200",
        "刘洋",
        "陈静",
        "025-88886666",
    ):
        assert text in html
    assert f"{reverse('accounts:worker_list')}?org={org.pk}" in html


def test_org_list_filters_by_kind_search_and_within(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))

    def names(**params):
        return {o.name for o in client.get(LIST, params).context["page"].rows}

    assert names(kind="enterprise") == {"北钢集团", "北纺厂", "南港公司"}
    assert names(kind="enterprise", within=city_tree["north"].pk) == {"北钢集团", "北纺厂"}
    assert names(q="南") == {"南区总工会", "南港公司"}
    assert names(q=city_tree["port"].credit_code.lower()) == {"南港公司"}


def test_org_list_query_count_is_constant(client, city_tree, django_assert_num_queries):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["mill"]))
    client.get(LIST)
    with django_assert_num_queries(4) as one:
        assert len(client.get(LIST).context["page"].rows) == 1
    for _ in range(5):
        factories.make_department(city_tree["mill"])
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(LIST).context["page"].rows) == 6


def test_org_export_is_scoped_filtered_and_audited(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get(reverse("orgs:export"), {"kind": "enterprise"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("组织类型", "名称", "上级组织", "统一社会信用代码")
    assert sorted(r[1] for r in rows[1:]) == sorted(["北钢集团", "北纺厂"])  # not 南港公司 of the other district
    assert rows[1][3] == city_tree["steel"].credit_code
    assert AuditEntry.objects.get(action="export").changes == {"rows": 2, "filters": {"kind": "enterprise"}}
