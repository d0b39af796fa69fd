"""Keeping the proposals' statistics rollups equal to the proposals. See docs/statistics.md.

The unit of work is one organisation path and one year: `rollup_refresh(org_path, year)`
recomputes that path's cells from its own proposals (a few hundred rows at most, on an
index), takes the difference from what is stored, and adds the difference to the path
and to every node above it. Nodes above therefore always hold the sum of the paths below
them, and any refresh also repairs a path whose proposals were changed without one.
The year's RollupYear row is locked first, so refreshes and rebuilds of a year never
interleave. `rollup_rebuild` recomputes whole years from scratch. Each refresh and rebuild also derives
the enterprise's ranking rows (EnterpriseYear) from its year cells, its proposers and its workforce; a
recount of the workforce gives them its figures (`rollup_workforce_recounted`).

What runs a refresh: proposals/listeners.py after every committed step of the proposal, claim and
payout workflows; `refresh_after_commit` where a counted figure changes outside a step (a returned
proposal's revision, a correction of verified figures, a deletion); the import of historical proposals.
A failed refresh is logged and repaired by the next refresh of the same path and year or by
`zhichuang rebuild_statistics`; it never fails the change that set it off.
"""

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from zhichuang.orgs.enums import KIND_DEPTH, OrgKind
from zhichuang.orgs.models import ancestor_paths, depth_of
from zhichuang.statistics.selectors import workforce_counts

from ..enums import ADOPTED_STATES, ProposalState
from ..models import Proposal, ProposalMember
from .models import EnterpriseYear, ParticipationCount, ProposerYear, RollupYear, Shape, StatCell

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
BATCH = 5000
# (shape, month, industry, kind, state) → [proposals, *the sums]
CellKey = tuple[int, int, str, str, str]
Cells = dict[CellKey, list]
# The money a cell sums (StatCell fields) and the proposal fields they sum, null counting as 0.
SUMS = ("net_benefit", "reward", "reward_paid")
SUMMED = ("net_annual_benefit", "reward_total", "reward_paid")
S = ProposalState
# The states behind each counted stage, as they appear in the proposal list's state filter.
ADOPTED = tuple(sorted(str(state) for state in ADOPTED_STATES))
IMPLEMENTED = tuple(sorted(str(state) for state in (S.IMPLEMENTED, S.VERIFIED, S.REWARDED)))
VERIFIED = tuple(sorted(str(state) for state in (S.VERIFIED, S.REWARDED)))
REWARDED = (S.REWARDED.value,)
ENTERPRISE_DEPTH = KIND_DEPTH[OrgKind.ENTERPRISE]


class RollupOutOfStep(RuntimeError):
    """The stored rollup does not match what a refresh expects: run `zhichuang rebuild_statistics`."""


def node_paths(org_path: str) -> list[str]:
    """The path and every ancestor path, shortest first: the nodes a proposal is counted at."""
    return ancestor_paths(org_path)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The local year as aware datetimes [start, end): the same day boundaries as the proposal list filters."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))  # noqa: DTZ001 - made aware in the site time zone
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))  # noqa: DTZ001
    return start, end


def _empty() -> list:
    return [0] + [ZERO] * len(SUMS)


def _add(cells: Cells, key: CellKey, figures: list) -> None:
    stored = cells.setdefault(key, _empty())
    for i, value in enumerate(figures):
        stored[i] += value


def _figures(cell: StatCell) -> list:
    return [cell.proposals, *(getattr(cell, name) for name in SUMS)]


def cells_of(rows: Iterable[tuple]) -> Cells:
    """Cells of proposals given as (submitted_at, kind, industry, state, *SUMMED)."""
    cells: Cells = {}
    for submitted_at, kind, industry, state, *money in rows:
        month = timezone.localtime(submitted_at).month
        figures = [1, *(value or ZERO for value in money)]
        _add(cells, (Shape.YEAR, 0, "", kind, state), figures)
        _add(cells, (Shape.MONTH, month, "", kind, state), figures)
        _add(cells, (Shape.INDUSTRY, 0, industry, kind, state), figures)
    return cells


_ROW_FIELDS = ("submitted_at", "kind", "industry", "state", *SUMMED)


def _stored_cells(node_path: str, year: int) -> dict[CellKey, StatCell]:
    return {
        (c.shape, c.month, c.industry, c.kind, c.state): c
        for c in StatCell.objects.filter(node_path=node_path, year=year)
    }


