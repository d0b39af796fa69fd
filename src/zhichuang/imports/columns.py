"""The columns of each import file and how one cell becomes one clean value.

Headers are part of the file format that unions exchange, so they are Chinese in
every language; the notes and error messages are translated text. A cell parser
takes the raw cell (str, number, date or None) and returns the clean value or
raises CellError with the reason.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichuang.accounts.enums import Education, ProfessionalTitle, SkillLevel
from zhichuang.core.validators import credit_code_check_char, id_number_check_digit
from zhichuang.orgs.enums import OrgKind, Ownership, PartnerType, SizeClass

# Valid example identifiers for the template (fictitious: nobody holds them).
EXAMPLE_ID_NUMBER = "32010219880601123" + id_number_check_digit("32010219880601123")
EXAMPLE_CREDIT_CODE = "91320100MA1W9K3P0" + credit_code_check_char("91320100MA1W9K3P0")


# A wrong value is repeated in the message only when it is this short: a long one may be personal data
# typed into the wrong column (an ID number under 技能等级), and the problem list must not carry it.
MAX_ECHOED = 8


class CellError(Exception):
    """One cell's value is not acceptable; the message says why."""


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = False
    example: Any = ""
    note: str = ""
    aliases: tuple[str, ...] = ()


def text(cell) -> str:
    """The cell as stripped text; whole numbers lose their ".0" (spreadsheets store codes as numbers)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    return str(cell).replace("\u3000", " ").strip()


def limited(max_length: int) -> Callable[[Any], str]:
    def parse(cell) -> str:
        value = text(cell)
        if len(value) > max_length:
            raise CellError(_("At most %d characters.") % max_length)
        return value

    return parse


def parse_code(cell) -> str:
    """An identifier typed as text. Numbers of 16 digits or more have lost digits in the spreadsheet."""
    if isinstance(cell, float) and abs(cell) >= 1e15:
        raise CellError(_("The spreadsheet stored this as a number and lost digits: format the column as text."))
    return text(cell).upper()


def choice(mapping: dict[str, Any], label: str) -> Callable[[Any], Any]:
    def parse(cell):
        value = text(cell)
        if not value:
            return mapping[""]
        try:
            return mapping[value]
        except KeyError:
            if len(value) > MAX_ECHOED:
                raise CellError(_("Unknown %(label)s.") % {"label": label}) from None
            raise CellError(_("Unknown %(label)s: %(value)s") % {"label": label, "value": value}) from None

    return parse


SKILL_LEVELS = {"": None}
for _level, _names in {
    SkillLevel.LEVEL_5: ("五级", "初级工", "五级/初级工"),
    SkillLevel.LEVEL_4: ("四级", "中级工", "四级/中级工"),
    SkillLevel.LEVEL_3: ("三级", "高级工", "三级/高级工"),
    SkillLevel.LEVEL_2: ("二级", "技师", "二级/技师"),
    SkillLevel.LEVEL_1: ("一级", "高级技师", "一级/高级技师"),
    SkillLevel.SPECIAL_TECHNICIAN: ("特级技师",),
    SkillLevel.CHIEF_TECHNICIAN: ("首席技师",),
}.items():
    SKILL_LEVELS[str(int(_level))] = int(_level)
    for _name in _names:
        SKILL_LEVELS[_name] = int(_level)

PROFESSIONAL_TITLES = {
    "": ProfessionalTitle.NONE.value,
    "无": ProfessionalTitle.NONE.value,
    "初级": ProfessionalTitle.JUNIOR.value,
    "中级": ProfessionalTitle.INTERMEDIATE.value,
    "副高级": ProfessionalTitle.ASSOCIATE_SENIOR.value,
    "副高": ProfessionalTitle.ASSOCIATE_SENIOR.value,
    "正高级": ProfessionalTitle.SENIOR.value,
    "正高": ProfessionalTitle.SENIOR.value,
}

EDUCATION = {
    "": Education.NONE.value,
    "初中及以下": Education.JUNIOR_HIGH.value,
    "初中": Education.JUNIOR_HIGH.value,
    "小学": Education.JUNIOR_HIGH.value,
    "高中/中专": Education.SENIOR_HIGH.value,
    "高中": Education.SENIOR_HIGH.value,
    "中专": Education.SENIOR_HIGH.value,
    "中技": Education.SENIOR_HIGH.value,
    "技校": Education.SENIOR_HIGH.value,
    "职高": Education.SENIOR_HIGH.value,
    "大专": Education.JUNIOR_COLLEGE.value,
    "专科": Education.JUNIOR_COLLEGE.value,
    "本科": Education.BACHELOR.value,
    "大学本科": Education.BACHELOR.value,
    "硕士": Education.MASTER.value,
    "硕士研究生": Education.MASTER.value,
    "博士": Education.DOCTORATE.value,
    "博士研究生": Education.DOCTORATE.value,
}

YES_NO = {"": True, "是": True, "否": False, "Y": True, "N": False, "1": True, "0": False}

ORG_KINDS = {
    "区县总工会": (OrgKind.DISTRICT.value, ""),
    "县市区总工会": (OrgKind.DISTRICT.value, ""),
    "企业": (OrgKind.ENTERPRISE.value, ""),
    "部门": (OrgKind.DEPARTMENT.value, ""),
    "车间": (OrgKind.DEPARTMENT.value, ""),
    "部门/车间": (OrgKind.DEPARTMENT.value, ""),
    "高校": (OrgKind.PARTNER.value, PartnerType.UNIVERSITY.value),
    "科研院所": (OrgKind.PARTNER.value, PartnerType.INSTITUTE.value),
}

OWNERSHIP = {
    "": "",
    "国有": Ownership.STATE.value,
    "集体": Ownership.COLLECTIVE.value,
    "私营": Ownership.PRIVATE.value,
    "民营": Ownership.PRIVATE.value,
    "外商投资": Ownership.FOREIGN.value,
    "外资": Ownership.FOREIGN.value,
    "港澳台投资": Ownership.HMT.value,
    "港澳台": Ownership.HMT.value,
    "混合所有制": Ownership.MIXED.value,
    "混合": Ownership.MIXED.value,
    "其他": Ownership.OTHER.value,
}

SIZE_CLASSES = {
    "": "",
    "大型": SizeClass.LARGE.value,
    "中型": SizeClass.MEDIUM.value,
    "小型": SizeClass.SMALL.value,
    "微型": SizeClass.MICRO.value,
}

_DATE_PATTERN = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"\d{8}")


def parse_date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        value = cell.date()
    elif isinstance(cell, datetime.date):
        value = cell
    else:
        raw = text(cell)
        if not raw:
            return None
        match = _DATE_PATTERN.fullmatch(raw)
        parts = match.groups() if match else (raw[:4], raw[4:6], raw[6:]) if _COMPACT_DATE.fullmatch(raw) else None
        try:
            value = datetime.date(*(int(p) for p in parts)) if parts else None
        except ValueError:
            value = None
        if value is None:
            raise CellError(_("Not a date: write it as 2024-03-01."))
    if value > timezone.localdate():
        raise CellError(_("The date is in the future."))
    return value


def parse_headcount(cell) -> int | None:
    raw = text(cell)
    if not raw:
        return None
    if not raw.isdigit():
        raise CellError(_("Enter a whole number of people."))
    return int(raw)


WORKER_COLUMNS = (
    Column("姓名", "name", limited(50), required=True, example="张伟"),
    Column(
        "身份证号",
        "id_number",
        parse_code,
        required=True,
        example=EXAMPLE_ID_NUMBER,
        note=gettext_lazy("18 characters; format the column as text so no digits are lost."),
        aliases=("身份证号码", "公民身份号码"),
    ),
    Column("手机号", "mobile", parse_code, example="13912345678", aliases=("手机号码", "手机")),
    Column(
        "单位统一社会信用代码",
        "employer",
        parse_code,
        required=True,
        example=EXAMPLE_CREDIT_CODE,
        note=gettext_lazy("The employer's unified social credit code; the enterprise must already exist."),
    ),
    Column(
        "部门",
        "department",
        limited(200),
        example="炼钢车间",
        note=gettext_lazy("Name of a department or workshop of that enterprise; leave empty if none."),
        aliases=("部门/车间", "车间"),
    ),
    Column("工种", "trade", limited(50), example="电工"),
    Column(
        "技能等级",
        "skill_level",
        choice(SKILL_LEVELS, "技能等级"),
        example="三级/高级工",
        note=gettext_lazy("五级/初级工, 四级/中级工, 三级/高级工, 二级/技师, 一级/高级技师, or 5 to 1."),
    ),
    Column(
        "职称",
        "professional_title",
        choice(PROFESSIONAL_TITLES, "职称"),
        example="中级",
        note=gettext_lazy("无, 初级, 中级, 副高级 or 正高级."),
    ),
    Column(
        "学历",
        "education",
        choice(EDUCATION, "学历"),
        example="大专",
        note=gettext_lazy("初中及以下, 高中/中专, 大专, 本科, 硕士 or 博士."),
    ),
    Column(
        "是否工会会员",
        "union_member",
        choice(YES_NO, "是否工会会员"),
        example="是",
        note=gettext_lazy("是 or 否; empty means 是."),
    ),
    Column(
        "入职日期",
        "started_on",
        parse_date,
        example=datetime.date(2015, 7, 1),
        note=gettext_lazy("Empty means today."),
        aliases=("入职时间",),
    ),
)

ORGANIZATION_COLUMNS = (
    Column(
        "组织类型",
        "kind",
        choice({"": None, **ORG_KINDS}, "组织类型"),
        required=True,
        example="企业",
        note=gettext_lazy("区县总工会, 企业, 部门, 高校 or 科研院所."),
    ),
    Column("名称", "name", limited(200), required=True, example="示范机械制造有限公司"),
    Column(
        "上级组织",
        "parent",
        parse_code,
        example="示范区总工会",
        note=gettext_lazy(
            "For an enterprise: the name of its district union. For a department: the credit code of its "
            "enterprise. For a district: empty (the city). For a university or institute: optionally a district "
            "to link it to. Organisations earlier in the same file count."
        ),
    ),
    Column(
        "统一社会信用代码",
        "credit_code",
        parse_code,
        example=EXAMPLE_CREDIT_CODE,
        note=gettext_lazy("Required for enterprises; 18 characters with a valid check character."),
    ),
    Column(
        "行业代码",
        "industry",
        parse_code,
        example="34",
        note=gettext_lazy("GB/T 4754-2017 division, two digits."),
    ),
    Column(
        "所有制",
        "ownership",
        choice(OWNERSHIP, "所有制"),
        example="私营",
        note=gettext_lazy("国有, 集体, 私营, 外商投资, 港澳台投资, 混合所有制 or 其他."),
    ),
    Column("规模", "size_class", choice(SIZE_CLASSES, "规模"), example="中型", note="大型, 中型, 小型, 微型"),
    Column("地址", "address", limited(255), example="示范市示范区工业大道1号"),
    Column("职工人数", "headcount", parse_headcount, example=320),
    Column("工会主席", "union_chair", limited(50), example="李强"),
    Column("联系人", "contact_name", limited(50), example="王芳"),
    Column("联系电话", "contact_phone", limited(30), example="025-12345678"),
)


# Columns people commonly add that carry nothing to import.
IGNORED_HEADERS = frozenset({"序号", "备注"})
