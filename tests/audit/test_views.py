import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.audit.selectors import audit_entry_list
from zhichuang.audit.services import audit_record

AUDIT = reverse("audit:list")


def test_audit_list_is_404_for_everyone_but_the_auditor(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        expected = 200 if position.label.startswith("auditor") else 404
        assert client.get(AUDIT).status_code == expected, position.label
        assert client.get(reverse("audit:export")).status_code == expected, position.label


def test_audit_selector_is_empty_without_the_permission(city_tree):
    audit_record(action="test.event")
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    assert not audit_entry_list(user=sysadmin).exists()
    assert audit_entry_list(user=auditor).filter(action="test.event").exists()


def test_audit_list_filters(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="role.grant", object_repr="旧授权", ip_address="10.1.1.1")
    audit_record(action="role.revoke", object_repr="撤销记录", actor=auditor, ip_address="10.2.2.2")
    audit_record(action="pii.view", object_repr="张伟")
    client.force_login(auditor)

    def reprs(**params):
        return {e.object_repr for e in client.get(AUDIT, params).context["page"].rows}

    assert reprs(action="role.") == {"旧授权", "撤销记录"}
    assert reprs(actor=auditor.username) >= {"撤销记录"}
    assert "旧授权" not in reprs(actor=auditor.username)
    assert reprs(q="张") == {"张伟"}
    assert reprs(q="10.2.2.2") == {"撤销记录"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert reprs(date_from=tomorrow.isoformat()) == set()
    assert "张伟" in reprs(date_to=timezone.localdate().isoformat())


def test_audit_list_query_count_is_constant(client, city_tree, django_assert_num_queries):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    client.force_login(auditor)
    client.get(AUDIT)
    params = {"action": "test."}
    audit_record(action="test.one")
    with django_assert_num_queries(4) as one:
        assert len(client.get(AUDIT, params).context["page"].rows) == 1
    for n in range(10):
        audit_record(action=f"test.{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(AUDIT, params).context["page"].rows) == 11


def test_audit_export_is_filtered_and_itself_audited(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="pii.view", object_repr="张伟")
    client.force_login(auditor)
    response = client.get(reverse("audit:export"), {"action": "pii."})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("时间", "操作人", "地址", "操作")
    assert [r[3] for r in rows[1:]] == ["pii.view"]
    export = AuditEntry.objects.get(action="export")
    assert export.actor_username == auditor.username
    assert export.changes == {"rows": 1, "filters": {"action": "pii."}}
