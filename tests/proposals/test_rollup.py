import uuid
from decimal import Decimal

from django.utils import timezone

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.payouts.services import payout_mark_paid
from zhichuang.proposals.evaluation import evaluation_record
from zhichuang.proposals.models import Proposal
from zhichuang.proposals.rollup.models import ParticipationCount, ProposerYear, StatCell
from zhichuang.proposals.rollup.services import node_paths, rollup_rebuild, rollup_refresh
from zhichuang.proposals.services import proposal_save_draft, proposal_submit
from zhichuang.proposals.statistics import statistics_summary
from zhichuang.proposals.workflow import proposal_transition
from zhichuang.statistics.services import statistics_rebuild

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
    return cells, people, counts


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
