"""The .xlsx exports carry typed cells: read back with openpyxl, numbers are numbers, money is a number
to the fen shown 0.00, dates and times are dates, codes have their names beside them."""

import datetime
import io
from dataclasses import replace
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.listing import EXPORT_MAX_ROWS, Cell, Column
from zhichuang.orgs import listings
from zhichuang.orgs.models import Organization
from zhichuang.proposals.models import Proposal


def _sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def _row(sheet, heading: str, key: str, key_column: int):
    headings = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[key_column].value == key:
            return row[headings.index(heading)]
    raise AssertionError(f"no row {key}")


def test_proposal_export_writes_money_as_numbers_and_times_as_dates(client, city_tree):
    proposal = factories.make_proposal(city_tree["steel_worker"], state="submitted", title="数值提案")
    Proposal.objects.filter(pk=proposal.pk).update(
        net_annual_benefit=Decimal("353000.00"), reward_total=Decimal("1234.56"), reward_paid=Decimal("0.10")
    )
    factories.make_proposal(city_tree["steel_worker"], state="submitted", title="无效益提案")
    proposal.refresh_from_db()
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    sheet = _sheet(client.get(reverse("proposals:export")))

    net = _row(sheet, "核定年净效益(元)", "数值提案", 1)
    assert (net.value, net.data_type, net.number_format) == (353000, "n", "0.00")
    reward = _row(sheet, "奖励(元)", "数值提案", 1)
    assert reward.value == 1234.56 and reward.number_format == "0.00"
    assert _row(sheet, "已发放(元)", "数值提案", 1).value == 0.1
    assert _row(sheet, "核定年净效益(元)", "无效益提案", 1).value is None  # no benefit: an empty cell, not 0
    submitted = _row(sheet, "提交时间", "数值提案", 1)
    local = timezone.localtime(proposal.submitted_at).replace(tzinfo=None, microsecond=0)
    assert isinstance(submitted.value, datetime.datetime) and submitted.is_date
    assert abs(submitted.value - local) < datetime.timedelta(seconds=1)
    assert _row(sheet, "状态", "数值提案", 1).value == "已提交"
    assert _row(sheet, "行业", "数值提案", 1).value == "38 电气机械和器材制造业"
    assert _row(sheet, "超期", "数值提案", 1).value == "否"


def test_org_export_writes_headcounts_as_numbers_and_industries_with_their_names(client, city_tree):
    Organization.objects.filter(pk=city_tree["steel"].pk).update(headcount=12000, industry="28")
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    sheet = _sheet(client.get(reverse("orgs:export"), {"kind": "enterprise"}))
    headcount = _row(sheet, "职工人数", "北钢集团", 1)
    assert (headcount.value, headcount.data_type) == (12000, "n")
    assert _row(sheet, "行业", "北钢集团", 1).value == "28 化学纤维制造业"
    assert _row(sheet, "组织类型", "北钢集团", 1).value == "企业"
    assert "南区总工会" not in {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}  # not an enterprise


def test_org_export_stops_at_the_row_cap(client, city_tree, monkeypatch):
    monkeypatch.setattr(listings, "ORGANISATIONS", replace(listings.ORGANISATIONS, row_cap=2))
    monkeypatch.setattr("zhichuang.orgs.views.ORGANISATIONS", listings.ORGANISATIONS)
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    sheet = _sheet(client.get(reverse("orgs:export")))
    assert sheet.max_row == 1 + 2
    assert listings.ORGANISATIONS.row_cap == 2 and EXPORT_MAX_ROWS == 100_000


def test_role_export_writes_the_grant_time_as_a_date_and_the_flag_as_yes_or_no(client, city_tree):
    factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], username="pii-north", can_view_pii=True)
    client.force_login(factories.make_admin(Role.SECADMIN, city_tree["city"]))
    sheet = _sheet(client.get(reverse("accounts:role_export")))
    granted = _row(sheet, "授权时间", "pii-north", 0)
    assert isinstance(granted.value, datetime.datetime) and granted.number_format == "yyyy-mm-dd hh:mm:ss"
    assert _row(sheet, "可查看完整个人信息", "pii-north", 0).value == "是"


def test_a_column_declares_its_cell_type():
    column = Column("heading", lambda row: row, cell=Cell.MONEY)
    assert (column.cell, column.width, column.related) == (Cell.MONEY, 16, "")
