"""Import historical proposals from .xlsx, with the imports app's parsing, row checks and error report.

An importer module for imports.services (validate → write, all or nothing). Each row is one
proposal already decided in the past: its enterprise is found by credit code within the importer's
scope, its lead proposer by ID number (compared by blind index) among that enterprise's workers
only, as a proposal entered through the platform belongs to its lead's employer. The row gets one
Transition (draft → its state, marked as imported) so its history says where it came from.

The rows are written in bulk, which sends no model signals: once the import commits, `write` has
the statistics rollup refreshed (once per enterprise and year) and the proposals indexed for
similar-proposal search, as a submission through the workflow would.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.accounts.models import Worker
from zhichuang.accounts.scoping import Scope
from zhichuang.core import crypto, request_context
from zhichuang.core.money import fen
from zhichuang.core.validators import validate_id_number
from zhichuang.imports.columns import CellError, Column, choice, limited, parse_code, parse_date, text
from zhichuang.imports.parsing import Table, map_headers
from zhichuang.imports.rows import Problems, Progress, chunks, first_seen, parse_rows
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

from .enums import Grade, ProposalKind, ProposalState
from .models import Proposal, ProposalMember, ProposalSequence, Transition
from .rollup.services import refresh_after_commit
from .tasks import reindex_proposal

BATCH_SIZE = 2000
KINDS = {
    "": "",
    "小发明": ProposalKind.INVENTION,
    "小创造": ProposalKind.CREATION,
    "小革新": ProposalKind.INNOVATION,
    "小设计": ProposalKind.DESIGN,
    "小建议": ProposalKind.SMALL_SUGGESTION,
    "合理化建议": ProposalKind.RATIONAL,
}
# Historical rows carry a settled outcome; work in progress is entered through the platform.
STATES = {
    "": "",
    "已提交": ProposalState.SUBMITTED,
    "已采纳": ProposalState.ADOPTED,
    "未采纳": ProposalState.NOT_ADOPTED,
    "已实施": ProposalState.IMPLEMENTED,
    "效益已核定": ProposalState.VERIFIED,
    "已奖励": ProposalState.REWARDED,
}
GRADES = {"": "", "一等": Grade.FIRST, "二等": Grade.SECOND, "三等": Grade.THIRD}


def parse_money(cell) -> Decimal | None:
    value = text(cell).replace(",", "").replace("，", "")
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CellError(_("Enter an amount in yuan.")) from None
    if not amount.is_finite() or amount < 0:
        raise CellError(_("Enter an amount in yuan."))
    return fen(amount)


PROPOSAL_COLUMNS = (
    Column("编号", "number", limited(20), example="P2023-000101"),
    Column("标题", "title", limited(200), required=True, example="冷却水循环利用"),
    Column("类别", "kind", choice(KINDS, "类别"), required=True, example="小革新"),
    Column("企业统一社会信用代码", "enterprise", parse_code, required=True),
    Column("提案人身份证号", "id_number", parse_code, required=True),
    Column("现状与问题", "problem", limited(5000), example="冷却水直排，每月用水三千吨。"),
    Column("改进措施", "change", limited(5000), example="加装回水管和过滤器，循环使用。"),
    Column("预期效益", "expected_benefit", limited(2000)),
    Column("关键词", "keywords", limited(200)),
    Column("提交日期", "submitted_on", parse_date, required=True, example="2023-05-12"),
    Column("状态", "state", choice(STATES, "状态"), required=True, example="已奖励"),
    Column("评定等级", "grade", choice(GRADES, "评定等级"), example="二等"),
    Column("年净效益(元)", "net_annual_benefit", parse_money, example="125000.00"),
    Column("奖励金额(元)", "reward_total", parse_money, example="3000.00"),
)
COLUMNS = PROPOSAL_COLUMNS
HEADER = {column.key: column.header for column in PROPOSAL_COLUMNS}


@dataclass
class ProposalRow:
    row: int
    values: dict
    enterprise: Organization
    lead_id: int


def validate(*, table: Table, scope: Scope, progress: Progress, disclose: Scope | None = None) -> list[ProposalRow]:
    """disclose: where the uploader holds the personal-data permission (see imports.rows.Problems)."""
    positions = map_headers(table.headers, PROPOSAL_COLUMNS)
    problems = Problems(disclose=disclose)
    parsed = parse_rows(table, PROPOSAL_COLUMNS, positions, problems, progress)
    enterprises = _enterprises({values["enterprise"] for _, values in parsed if values["enterprise"]}, scope)
    hashes = {}
    for number, values in parsed:
        if values["id_number"]:
            try:
                validate_id_number(values["id_number"])
            except ValidationError as exc:  # the message never repeats the value
                problems.add_validation(number, HEADER["id_number"], exc)
            else:
                hashes[number] = crypto.blind_index(values["id_number"], "id_number")
    workers = _workers(set(hashes.values()), {enterprise.pk for enterprise in enterprises.values()})
    existing_numbers = _existing_numbers({v["number"] for _, v in parsed if v["number"]})
    number_rows: dict[str, int] = {}
    today = timezone.localdate()
    rows = []
    for number, values in parsed:
        enterprise = enterprises.get(values["enterprise"])
        if values["enterprise"] and enterprise is None:
            problems.add(number, HEADER["enterprise"], _("No enterprise with this credit code in your scope."))
        lead_id = workers.get((hashes.get(number), enterprise.pk)) if enterprise else None
        if number in hashes and enterprise and lead_id is None:
            # The same words whether nobody has the number or someone outside this enterprise does; and the
            # answer says whether a full ID number belongs to one of its workers, so it is told only where
            # the uploader may see full ID numbers (imports.rows.Problems.add_about_others).
            problems.add_about_others(
                number,
                HEADER["id_number"],
                _("No worker of this enterprise has this ID number."),
                path=enterprise.path,
            )
        if values["submitted_on"] and values["submitted_on"] > today:
            problems.add(number, HEADER["submitted_on"], _("The date is in the future."))
        if values["number"]:
            if values["number"] in existing_numbers:
                problems.add(number, HEADER["number"], _("A proposal with this number already exists."))
            first_seen(
                problems,
                number_rows,
                values["number"],
                number,
                HEADER["number"],
                _("The same number is in row %(row)d."),
            )
        if number in problems.bad_rows:
            continue
        rows.append(ProposalRow(number, values, enterprise, lead_id))
    problems.raise_if_any()
    return rows


def _enterprises(codes: set[str], scope: Scope) -> dict[str, Organization]:
    """The enterprises in the importer's scope, by credit code."""
    found = {}
    for batch in chunks(codes):
        for org in Organization.objects.filter(scope.q(), kind=OrgKind.ENTERPRISE, credit_code__in=batch):
            found[org.credit_code] = org
    return found


