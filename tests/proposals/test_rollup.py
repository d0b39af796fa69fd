import datetime
import importlib
import uuid
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from tests import factories
from tests.statistics.test_selectors import stats_city  # noqa: F401 (fixture)
from zhichuang.accounts.roles import Role
from zhichuang.accounts.services import worker_change_employer
from zhichuang.payouts.services import payout_mark_paid
from zhichuang.proposals import benefits
from zhichuang.proposals.evaluation import evaluation_record
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.ranking import enterprise_ranking
from zhichuang.proposals.rollup.models import EnterpriseYear, ParticipationCount, ProposerYear, StatCell
from zhichuang.proposals.rollup.services import node_paths, rollup_rebuild, rollup_refresh
from zhichuang.proposals.services import proposal_save_draft, proposal_submit
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.proposals.workflow import proposal_transition
from zhichuang.statistics.services import statistics_rebuild, workforce_refresh

ZERO = Decimal("0.00")
FIELDS = {"kind": "innovation", "problem": "夹具定位靠人工目测。", "change": "增加定位销。"}


def _snapshot():
    cells = {
        (c.node_path, c.year, c.shape, c.month, c.industry, c.kind, c.state): (
            c.proposals,
            c.net_benefit,
            c.reward,
            c.reward_paid,
        )
        for c in StatCell.objects.all()
    }
    people = set(ProposerYear.objects.values_list("node_path", "year", "worker_id", "proposals"))
    counts = set(ParticipationCount.objects.filter(proposers__gt=0).values_list("node_path", "year", "proposers"))
    return cells, people, counts, _ranked()


def _ranked(**within):
    """The ranking rows: (path, year, kind) → submitted, adopted, savings, proposers, workers and the two rates."""
    return {
        row[:3]: row[3:]
        for row in EnterpriseYear.objects.filter(**within).values_list(
            "node_path",
            "year",
            "kind",
            "submitted",
            "adopted",
            "savings",
            "proposers",
            "workers",
            "adoption",
            "participation",
        )
    }


def test_node_paths_are_every_segment_prefix():
    assert node_paths("000001000002000003") == ["000001", "000001000002", "000001000002000003"]


def test_workflow_changes_keep_the_rollup_equal_to_a_rebuild(city_tree, django_capture_on_commit_callbacks):
    steel = city_tree["steel"]
    lead, colleague = city_tree["steel_worker"], factories.make_worker(steel, name="赵敏")
    evaluator = factories.make_admin(Role.EVALUATOR, steel)
    finance = factories.make_admin(Role.FINANCE, steel)
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    with django_capture_on_commit_callbacks(execute=True):
        first = proposal_submit(actor=lead.user, client_token=uuid.uuid4(), title="定位销改进", **FIELDS)
        second = proposal_submit(
            actor=lead.user,
            client_token=uuid.uuid4(),
            title="冷却水循环利用",
            members=[(lead, Decimal("50")), (colleague, Decimal("50"))],
            **FIELDS,
        )
        port_one = proposal_submit(
            actor=city_tree["port_worker"].user, client_token=uuid.uuid4(), title="吊装防摆", **FIELDS
        )
        for proposal in (first, second):
            proposal_transition(actor=evaluator, proposal=proposal, to_state="evaluating")
        evaluation_record(
            actor=evaluator,
            proposal=first,
            scores={"innovation": 90, "feasibility": 85, "economic": 80, "promotion": 95},
        )
        proposal_transition(actor=evaluator, proposal=first, to_state="adopted", reason="评审通过")
        # Returned, revised (another kind, the colleague leaves), resubmitted: the counts follow.
        proposal_transition(actor=evaluator, proposal=second, to_state="returned", reason="补充成本测算")
        second.refresh_from_db()
        proposal_save_draft(
            actor=lead.user, proposal=second, expected_version=second.version, kind="design", members=[(lead, 100)]
        )
        second.refresh_from_db()
        proposal_transition(actor=lead.user, proposal=second, to_state="submitted", expected_version=second.version)
        factories.make_verified_claim(first, verifier=finance, creator=evaluator, net="5000.00")
        proposal_transition(actor=city_tree["port_worker"].user, proposal=port_one, to_state="withdrawn")

    year = timezone.localtime(Proposal.objects.get(pk=first.pk).submitted_at).year
    stats = statistics_summary(user=city_admin, year=year)
    assert stats.totals.submitted.value == 3
    assert stats.totals.adopted.value == 1
    assert {row.key: row.totals.submitted.value for row in stats.by_kind if row.totals.submitted.value} == {
        "innovation": 2,
        "design": 1,
    }
    assert stats.participation.proposers.value == 2  # 张伟 and 王强; 赵敏 left the only proposal she was on
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental


def test_refresh_repairs_a_path_changed_without_signals(city_tree):
    proposal = factories.make_proposal(city_tree["mill_worker"], state="submitted")
    statistics_rebuild()
    Proposal.objects.filter(pk=proposal.pk).update(state="adopted")  # bulk write: no signal
    year = timezone.localtime(proposal.submitted_at).year
    rollup_refresh(org_path=proposal.org_path, year=year)
    city = StatCell.objects.get(node_path=city_tree["city"].path, year=year, shape=1)
    assert (city.state, city.proposals) == ("adopted", 1)
    assert not StatCell.objects.filter(state="submitted").exists()


