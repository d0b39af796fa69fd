import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from tests import factories
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed
from zhichuang.notifications.models import Notification
from zhichuang.proposals import benefits
from zhichuang.proposals.enums import ClaimStatus, ProposalState
from zhichuang.proposals.models import BenefitClaim, ClaimTransition
from zhichuang.proposals.selectors import benefit_totals, claim_list

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
LINES = [
    {"category": "energy", "description": "节电", "quantity": "12000", "unit": "千瓦时", "unit_price": "0.65"},
    {"category": "material", "description": "少用钢丝", "quantity": "3.333", "unit": "吨", "unit_price": "4999.99"},
]


def _claim(shop, proposal=None, cost="1500.00", period=YEAR, lines=LINES):
    proposal = proposal or factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTED)
    return benefits.claim_save(
        actor=shop.admin,
        proposal=proposal,
        period_start=period[0],
        period_end=period[1],
        implementation_cost=cost,
        lines=[dict(line) for line in lines],
        tags=[{"benefit_type": "safety", "description": "减少人工搬运"}],
    )


def test_claim_arithmetic_is_exact_to_the_fen(shop):
    claim = _claim(shop)
    amounts = list(claim.lines.values_list("amount", flat=True))
    # 12000 × 0.65 = 7800.00; 3.333 × 4999.99 = 16664.966… → 16664.97 (half up)
    assert amounts == [Decimal("7800.00"), Decimal("16664.97")]
    assert claim.gross == claim.annual_gross == Decimal("24464.97")
    assert claim.net == Decimal("22964.97")
    assert list(claim.tags.values_list("benefit_type", flat=True)) == ["safety"]


def test_claim_for_part_of_a_year_is_annualised(shop):
    claim = _claim(
        shop,
        cost="0",
        period=(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),  # 90 days
        lines=[{"category": "labour", "description": "工时", "quantity": "100", "unit_price": "90.00"}],
    )
    # 9000.00 × 365 / 90 = 36500.00
    assert (claim.gross, claim.annual_gross, claim.net) == (
        Decimal("9000.00"),
        Decimal("36500.00"),
        Decimal("36500.00"),
    )


def test_claim_refuses_float_and_negative_and_bad_period(shop):
    with pytest.raises(TypeError):
        _claim(shop, lines=[{"category": "energy", "description": "x", "quantity": 1.5, "unit_price": "1"}])
    with pytest.raises(ValidationFailed):
        _claim(shop, lines=[{"category": "energy", "description": "x", "quantity": "-1", "unit_price": "1"}])
    with pytest.raises(ValidationFailed):
        _claim(shop, period=(datetime.date(2025, 2, 1), datetime.date(2025, 1, 1)))


def test_claim_refused_before_implementation(shop):
    with pytest.raises(ValidationFailed):
        _claim(shop, proposal=factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTING))


def test_verify_locks_the_figures_and_moves_the_proposal(shop, django_capture_on_commit_callbacks):
    claim = benefits.claim_submit(actor=shop.admin, claim=_claim(shop))
    with pytest.raises(PermissionDenied):
        benefits.claim_verify(actor=shop.other_finance, claim=claim)
    with pytest.raises(PermissionDenied):
        benefits.claim_verify(actor=shop.admin, claim=claim)
    benefits.claim_verify(actor=shop.finance, claim=claim)
    claim.refresh_from_db()
    proposal = claim.proposal
    proposal.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert (claim.verified_net, claim.verified_by) == (Decimal("22964.97"), shop.finance)
    assert proposal.state == ProposalState.VERIFIED
    assert proposal.net_annual_benefit == proposal.verified_benefit_total == Decimal("22964.97")
    with pytest.raises(ValidationFailed):
        benefits.claim_save(
            actor=shop.admin,
            proposal=proposal,
            claim=claim,
            period_start=YEAR[0],
            period_end=YEAR[1],
            implementation_cost="0",
            lines=[{"category": "other", "description": "改", "quantity": "1", "unit_price": "1"}],
        )


