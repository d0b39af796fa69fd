"""The audit log as a declared list (audit.listings.AUDIT_LOG): the page, the export and the API are the
audit administrator's alone, and no row of any of them carries an ID or mobile number in clear."""

import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.audit.listings import AUDIT_LOG
from zhichuang.audit.models import AuditEntry
from zhichuang.audit.services import audit_record
from zhichuang.core.modules import modules, resolve

PAGE, EXPORT, API = reverse("audit:list"), reverse("audit:export"), "/api/v1/audit"


def _sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    return list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)


def test_audit_log_is_registered_as_a_list_of_the_auditor():
    registered = {resolve(dotted).key: resolve(dotted) for m in modules() for dotted in m.lists}
    assert registered["audit.entries"] is AUDIT_LOG
    assert (AUDIT_LOG.page_url, AUDIT_LOG.export_url, AUDIT_LOG.api_path) == ("audit:list", "audit:export", API)


def test_audit_log_is_seen_by_no_other_role_on_any_interface(client, city_tree):
    audit_record(action="pii.view", obj=city_tree["steel_worker"], object_repr="张伟的完整个人信息")
    for position in positions(city_tree):
        client.force_login(position.user)
        only = {"action": "pii.view"}
        page, export, api = client.get(PAGE, only), client.get(EXPORT, only), client.get(API, {**only, "limit": 100})
        if position.label == "auditor@city":
            assert (page.status_code, export.status_code, api.status_code) == (200, 200, 200)
            assert [e.object_repr for e in page.context["page"].rows] == ["张伟的完整个人信息"]
            continue
        assert (page.status_code, export.status_code, api.status_code) == (404, 404, 403), position.label
        assert api.json()["error"]["code"] == "permission_denied"
        for response in (page, export, api):
            assert "张伟的完整个人信息" not in response.content.decode(), position.label
    # Only the auditor's export was made, and recorded.
    assert list(AuditEntry.objects.filter(action="export").values_list("actor_username", flat=True)) == ["auditor-city"]


def test_audit_log_shows_no_personal_number_in_clear_anywhere(client, city_tree):
    worker = city_tree["steel_worker"]
    id_number, mobile = worker.reveal_id_number(), worker.reveal_mobile()
    # What someone typed as a username, and a careless caller's name and changes: masked when written.
    client.login(username=mobile, password="wrong")
    audit_record(
        action="worker.update",
        obj=worker,
        object_repr=f"{worker.name} {id_number}",
        changes={"mobile": [mobile, factories.new_mobile()], "note": f"核对 {id_number[:9]}{id_number[9:]}"},
    )
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    page = client.get(PAGE).content.decode()
    cells = " ".join(str(cell) for row in _sheet_rows(client.get(EXPORT)) for cell in row if cell is not None)
    api = client.get(API, {"limit": 100}).content.decode()
    for shown, where in ((page, "page"), (cells, "export"), (api, "api")):
        assert f"{mobile[:3]}****{mobile[-4:]}" in shown, where
        for clear in (id_number, mobile, id_number[6:14]):  # the number, and the birth date inside it
            assert clear not in shown, (where, clear)


def test_audit_export_has_the_screens_headings_and_typed_cells(client, city_tree):
    entry = audit_record(action="org.update", obj=city_tree["mill"], changes={"name": ["北纺厂", "北纺新厂"]})
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))
    heading, *rows = _sheet_rows(client.get(EXPORT, {"action": "org.update"}))
    assert heading == ("时间", "操作人", "地址", "操作", "对象类型", "对象ID", "对象", "变更内容")
    (row,) = rows
    assert isinstance(row[0], datetime.datetime)  # a date cell Excel sorts, in Asia/Shanghai
    assert abs(row[0] - timezone.localtime(entry.occurred_at).replace(tzinfo=None)) < datetime.timedelta(seconds=1)
    assert row[3:] == ("修改组织", "组织", str(city_tree["mill"].pk), "北纺厂", "名称: 北纺厂 → 北纺新厂")


def test_audit_api_takes_the_pages_filters_under_its_names(client, city_tree):
    audit_record(action="pii.view", object_repr="查看张伟", ip_address="10.2.2.2")
    audit_record(action="role.grant", object_repr="旧授权")
    client.force_login(factories.make_admin(Role.AUDITOR, city_tree["city"]))

    def reprs(**params):
        return {e["object_repr"] for e in client.get(API, params).json()["items"]}

    assert reprs(action="pii.view") == reprs(search="10.2.2.2") == reprs(search="查看") == {"查看张伟"}
    # The fixture's workers, created through the service, and none of the entries above.
    assert reprs(object_type="accounts.worker") == {"张伟", "李娜", "王强"}