def test_rollup_of_a_deleted_proposal_is_removed(city_tree, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(city_tree["mill_worker"], state="submitted")
    statistics_rebuild()
    assert StatCell.objects.filter(node_path=city_tree["city"].path).exists()
    with django_capture_on_commit_callbacks(execute=True):
        Proposal.objects.get(pk=proposal.pk).delete()
    assert not StatCell.objects.exists()
    assert not ProposerYear.objects.exists()


def test_payouts_keep_the_paid_rewards_equal_to_a_rebuild(city_tree, django_capture_on_commit_callbacks):
    steel = city_tree["steel"]
    admin, finance = factories.make_admin(Role.ENTERPRISE_ADMIN, steel), factories.make_admin(Role.FINANCE, steel)
    city_admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    colleague = factories.make_worker(steel, name="赵敏")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = factories.make_rewarded_proposal(
            city_tree["steel_worker"], co_proposer=colleague, admin=admin, finance=finance
        )
    year = timezone.localtime(proposal.submitted_at).year
    rollup_rebuild()  # the factory writes some of the proposal's figures without signals
    assert statistics_summary(user=city_admin, year=year).totals.rewards_paid.value == Decimal("0.00")
    share = proposal.rewards.get().shares.get(worker=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        payout_mark_paid(actor=finance, payout=share.payout, paid_on=timezone.localdate(), voucher_no="记-7")
    totals = statistics_summary(user=city_admin, year=year).totals
    assert totals.rewards_paid.value == share.amount > 0
    assert totals.rewards.value == proposal.reward_total > share.amount
    incremental = _snapshot()
    rollup_rebuild()
    assert _snapshot() == incremental


def test_the_ranking_rows_follow_each_step_and_the_workforce(shop, django_capture_on_commit_callbacks):
    """An enterprise's ranking rows after a submission, an adoption, a verified claim, workers added and
    moved (once the workforce is recounted), and a rebuild; the figures are the statistics page's."""
    steel, mill = shop.steel.path, shop.tree["mill"].path
    workforce_refresh()  # 张伟 and 赵敏 at the steel works, 李娜 at the mill
    with django_capture_on_commit_callbacks(execute=True):
        first = proposal_submit(
            actor=shop.lead.user,
            client_token=uuid.uuid4(),
            title="定位销改进",
            members=[(shop.lead, Decimal("50")), (shop.colleague, Decimal("50"))],
            **FIELDS,
        )
        proposal_submit(
            actor=shop.tree["mill_worker"].user,
            client_token=uuid.uuid4(),
            title="络筒机防缠",
            **FIELDS | {"kind": "design"},
        )
    year = timezone.localtime(Proposal.objects.get(pk=first.pk).submitted_at).year
    assert _ranked(node_path=steel) == {
        (steel, year, ""): (1, 0, Decimal("0.00"), 2, 2, 0.0, 1.0),
        (steel, year, "innovation"): (1, 0, Decimal("0.00"), 0, 0, 0.0, None),
    }
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(actor=shop.evaluator, proposal=first, to_state="evaluating")
        evaluation_record(
            actor=shop.evaluator,
            proposal=first,
            scores={"innovation": 90, "feasibility": 85, "economic": 80, "promotion": 95},
        )
        proposal_transition(actor=shop.evaluator, proposal=first, to_state="adopted", reason="评审通过")
        implemented = factories.make_proposal(shop.lead, state="implemented")  # written without the steps
        claim = benefits.claim_save(
            actor=shop.admin,
            proposal=implemented,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            implementation_cost="1500.00",
            lines=[{"category": "energy", "description": "节电", "quantity": "12000", "unit_price": "0.65"}],
        )
        benefits.claim_verify(actor=shop.finance, claim=benefits.claim_submit(actor=shop.admin, claim=claim))
    assert _ranked(node_path=steel, kind="")[(steel, year, "")] == (2, 2, Decimal("6300.00"), 2, 2, 1.0, 1.0)
    # Workers hired and moved count once the workforce is recounted (hourly): two more at the steel works,
    # then 赵敏 moves to the mill.
    factories.make_worker(shop.steel)
    factories.make_worker(shop.steel)
    worker_change_employer(actor=shop.city, worker=shop.colleague, employer=shop.tree["mill"])
    assert _ranked(node_path=steel, kind="")[(steel, year, "")][3:5] == (2, 2)  # not yet recounted
    workforce_refresh()
    assert _ranked(node_path=steel, kind="")[(steel, year, "")][3:] == (2, 3, 1.0, 2 / 3)
    assert _ranked(node_path=mill, kind="")[(mill, year, "")][3:] == (1, 2, 0.0, 0.5)
    # What the ranking orders by is what its rows show (the statistics' figures of each enterprise).
    shown = {
        row.label: (
            row.totals.submitted.value,
            row.totals.adopted.value,
            row.totals.savings.value,
            row.participation.proposers.value,
            row.participation.workers,
        )
        for row in enterprise_ranking(user=shop.city, year=year).rows
    }
    assert shown == {shop.steel.name: (2, 2, Decimal("6300.00"), 2, 3), shop.tree["mill"].name: (1, 0, ZERO, 1, 2)}
    incremental = _ranked()
    rollup_rebuild()
    assert _ranked() == incremental
    statistics_rebuild()
    assert _ranked() == incremental


def test_the_upgrade_fills_the_ranking_rows_from_the_rollup(stats_city):  # noqa: F811
    """Migration 0017 derives the ranking rows from the cells, proposers and workforce already counted."""
    fill = importlib.import_module("zhichuang.proposals.migrations.0017_ranking_rows").fill
    rebuilt = _ranked()
    assert len({key[0] for key in rebuilt}) == 3  # the three enterprises, in two years
    EnterpriseYear.objects.all().delete()
    fill(apps, None)
    assert _ranked() == rebuilt