def _difference(new: Cells, old: dict[CellKey, StatCell]) -> Cells:
    delta: Cells = {}
    for key in new.keys() | old.keys():
        after = new.get(key, _empty())
        before = _figures(old[key]) if key in old else _empty()
        change = [a - b for a, b in zip(after, before, strict=True)]
        if any(change):
            delta[key] = change
    return delta


def _new_cell(node_path: str, year: int, key: CellKey, proposals: int, money) -> StatCell:
    shape, month, industry, kind, state = key
    return StatCell(
        node_path=node_path,
        depth=depth_of(node_path),
        year=year,
        shape=shape,
        month=month,
        industry=industry,
        kind=kind,
        state=state,
        proposals=proposals,
        **dict(zip(SUMS, money, strict=True)),
    )


def _apply_cells(node_path: str, year: int, delta: Cells) -> None:
    stored = _stored_cells(node_path, year) if len(delta) > 50 else _cells_matching(node_path, year, delta)
    created, updated, deleted = [], [], []
    for key, (proposals, *money) in delta.items():
        cell = stored.get(key)
        if cell is None:
            if proposals <= 0:
                raise RollupOutOfStep(f"{node_path} {year} {key}")
            created.append(_new_cell(node_path, year, key, proposals, money))
            continue
        cell.proposals += proposals
        for name, value in zip(SUMS, money, strict=True):
            setattr(cell, name, getattr(cell, name) + value)
        if cell.proposals < 0:
            raise RollupOutOfStep(f"{node_path} {year} {key}")
        (deleted if cell.proposals == 0 else updated).append(cell)
    if deleted:
        StatCell.objects.filter(pk__in=[c.pk for c in deleted]).delete()
    if updated:
        StatCell.objects.bulk_update(updated, ["proposals", *SUMS])
    if created:
        StatCell.objects.bulk_create(created)


def _cells_matching(node_path: str, year: int, delta: Cells) -> dict[CellKey, StatCell]:
    kinds = {key[3] for key in delta}
    states = {key[4] for key in delta}
    cells = StatCell.objects.filter(node_path=node_path, year=year, kind__in=kinds, state__in=states)
    return {(c.shape, c.month, c.industry, c.kind, c.state): c for c in cells}


def _apply_people(node_path: str, year: int, delta: dict[int, int]) -> None:
    stored = {
        row.worker_id: row
        for row in ProposerYear.objects.filter(node_path=node_path, year=year, worker_id__in=list(delta))
    }
    created, updated, deleted = [], [], []
    for worker_id, change in delta.items():
        row = stored.get(worker_id)
        if row is None:
            if change <= 0:
                raise RollupOutOfStep(f"{node_path} {year} worker {worker_id}")
            created.append(ProposerYear(node_path=node_path, year=year, worker_id=worker_id, proposals=change))
            continue
        row.proposals += change
        if row.proposals < 0:
            raise RollupOutOfStep(f"{node_path} {year} worker {worker_id}")
        (deleted if row.proposals == 0 else updated).append(row)
    if deleted:
        ProposerYear.objects.filter(pk__in=[r.pk for r in deleted]).delete()
    if updated:
        ProposerYear.objects.bulk_update(updated, ["proposals"])
    if created:
        ProposerYear.objects.bulk_create(created)
    if created or deleted:
        count, _ = ParticipationCount.objects.get_or_create(node_path=node_path, year=year)
        count.proposers += len(created) - len(deleted)
        count.save(update_fields=["proposers"])


def _lock_year(year: int) -> RollupYear:
    RollupYear.objects.get_or_create(year=year)
    return RollupYear.objects.select_for_update().get(year=year)


def rollup_refresh(*, org_path: str, year: int) -> None:
    """Make the rollup of one organisation path and year equal to its proposals again."""
    start, end = year_bounds(year)
    own = {"org_path": org_path, "submitted_at__gte": start, "submitted_at__lt": end}
    with transaction.atomic():
        _lock_year(year)
        delta = _difference(
            cells_of(Proposal.objects.filter(**own).values_list(*_ROW_FIELDS)), _stored_cells(org_path, year)
        )
        people_now = Counter(
            ProposalMember.objects.filter(**{f"proposal__{name}": value for name, value in own.items()}).values_list(
                "worker_id", flat=True
            )
        )
        people_before = dict(
            ProposerYear.objects.filter(node_path=org_path, year=year).values_list("worker_id", "proposals")
        )
        people_delta = {
            worker_id: people_now.get(worker_id, 0) - people_before.get(worker_id, 0)
            for worker_id in people_now.keys() | people_before.keys()
        }
        people_delta = {worker_id: change for worker_id, change in people_delta.items() if change}
        for node_path in node_paths(org_path):
            if delta:
                _apply_cells(node_path, year, delta)
            if people_delta:
                _apply_people(node_path, year, people_delta)
            if depth_of(node_path) == ENTERPRISE_DEPTH:
                _refresh_ranked(node_path, year)