def test_return_needs_a_reason_and_allows_revision(shop):
    claim = benefits.claim_submit(actor=shop.admin, claim=_claim(shop))
    with pytest.raises(ValidationFailed):
        benefits.claim_return(actor=shop.finance, claim=claim, reason=" ")
    benefits.claim_return(actor=shop.finance, claim=claim, reason="缺少电表读数")
    claim.refresh_from_db()
    assert (claim.status, claim.return_reason) == (ClaimStatus.RETURNED, "缺少电表读数")
    revised = benefits.claim_save(
        actor=shop.admin,
        proposal=claim.proposal,
        claim=claim,
        period_start=YEAR[0],
        period_end=YEAR[1],
        implementation_cost="0",
        lines=[{"category": "energy", "description": "节电", "quantity": "1000", "unit_price": "0.65"}],
    )
    assert revised.net == Decimal("650.00")


def test_correction_keeps_original_and_corrected_figures(shop):
    claim = benefits.claim_submit(actor=shop.admin, claim=_claim(shop))
    benefits.claim_verify(actor=shop.finance, claim=claim)
    with pytest.raises(PermissionDenied):
        benefits.benefit_correct(actor=shop.admin, claim=claim, lines=LINES, reason="x")
    with pytest.raises(ValidationFailed):
        benefits.benefit_correct(actor=shop.finance, claim=claim, lines=LINES, reason="")
    correction = benefits.benefit_correct(
        actor=shop.finance,
        claim=claim,
        lines=[dict(LINES[0])],
        reason="钢丝节约未经仓库确认",
    )
    assert (correction.original_net, correction.corrected_net) == (Decimal("22964.97"), Decimal("6300.00"))
    assert len(correction.lines["before"]) == 2 and len(correction.lines["after"]) == 1
    claim.refresh_from_db()
    assert (claim.verified_net, claim.net, claim.is_corrected) == (Decimal("22964.97"), Decimal("6300.00"), True)
    totals = benefit_totals(proposal=claim.proposal)
    assert (totals.verified_original, totals.verified_current, totals.corrected) == (
        Decimal("22964.97"),
        Decimal("6300.00"),
        True,
    )
    claim.proposal.refresh_from_db()
    assert claim.proposal.net_annual_benefit == Decimal("6300.00")
    assert AuditEntry.objects.filter(action="proposals.benefit_correct").exists()


def test_further_years_add_up(shop):
    first = benefits.claim_submit(actor=shop.admin, claim=_claim(shop))
    benefits.claim_verify(actor=shop.finance, claim=first)
    proposal = first.proposal
    second = _claim(shop, proposal=proposal, cost="0", period=(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)))
    benefits.claim_submit(actor=shop.admin, claim=second)
    benefits.claim_verify(actor=shop.finance, claim=second)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.VERIFIED
    assert proposal.net_annual_benefit == Decimal("24464.97")
    assert proposal.verified_benefit_total == Decimal("47429.94")


def test_totals_from_the_claim_list_are_the_aggregate_figures(shop):
    first = benefits.claim_submit(actor=shop.admin, claim=_claim(shop))
    benefits.claim_verify(actor=shop.finance, claim=first)
    proposal = first.proposal
    unclaimed = factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTED)
    assert benefit_totals(proposal=unclaimed, claims=[]) == benefit_totals(proposal=unclaimed)
    benefits.benefit_correct(actor=shop.finance, claim=first, lines=[dict(LINES[0])], reason="钢丝节约未经确认")
    second = _claim(
        shop, proposal=proposal, cost="0.01", period=(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    )
    benefits.claim_verify(actor=shop.finance, claim=benefits.claim_submit(actor=shop.admin, claim=second))
    _claim(shop, proposal=proposal, period=(datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)))  # a draft
    pending = _claim(shop, proposal=proposal, period=(datetime.date(2027, 7, 1), datetime.date(2027, 12, 31)))
    benefits.claim_submit(actor=shop.admin, claim=pending)
    claims = claim_list(proposal=proposal)
    assert len(claims) == 4
    totals = benefit_totals(proposal=proposal, claims=claims)
    assert totals == benefit_totals(proposal=proposal)
    assert (totals.verified_original, totals.verified_current, totals.claims, totals.corrected) == (
        Decimal("22964.97") + Decimal("24464.96"),
        Decimal("6300.00") + Decimal("24464.96"),
        2,
        True,
    )


