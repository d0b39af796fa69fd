"""Importing an existing honour list: valid rows become confirmed honours of the right people; a file with
any bad row is refused whole, row by row in words, and writes nothing."""

import pytest

from tests import factories
from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import scope_for
from zhichuang.core.errors import WITHHELD_ROWS_MESSAGE
from zhichuang.core.request_context import acting_as
from zhichuang.imports.parsing import Table
from zhichuang.imports.rows import RowsRejected
from zhichuang.talent import imports
from zhichuang.talent.enums import HonourState
from zhichuang.talent.models import Honour, HonourTransition, TalentProfile

pytestmark = pytest.mark.django_db
HEADERS = ["姓名", "身份证号", "企业统一社会信用代码", "荣誉名称", "年度", "授予单位", "证书编号"]


def _run(user, rows):
    table = Table(headers=HEADERS, rows=[(n, cells) for n, cells in enumerate(rows, start=2)])
    with acting_as(user):
        checked = imports.validate(
            table=table,
            scope=scope_for(user, Perm.IMPORT_DATA),
            disclose=scope_for(user, Perm.VIEW_PII),
            progress=lambda n: None,
        )
        return imports.write(rows=checked)


def test_an_honour_list_becomes_confirmed_honours_and_profiles(pool):
    steel, worker, mill_worker = pool.tree["steel"], pool.worker, pool.tree["mill_worker"]
    factories.make_profile(worker)
    result = _run(
        pool.city,
        [
            ["张伟", worker.reveal_id_number(), steel.credit_code, "市工匠", "2021", "", "SGJ-2021-3"],
            ["张伟", worker.reveal_id_number(), steel.credit_code, "省劳动模范", "2019年", "省人民政府", ""],
            ["李娜", mill_worker.reveal_id_number(), pool.tree["mill"].credit_code, "企业工匠", "2022", "", ""],
        ],
    )
    assert result == {"honours": 3, "profiles": 1}
    honours = Honour.objects.order_by("year")
    assert [(h.profile.name, h.honour_type.name, h.year, h.state, h.imported) for h in honours] == [
        ("张伟", "省劳动模范", 2019, HonourState.CONFIRMED, True),
        ("张伟", "市工匠", 2021, HonourState.CONFIRMED, True),
        ("李娜", "企业工匠", 2022, HonourState.CONFIRMED, True),
    ]
    assert honours[1].issuing_body == "市总工会"  # the list's own, where the file gives none
    assert HonourTransition.objects.filter(data={"action": "import"}).count() == 3
    assert TalentProfile.objects.get(worker=worker).categories == "省级劳动模范、市级工匠"


def test_a_file_with_bad_rows_is_refused_whole_in_words(pool):
    steel, worker = pool.tree["steel"], pool.worker
    with pytest.raises(RowsRejected) as refused:
        _run(
            pool.city,
            [
                ["张伟", worker.reveal_id_number(), steel.credit_code, "市工匠", "2021", "", ""],
                ["张伟", worker.reveal_id_number(), steel.credit_code, "金牌员工", "2099", "", ""],
                ["张伟", worker.reveal_id_number(), "91000000000000000X", "市工匠", "2020", "", ""],
                ["张伟", worker.reveal_id_number(), steel.credit_code, "市工匠", "2021", "", ""],
            ],
        )
    problems = {(p.row, p.column, p.message) for p in refused.value.problems}
    assert (3, "荣誉名称", "此荣誉不在本市荣誉目录中。") in problems
    assert any(p[:2] == (3, "年度") and "1950" in p[2] for p in problems)
    assert (4, "企业统一社会信用代码", "您的管理范围内没有此统一社会信用代码的企业。") in problems or any(
        p[:2] == (4, "企业统一社会信用代码") for p in problems
    )
    assert (5, "荣誉名称", "第 2 行已有同一荣誉。") in problems
    assert not Honour.objects.exists() and not TalentProfile.objects.exists()


def test_only_who_could_confirm_an_honour_imports_it(pool):
    steel, worker = pool.tree["steel"], pool.worker
    row = ["张伟", worker.reveal_id_number(), steel.credit_code, "市工匠", "2021", "", ""]
    with pytest.raises(RowsRejected) as refused:
        _run(pool.north, [row])  # a city-level honour: the city's to confirm
    assert [(p.row, p.message) for p in refused.value.problems] == [(2, "您无权确认该企业这一级别的荣誉。")]
    assert _run(pool.north, [[*row[:3], "企业工匠", "2021", "", ""]]) == {"honours": 1, "profiles": 1}
    assert not Honour.objects.filter(honour_type__name="市工匠").exists()


def test_a_wrong_name_or_an_unknown_number_is_told_only_with_the_personal_data_permission(pool):
    steel, worker = pool.tree["steel"], pool.worker
    rows = [
        ["张三", worker.reveal_id_number(), steel.credit_code, "企业工匠", "2021", "", ""],  # not the name
        ["王强", pool.tree["port_worker"].reveal_id_number(), steel.credit_code, "企业工匠", "2021", "", ""],
    ]
    with pytest.raises(RowsRejected) as withheld:
        _run(pool.north, rows)
    assert [p.message for p in withheld.value.problems] == [WITHHELD_ROWS_MESSAGE]
    with pytest.raises(RowsRejected) as told:
        _run(factories.make_admin(Role.DISTRICT_ADMIN, pool.tree["north"], can_view_pii=True), rows)
    assert [(p.row, p.message) for p in told.value.problems] == [
        (2, "本企业没有此姓名和身份证号的职工。"),
        (3, "本企业没有此姓名和身份证号的职工。"),
    ]
    for problem in told.value.problems + withheld.value.problems:
        assert worker.reveal_id_number() not in problem.message
    assert not Honour.objects.exists()