def rollup_refresh_proposal(*, proposal_id: int) -> None:
    """Refresh the rollup a proposal is counted in (called after the commit that changed it)."""
    row = Proposal.objects.filter(pk=proposal_id).values_list("org_path", "submitted_at").first()
    if row is not None and row[1] is not None:
        rollup_refresh(org_path=row[0], year=timezone.localtime(row[1]).year)


def refresh_after_commit(*, proposal_id: int | None = None, org_path: str = "", year: int | None = None) -> None:
    """Refresh the rollup of a proposal (or of one path and year) once the current transaction commits."""
    if proposal_id is not None:
        transaction.on_commit(partial(rollup_refresh_proposal, proposal_id=proposal_id), robust=True)
    else:
        transaction.on_commit(partial(rollup_refresh, org_path=org_path, year=year), robust=True)


def rollup_years() -> list[int]:
    bounds = Proposal.objects.filter(submitted_at__isnull=False).aggregate(
        first=Min("submitted_at"), last=Max("submitted_at")
    )
    stored = set(RollupYear.objects.values_list("year", flat=True))
    if bounds["first"] is None:
        return sorted(stored)
    first, last = timezone.localtime(bounds["first"]).year, timezone.localtime(bounds["last"]).year
    return sorted(stored | set(range(first, last + 1)))