def _workers(hashes: set[str], enterprise_ids: set[int]) -> dict[tuple[str, int], int]:
    """Worker id by (ID number hash, employer id), looked up among these enterprises' workers only:
    the import must neither use nor reveal anyone else in the city."""
    found = {}
    for batch in chunks(hashes):
        rows = Worker.objects.filter(id_number_hash__in=batch, employer_id__in=enterprise_ids).values_list(
            "id_number_hash", "employer_id", "pk"
        )
        found.update(((id_hash, employer_id), pk) for id_hash, employer_id, pk in rows)
    return found


def _existing_numbers(numbers: set[str]) -> set[str]:
    found = set()
    for batch in chunks(numbers):
        found.update(Proposal.objects.filter(number__in=batch).values_list("number", flat=True))
    return found


def _allocate_numbers(rows: list[ProposalRow]) -> None:
    """Numbers for rows without one, from the per-year counter (locked for the transaction)."""
    by_year: dict[int, list[ProposalRow]] = {}
    for row in rows:
        if not row.values["number"]:
            by_year.setdefault(row.values["submitted_on"].year, []).append(row)
    for year, year_rows in by_year.items():
        ProposalSequence.objects.get_or_create(year=year)
        sequence = ProposalSequence.objects.select_for_update().get(year=year)
        for offset, row in enumerate(year_rows, start=sequence.last + 1):
            row.values["number"] = f"P{year}-{offset:06d}"
        sequence.last += len(year_rows)
        sequence.save(update_fields=["last"])


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def write(*, rows: list[ProposalRow]) -> dict:
    """Create the proposals, their lead proposer (100 %) and one imported transition each."""
    importer_id = request_context.current().user_id
    _allocate_numbers(rows)
    decided = {ProposalState.ADOPTED, ProposalState.NOT_ADOPTED, ProposalState.IMPLEMENTED}
    decided |= {ProposalState.VERIFIED, ProposalState.REWARDED}
    created = []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        proposals = []
        for row in batch:
            values, enterprise = row.values, row.enterprise
            at = _moment(values["submitted_on"])
            state = values["state"]
            proposals.append(
                Proposal(
                    number=values["number"],
                    title=values["title"],
                    kind=values["kind"],
                    problem=values["problem"] or "",
                    change=values["change"] or "",
                    expected_benefit=values["expected_benefit"] or "",
                    keywords=values["keywords"] or "",
                    enterprise_id=enterprise.pk,
                    district_id=enterprise.parent_id,
                    org_path=enterprise.path,
                    industry=enterprise.industry,
                    lead_id=row.lead_id,
                    state=state,
                    state_changed_at=at,
                    submitted_at=at,
                    decided_at=at if state in decided else None,
                    round=1,
                    grade=values["grade"] or "",
                    net_annual_benefit=values["net_annual_benefit"],
                    verified_benefit_total=values["net_annual_benefit"],
                    reward_total=values["reward_total"],
                    reward_paid=values["reward_total"],  # a reward of the past was paid before zhichuang
                    created_by_id=importer_id,
                    created_at=at,
                )
            )
        Proposal.objects.bulk_create(proposals)
        ProposalMember.objects.bulk_create(
            ProposalMember(proposal=p, worker_id=p.lead_id, share=Decimal("100.00"), is_lead=True) for p in proposals
        )
        Transition.objects.bulk_create(
            Transition(
                proposal=p,
                from_state=ProposalState.DRAFT,
                to_state=p.state,
                actor_id=importer_id,
                at=p.submitted_at,
                data={"action": "import"},
            )
            for p in proposals
        )
        created.extend(proposals)
    _follow_after_commit(created)
    return {"proposals": len(created)}


def _follow_after_commit(proposals: list[Proposal]) -> None:
    """What a proposal's save and submission set off, for the whole import at once once it commits:
    one rollup refresh per enterprise and year, and the similarity index task for each proposal."""
    years = {(p.org_path, timezone.localtime(p.submitted_at).year) for p in proposals}
    for org_path, year in sorted(years):
        refresh_after_commit(org_path=org_path, year=year)
    transaction.on_commit(partial(_queue_indexing, [p.pk for p in proposals]), robust=True)


def _queue_indexing(proposal_ids: list[int]) -> None:
    with transaction.atomic():  # one commit for all the queued tasks, not one each
        for proposal_id in proposal_ids:
            reindex_proposal.enqueue(proposal_id=proposal_id)
