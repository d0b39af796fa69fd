import pytest
from django.utils.translation import gettext as _

from tests.imports.conftest import ORG_HEADERS, upload, xlsx_bytes
from zhichuang.audit.models import AuditEntry
from zhichuang.core.validators import generate_credit_code
from zhichuang.imports.enums import ImportStatus
from zhichuang.imports.services import import_job_create, import_job_run
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import SEGMENT_WIDTH, Organization

pytestmark = pytest.mark.django_db


def run(actor, rows):
    job, _password = import_job_create(
        actor=actor, kind="organizations", upload=upload(xlsx_bytes(ORG_HEADERS, rows), "组织.xlsx"), enqueue=False
    )
    return import_job_run(job=job)


def org_row(kind, name, parent="", code="", **extra):
    values = {"组织类型": kind, "名称": name, "上级组织": parent, "统一社会信用代码": code} | extra
    return [values.get(header, "") for header in ORG_HEADERS]


@pytest.fixture
def rng():
    import random

    return random.Random(7)


def test_import_orgs_builds_a_tree_in_any_row_order(city_tree, city_admin, rng):
    new_code, steel_code = generate_credit_code(rng), city_tree["steel"].credit_code
    rows = [
        org_row("部门", "装配车间", new_code),
        org_row(
            "企业", "东区机械有限公司", "东区总工会", new_code, 行业代码="34", 所有制="私营", 规模="中型", 职工人数=320
        ),
        org_row("区县总工会", "东区总工会"),
        org_row("部门", "轧钢车间", steel_code),
        org_row("高校", "示范理工大学", "东区总工会"),
        org_row("企业", "北区新材料有限公司", "北区总工会", generate_credit_code(rng)),
    ]
    job = run(city_admin, rows)
    assert job.status == ImportStatus.SUCCEEDED, job.result
    assert job.result["created"] == {"district": 1, "partner": 1, "enterprise": 2, "department": 2}
    east = Organization.objects.get(name="东区总工会")
    machine = Organization.objects.get(name="东区机械有限公司")
    shop = Organization.objects.get(name="装配车间")
    assert (east.parent, east.kind, east.depth) == (city_tree["city"], OrgKind.DISTRICT, 2)
    assert (
        machine.parent,
        machine.credit_code,
        machine.industry,
        machine.ownership,
        machine.size_class,
        machine.headcount,
    ) == (east, new_code, "34", "private", "medium", 320)
    assert shop.parent == machine and shop.path.startswith(machine.path) and len(shop.path) == 4 * SEGMENT_WIDTH
    assert machine.children_created == 1
    assert Organization.objects.get(name="轧钢车间").parent == city_tree["steel"]
    partner = Organization.objects.get(name="示范理工大学")
    assert (partner.parent, partner.partner_type, list(partner.linked_districts.all())) == (None, "university", [east])
    assert Organization.objects.get(name="北区新材料有限公司").parent == city_tree["north"]
    # Paths reserved through the parent's counter: a later organisation under steel does not collide.
    assert Organization.objects.get(pk=city_tree["steel"].pk).children_created == 2
    assert AuditEntry.objects.filter(action="import.organizations").count() == 1


def test_import_orgs_rejects_duplicates_codes_and_unknown_parents(city_tree, city_admin, rng):
    code = generate_credit_code(rng)
    rows = [
        org_row("企业", "甲公司", "北区总工会", code),
        org_row("企业", "乙公司", "北区总工会", code),
        org_row("企业", "北钢集团", "北区总工会", generate_credit_code(rng)),
        org_row("企业", "丙公司", "西区总工会", city_tree["port"].credit_code),
        org_row("企业", "丁公司", "北区总工会", code[:17] + ("0" if code[17] != "0" else "1")),
        org_row("部门", "某车间", generate_credit_code(rng)),
        org_row("集团", "戊公司"),
    ]
    before = Organization.objects.count()
    job = run(city_admin, rows)
    assert [tuple(p) for p in job.result["problems"]] == [
        (3, "统一社会信用代码", _("The same credit code is in row %(row)d.") % {"row": 2}),
        (4, "名称", _("An organisation with this name already exists here.")),
        (5, "统一社会信用代码", _("This unified social credit code is already registered.")),
        (5, "上级组织", _("No district union with this name.")),
        (6, "统一社会信用代码", _("The check character of the unified social credit code is wrong.")),
        (7, "上级组织", _("No enterprise with this credit code is registered or in the file.")),
        (8, "组织类型", _("Unknown %(label)s: %(value)s") % {"label": "组织类型", "value": "集团"}),
    ]
    assert Organization.objects.count() == before


def test_import_orgs_outside_scope_refused(city_tree, district_admin, rng):
    rows = [
        org_row("企业", "北区某公司", "北区总工会", generate_credit_code(rng)),
        org_row("企业", "南区某公司", "南区总工会", generate_credit_code(rng)),
        org_row("部门", "南港车间", city_tree["port"].credit_code),
        org_row("区县总工会", "东区总工会"),
    ]
    before = Organization.objects.count()
    job = run(district_admin, rows)
    refused = _("You may not import organisations there.")
    assert [tuple(p) for p in job.result["problems"]] == [
        (3, "上级组织", refused),
        (4, "上级组织", refused),
        (5, "上级组织", refused),
    ]
    assert Organization.objects.count() == before


def test_department_must_name_an_enterprise_not_another_org(city_tree, city_admin):
    rows = [org_row("部门", "某车间", "")]
    job = run(city_admin, rows)
    assert [tuple(p) for p in job.result["problems"]] == [
        (2, "上级组织", _("Give the credit code of the enterprise this department belongs to.")),
    ]