def test_claims_without_their_items_are_one_query(shop, django_assert_num_queries):
    claim = _claim(shop)
    with django_assert_num_queries(1):
        claims = claim_list(proposal=claim.proposal, items=False)
        assert [(c.pk, c.status, c.net, c.is_corrected) for c in claims] == [(claim.pk, claim.status, claim.net, False)]
    with django_assert_num_queries(4):  # the claims, their lines, tags and corrections
        (full,) = claim_list(proposal=claim.proposal)
        assert (len(full.lines.all()), len(full.tags.all()), len(full.corrections.all())) == (2, 1, 0)


def test_submitted_claim_tells_finance_and_a_return_tells_who_entered_it(shop, django_capture_on_commit_callbacks):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.VERIFIED)  # a later year's claim
    claim = _claim(shop, proposal=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        benefits.claim_submit(actor=shop.admin, claim=claim)
    waiting = Notification.objects.filter(kind="claim_submitted")
    assert set(waiting.values_list("user_id", flat=True)) == {shop.finance.pk}  # not other enterprises' finance
    assert "2025-01-01 – 2025-12-31" in waiting.get().message
    with django_capture_on_commit_callbacks(execute=True):
        benefits.claim_return(actor=shop.finance, claim=claim, reason="缺少电表读数")
    returned = Notification.objects.filter(kind="claim_returned")
    assert set(returned.values_list("user_id", flat=True)) == {shop.admin.pk, shop.lead.user_id}
    assert all("缺少电表读数" in n.message for n in returned)


def test_refused_claim_steps_tell_nobody(shop, django_capture_on_commit_callbacks):
    claim = _claim(shop)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        benefits.claim_submit(actor=shop.other_admin, claim=claim)
    assert not Notification.objects.exists()


def _claim_unchanged(claim):
    row = BenefitClaim.objects.filter(pk=claim.pk).values().get()
    return row, list(ClaimTransition.objects.values()), AuditEntry.objects.count()


def test_each_claim_step_is_recorded_and_moves_the_version(shop):
    claim = _claim(shop)
    assert claim.version == 1
    benefits.claim_submit(actor=shop.admin, claim=claim, expected_version=1)
    benefits.claim_return(actor=shop.finance, claim=claim, reason="缺少电表读数", expected_version=2)
    benefits.claim_submit(actor=shop.lead.user, claim=claim, expected_version=3)  # a proposer may hand it in
    benefits.claim_verify(actor=shop.finance, claim=claim, expected_version=4)
    steps = list(ClaimTransition.objects.filter(claim=claim).values_list("from_state", "to_state", "actor", "reason"))
    assert steps == [
        ("draft", "submitted", shop.admin.pk, ""),
        ("submitted", "returned", shop.finance.pk, "缺少电表读数"),
        ("returned", "submitted", shop.lead.user_id, ""),
        ("submitted", "verified", shop.finance.pk, ""),
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.return_reason) == (ClaimStatus.VERIFIED, 5, "")
    entry = AuditEntry.objects.filter(action="proposals.claim_verify").get()
    assert entry.object_id == str(claim.proposal_id)
    assert (entry.changes["status"], entry.changes["claim"]) == (["submitted", "verified"], claim.pk)


def test_a_claim_step_from_a_stale_copy_or_out_of_turn_changes_nothing(shop):
    claim = _claim(shop)
    benefits.claim_submit(actor=shop.admin, claim=claim)
    before = _claim_unchanged(claim)
    with pytest.raises(Conflict):
        benefits.claim_verify(actor=shop.finance, claim=claim, expected_version=1)
    with pytest.raises(ValidationFailed) as refused:
        benefits.claim_submit(actor=shop.admin, claim=claim)
    assert str(refused.value.message) == _("This claim has already been submitted.")
    with pytest.raises(PermissionDenied):
        benefits.claim_verify(actor=shop.other_finance, claim=claim)
    with pytest.raises(ValidationFailed):
        benefits.claim_return(actor=shop.finance, claim=claim, reason="")
    assert _claim_unchanged(claim) == before