def rollup_rebuild(*, years: list[int] | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the rollup of whole years from the proposals (all years by default). Returns proposals counted."""
    years = rollup_years() if years is None else years
    total = Proposal.objects.filter(submitted_at__isnull=False).count() if progress else 0
    done = 0
    for year in years:
        start, end = year_bounds(year)
        with transaction.atomic():
            lock = _lock_year(year)
            for model in (StatCell, ProposerYear, ParticipationCount, EnterpriseYear):
                model.objects.filter(year=year).delete()
            cells: dict[str, Cells] = defaultdict(dict)
            rows = (
                Proposal.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
                .order_by()
                .values_list("org_path", *_ROW_FIELDS)
                .iterator(chunk_size=BATCH)
            )
            for org_path, *fields in rows:
                done += 1
                for key, figures in cells_of([fields]).items():
                    for node_path in node_paths(org_path):
                        _add(cells[node_path], key, figures)
                if progress and done % BATCH == 0:
                    progress(done, total)
            _bulk_cells(year, cells)
            people: dict[str, Counter] = defaultdict(Counter)
            members = (
                ProposalMember.objects.filter(proposal__submitted_at__gte=start, proposal__submitted_at__lt=end)
                .order_by()
                .values_list("proposal__org_path", "worker_id")
                .iterator(chunk_size=BATCH)
            )
            for org_path, worker_id in members:
                for node_path in node_paths(org_path):
                    people[node_path][worker_id] += 1
            _bulk_people(year, people)
            _bulk_ranked(year, cells, people)
            lock.rebuilt_at = timezone.now()
            lock.save(update_fields=["rebuilt_at"])
    if progress:
        progress(total, total)
    return done


def _bulk_cells(year: int, cells: dict[str, Cells]) -> None:
    batch = []
    for node_path, node_cells in cells.items():
        for key, (proposals, *money) in node_cells.items():
            batch.append(_new_cell(node_path, year, key, proposals, money))
            if len(batch) >= BATCH:
                StatCell.objects.bulk_create(batch)
                batch = []
    StatCell.objects.bulk_create(batch)


def _bulk_people(year: int, people: dict[str, Counter]) -> None:
    batch = []
    for node_path, counts in people.items():
        for worker_id, proposals in counts.items():
            batch.append(ProposerYear(node_path=node_path, year=year, worker_id=worker_id, proposals=proposals))
            if len(batch) >= BATCH:
                ProposerYear.objects.bulk_create(batch)
                batch = []
    ProposerYear.objects.bulk_create(batch)
    ParticipationCount.objects.bulk_create(
        ParticipationCount(node_path=node_path, year=year, proposers=len(counts))
        for node_path, counts in people.items()
    )


def participation(proposers: int, workers: int) -> float | None:
    """The rate an enterprise is ranked by for participation (statistics.Participation shows it in percent)."""
    return proposers / workers if workers else None


def ranked_rows(
    *, node_path: str, year: int, year_cells: Iterable[tuple[str, str, int, Decimal]], proposers: int, workers: int
) -> list[dict]:
    """The ranking rows (EnterpriseYear's fields) of an enterprise's year from its year cut's cells, given as
    (kind, state, proposals, net benefit): one of all kinds ("") and one per kind, each with the figures
    the statistics page shows for it (statistics.Totals, Participation) and the rates it is ranked by."""
    sums: dict[str, list] = {}  # kind → [submitted, adopted, savings]
    for kind, state, proposals, net in year_cells:
        for key in ("", kind):
            figures = sums.setdefault(key, [0, 0, ZERO])
            figures[0] += proposals
            if state in ADOPTED:
                figures[1] += proposals
            if state in VERIFIED:
                # As statistics.Totals adds them: SQLite sums a decimal column with eight places.
                figures[2] += Decimal(net or 0).quantize(ZERO)
    rows = []
    for kind, (submitted, adopted, savings) in sorted(sums.items()):
        if submitted <= 0:
            continue
        everyone = not kind
        rows.append(
            {
                "node_path": node_path,
                "year": year,
                "kind": kind,
                "submitted": submitted,
                "adopted": adopted,
                "savings": savings,
                "proposers": proposers if everyone else 0,
                "workers": workers if everyone else 0,
                "adoption": adopted / submitted,
                "participation": participation(proposers, workers) if everyone else None,
            }
        )
    return rows


def _refresh_ranked(node_path: str, year: int) -> None:
    """Derive an enterprise's ranking rows of the year again from its stored cells (in the refresh's transaction)."""
    year_cells = StatCell.objects.filter(node_path=node_path, year=year, shape=Shape.YEAR).values_list(
        "kind", "state", "proposals", "net_benefit"
    )
    proposers = ParticipationCount.objects.filter(node_path=node_path, year=year).values_list("proposers", flat=True)
    rows = ranked_rows(
        node_path=node_path,
        year=year,
        year_cells=list(year_cells),
        proposers=proposers.first() or 0,
        workers=workforce_counts(nodes=[node_path]).get(node_path, 0),
    )
    EnterpriseYear.objects.filter(node_path=node_path, year=year).delete()
    EnterpriseYear.objects.bulk_create(EnterpriseYear(**row) for row in rows)


def _workforce(nodes: list[str]) -> dict[str, int]:
    workers: dict[str, int] = {}
    for start in range(0, len(nodes), BATCH):
        workers |= workforce_counts(nodes=nodes[start : start + BATCH])
    return workers


def _bulk_ranked(year: int, cells: dict[str, Cells], people: dict[str, Counter]) -> None:
    enterprises = [node_path for node_path in cells if depth_of(node_path) == ENTERPRISE_DEPTH]
    workers = _workforce(enterprises)
    rows = (
        EnterpriseYear(**row)
        for node_path in enterprises
        for row in ranked_rows(
            node_path=node_path,
            year=year,
            year_cells=[
                (kind, state, figures[0], figures[1])
                for (shape, _month, _industry, kind, state), figures in cells[node_path].items()
                if shape == Shape.YEAR
            ],
            proposers=len(people.get(node_path, ())),
            workers=workers.get(node_path, 0),
        )
    )
    EnterpriseYear.objects.bulk_create(rows, batch_size=BATCH)


def rollup_workforce_recounted() -> int:
    """Give the ranking rows the workforce just recounted (Rollup.workforce: statistics.workforce_refresh runs
    it in its transaction). Locks every year first, so a refresh never writes a workforce older than this.
    Returns the rows changed."""
    with transaction.atomic():
        list(RollupYear.objects.select_for_update().order_by("year"))
        rows = list(EnterpriseYear.objects.filter(kind=""))
        workers = _workforce(sorted({row.node_path for row in rows}))
        changed = []
        for row in rows:
            now = workers.get(row.node_path, 0)
            if now != row.workers:
                row.workers = now
                row.participation = participation(row.proposers, now)
                changed.append(row)
        # Written again rather than updated: an UPDATE of 100,000 rows by CASE took 53 s at 1M proposals.
        for start in range(0, len(changed), BATCH):
            EnterpriseYear.objects.filter(pk__in=[row.pk for row in changed[start : start + BATCH]]).delete()
        EnterpriseYear.objects.bulk_create(changed, batch_size=BATCH)
    return len(changed)
