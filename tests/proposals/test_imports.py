import datetime
from decimal import Decimal

import pytest

from tests import factories
from tests.similarity.conftest import COMPRESSOR, COMPRESSOR_ELSEWHERE
from zhichuang.accounts.roles import Perm, Role
from zhichuang.accounts.scoping import scope_for
from zhichuang.core.errors import WITHHELD_ROWS_MESSAGE
from zhichuang.core.request_context import acting_as
from zhichuang.imports.parsing import Table
from zhichuang.imports.rows import RowsRejected
from zhichuang.proposals import imports
from zhichuang.proposals.enums import ProposalState
from zhichuang.proposals.models import Proposal, Transition
from zhichuang.proposals.search import proposal_text, similar_proposals
from zhichuang.proposals.selectors import proposal_list
from zhichuang.proposals.statistics import statistics_summary

HEADERS = [
    "编号",
    "标题",
    "类别",
    "企业统一社会信用代码",
    "提案人身份证号",
    "提交日期",
    "状态",
    "评定等级",
    "年净效益(元)",
    "奖励金额(元)",
]


def _run(user, rows, headers=HEADERS):
    table = Table(headers=headers, rows=[(n, cells) for n, cells in enumerate(rows, start=2)])
    with acting_as(user):
        checked = imports.validate(
            table=table,
            scope=scope_for(user, Perm.IMPORT_DATA),
            disclose=scope_for(user, Perm.VIEW_PII),
            progress=lambda n: None,
        )
        return imports.write(rows=checked)


def test_import_creates_historical_proposals_with_their_history(city_tree):
    steel, worker = city_tree["steel"], city_tree["steel_worker"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    id_number = worker.reveal_id_number()
    result = _run(
        admin,
        [
            [
                "P2023-000007",
                "冷却水循环利用",
                "小革新",
                steel.credit_code,
                id_number,
                "2023-05-12",
                "已奖励",
                "二等",
                "125,000.50",
                "3,000.00",
            ],
            [
                "",
                "料仓防堵改造",
                "合理化建议",
                steel.credit_code,
                id_number,
                datetime.date(2024, 3, 1),
                "未采纳",
                "",
                "",
                "",
            ],
        ],
    )
    assert result == {"proposals": 2}
    rewarded = Proposal.objects.get(number="P2023-000007")
    assert (rewarded.state, rewarded.grade, rewarded.net_annual_benefit) == (
        ProposalState.REWARDED,
        "second",
        Decimal("125000.50"),
    )
    # A reward of the past counts as paid: it was paid before zhichuang.
    assert (rewarded.reward_total, rewarded.reward_paid) == (Decimal("3000.00"), Decimal("3000.00"))
    assert rewarded.district == city_tree["north"] and rewarded.org_path == steel.path
    assert rewarded.submitted_at.date() == datetime.date(2023, 5, 12)
    assert Proposal.objects.get(title="料仓防堵改造").number == "P2024-000001"
    assert Transition.objects.filter(data__action="import").count() == 2
    assert {p.title for p in proposal_list(user=worker.user)} == {"冷却水循环利用", "料仓防堵改造"}


def test_import_rejects_bad_rows_and_writes_nothing(city_tree):
    steel, port = city_tree["steel"], city_tree["port"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    id_number = city_tree["steel_worker"].reveal_id_number()
    with pytest.raises(RowsRejected) as error:
        _run(
            admin,
            [
                ["", "好提案", "小革新", steel.credit_code, id_number, "2023-05-12", "已采纳", "", ""],
                ["", "", "小诗", port.credit_code, "110101199001011234", "2099-01-01", "进行中", "", "-5"],
                ["X1", "重复", "小革新", steel.credit_code, id_number, "2023-05-12", "已采纳", "", ""],
                ["X1", "重复", "小革新", steel.credit_code, id_number, "2023-05-12", "已采纳", "", ""],
            ],
        )
    problems = {(p.row, p.column) for p in error.value.problems}
    assert {
        (3, "标题"),
        (3, "类别"),
        (3, "企业统一社会信用代码"),
        (3, "状态"),
        (3, "年净效益(元)"),
        (5, "编号"),
    } <= problems
    assert (3, "提交日期") in problems or (3, "提案人身份证号") in problems
    assert not any("110101199001011234" in p.message for p in error.value.problems)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role", [Role.ENTERPRISE_ADMIN, Role.DISTRICT_ADMIN])
def test_import_refuses_a_lead_of_another_enterprise_as_if_the_id_number_were_unknown(city_tree, role):
    steel = city_tree["steel"]
    where = steel if role == Role.ENTERPRISE_ADMIN else city_tree["north"]
    # Row by row for a holder of the personal-data permission; without it no row is named (below).
    importer = factories.make_admin(role, where, can_view_pii=True)
    leads = [
        city_tree["steel_worker"].reveal_id_number(),  # the steel works' own worker: accepted
        city_tree["mill_worker"].reveal_id_number(),  # another enterprise of the same district
        city_tree["port_worker"].reveal_id_number(),  # an enterprise of another district
        factories.new_id_number(),  # nobody's
    ]
    rows = [
        ["", f"提案{n}", "小革新", steel.credit_code, lead, "2023-05-12", "已采纳", "", "", ""]
        for n, lead in enumerate(leads)
    ]
    with pytest.raises(RowsRejected) as error:
        _run(importer, rows)
    refused = {p.row: p.message for p in error.value.problems}
    assert set(refused) == {3, 4, 5}
    assert {p.column for p in error.value.problems} == {"提案人身份证号"}
    assert len(set(refused.values())) == 1  # a worker elsewhere cannot be told from an unknown number
    assert not Proposal.objects.exists()
    with pytest.raises(RowsRejected) as error:
        _run(factories.make_admin(role, where), rows)
    assert [(p.row, p.message) for p in error.value.problems] == [(None, str(WITHHELD_ROWS_MESSAGE))]


def test_import_counts_in_the_statistics_and_is_found_as_similar_after_commit(
    city_tree, django_capture_on_commit_callbacks
):
    steel, lead = city_tree["steel"], city_tree["steel_worker"]
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, steel)
    district_admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    id_number = lead.reveal_id_number()
    headers = [*HEADERS, "现状与问题", "改进措施"]
    compressor = [COMPRESSOR["title"], "小革新", steel.credit_code, id_number, "2024-05-12", "已奖励", "二等"]
    rows = [
        ["", *compressor, "125000.00", "3000.00", COMPRESSOR["problem"], COMPRESSOR["change"]],
        ["", "料仓防堵改造", "合理化建议", steel.credit_code, id_number, "2024-03-01", "未采纳", "", "", "", "", ""],
        ["", "吊装防摆", "小革新", steel.credit_code, id_number, "2023-06-01", "已采纳", "", "", "", "", ""],
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _run(admin, rows, headers)
    # One rollup refresh per enterprise and year (2023, 2024) and one to queue the indexing.
    assert len(callbacks) == 3

    for viewer in (admin, district_admin):
        totals = statistics_summary(user=viewer, year=2024).totals
        assert (totals.submitted.value, totals.rewarded.value, totals.rewards.value) == (2, 1, Decimal("3000.00"))
        assert totals.savings.value == Decimal("125000.00")
        assert statistics_summary(user=viewer, year=2023).totals.adopted.value == 1
    imported = Proposal.objects.get(title=COMPRESSOR["title"])
    for text in (proposal_text(**COMPRESSOR), proposal_text(**COMPRESSOR_ELSEWHERE)):
        assert similar_proposals(user=admin, text=text)[0].proposal_id == imported.pk
