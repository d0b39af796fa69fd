import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from zhichuang.accounts.roles import Role

WORKER_HEADERS = [
    "姓名",
    "身份证号",
    "手机号",
    "单位统一社会信用代码",
    "部门",
    "工种",
    "技能等级",
    "职称",
    "学历",
    "是否工会会员",
    "入职日期",
]
ORG_HEADERS = [
    "组织类型",
    "名称",
    "上级组织",
    "统一社会信用代码",
    "行业代码",
    "所有制",
    "规模",
    "地址",
    "职工人数",
    "工会主席",
    "联系人",
    "联系电话",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def xlsx_bytes(headers, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(content: bytes, name="职工.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def worker_row(enterprise, *, name="赵六", id_number=None, mobile="", department="", **extra):
    values = {
        "姓名": name,
        "身份证号": id_number or factories.new_id_number(),
        "手机号": mobile,
        "单位统一社会信用代码": enterprise.credit_code,
        "部门": department,
        "工种": "电工",
        "技能等级": "三级/高级工",
        "职称": "中级",
        "学历": "大专",
        "是否工会会员": "是",
        "入职日期": "2020-03-01",
    } | extra
    return [values[header] for header in WORKER_HEADERS]


@pytest.fixture
def district_admin(city_tree):
    return factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"], username="north-admin")


@pytest.fixture
def city_admin(city_tree):
    return factories.make_admin(Role.CITY_ADMIN, city_tree["city"], username="city-admin")
