import pytest

from zhichuang.orgs import industries
from zhichuang.orgs.industries import (
    Industry,
    division_choices,
    industry_name,
    is_valid_division,
    section_of,
)

# The division ranges of each section, as printed in GB/T 4754-2017.
SECTION_RANGES = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def test_sections_twenty_letters_a_to_t():
    assert list(industries.SECTIONS) == list("ABCDEFGHIJKLMNOPQRST")


def test_divisions_ninety_seven_codes_01_to_97():
    assert list(industries.DIVISIONS) == [f"{n:02d}" for n in range(1, 98)]


def test_divisions_every_section_exists():
    assert {d.section for d in industries.DIVISIONS.values()} == set(industries.SECTIONS)


@pytest.mark.parametrize(("section", "bounds"), SECTION_RANGES.items())
def test_divisions_section_ranges_match_standard(section, bounds):
    first, last = bounds
    codes = [d.code for d in industries.DIVISIONS.values() if d.section == section]
    assert codes == [f"{n:02d}" for n in range(first, last + 1)]


def test_sections_loaded_once():
    assert industries.SECTIONS is industries.SECTIONS
    assert industries.DIVISIONS is industries.DIVISIONS


def test_sections_read_only():
    with pytest.raises(TypeError):
        industries.SECTIONS["Z"] = Industry(code="Z", name="x", section="")


def test_module_unknown_attribute_raises():
    with pytest.raises(AttributeError):
        _ = industries.NO_SUCH_TABLE


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("A", "农、林、牧、渔业"),
        ("C", "制造业"),
        ("D", "电力、热力、燃气及水生产和供应业"),
        ("I", "信息传输、软件和信息技术服务业"),
        ("S", "公共管理、社会保障和社会组织"),
        ("T", "国际组织"),
        ("01", "农业"),
        ("05", "农、林、牧、渔专业及辅助性活动"),
        ("11", "开采专业及辅助性活动"),
        ("13", "农副食品加工业"),
        ("25", "石油、煤炭及其他燃料加工业"),
        ("37", "铁路、船舶、航空航天和其他运输设备制造业"),
        ("39", "计算机、通信和其他电子设备制造业"),
        ("43", "金属制品、机械和设备修理业"),
        ("58", "多式联运和运输代理业"),
        ("59", "装卸搬运和仓储业"),
        ("65", "软件和信息技术服务业"),
        ("79", "土地管理业"),
        ("87", "广播、电视、电影和录音制作业"),
        ("95", "群众团体、社会团体和其他成员组织"),
        ("96", "基层群众自治组织及其他组织"),
        ("97", "国际组织"),
    ],
)
def test_industry_name_official_names(code, name):
    assert industry_name(code) == name


def test_industry_name_lowercase_and_spaces_accepted():
    assert industry_name(" c ") == "制造业"


@pytest.mark.parametrize("code", ["", "U", "00", "98", "1", "131", "C13"])
def test_industry_name_unknown_code_raises(code):
    with pytest.raises(KeyError):
        industry_name(code)


@pytest.mark.parametrize(
    ("division", "section"),
    [
        ("01", "A"),
        ("05", "A"),
        ("06", "B"),
        ("13", "C"),
        ("43", "C"),
        ("44", "D"),
        ("79", "N"),
        ("80", "O"),
        ("97", "T"),
    ],
)
def test_section_of_division(division, section):
    assert section_of(division) == section


def test_section_of_section_code_raises():
    with pytest.raises(KeyError):
        section_of("C")


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("01", True),
        ("97", True),
        (" 13 ", True),
        ("00", False),
        ("98", False),
        ("C", False),
        ("1", False),
    ],
)
def test_is_valid_division_codes(code, valid):
    assert is_valid_division(code) is valid


def test_division_choices_flat_labels():
    choices = division_choices()
    assert len(choices) == 97
    assert choices[0] == ("01", "01 农业")
    assert ("13", "13 农副食品加工业") in choices
    assert choices[-1] == ("97", "97 国际组织")


def test_division_choices_grouped_by_section():
    groups = division_choices(grouped=True)
    assert [label for label, _ in groups][:3] == [
        "A 农、林、牧、渔业",
        "B 采矿业",
        "C 制造业",
    ]
    assert len(groups) == 20
    manufacturing = dict(groups)["C 制造业"]
    assert manufacturing[0] == ("13", "13 农副食品加工业")
    assert len(manufacturing) == 31
    assert sum(len(options) for _, options in groups) == 97
