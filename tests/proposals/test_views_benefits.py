"""A benefit claim's page: its history (who submitted, verified or returned it, when, why), and its steps
taken on the version the page showed, so that two finance officers acting at once cannot both win."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.proposals import benefits
from zhichuang.proposals.enums import ClaimStatus, ProposalState
from zhichuang.proposals.models import BenefitClaim

STALE = "在此期间他人修改了这份效益申报，请刷新后重试。"
OUT_OF_DATE = "表单已过期，请刷新页面后重试。"


@pytest.fixture
def claim(shop):
    """A claim the enterprise admin entered and submitted, returned by finance with a reason, then submitted
    again: three steps in its history, taken by two named people."""
    shop.admin.display_name, shop.finance.display_name = "周主席", "钱会计"
    shop.admin.save(update_fields=["display_name"])
    shop.finance.save(update_fields=["display_name"])
    proposal = factories.make_proposal(shop.lead, state=ProposalState.IMPLEMENTED, title="节电改造")
    line = {"category": "energy", "description": "少用电", "quantity": "1000", "unit": "千瓦时", "unit_price": "0.65"}
    claim = benefits.claim_save(
        actor=shop.admin,
        proposal=proposal,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        implementation_cost="0",
        lines=[line],
    )
    benefits.claim_submit(actor=shop.admin, claim=claim)
    benefits.claim_return(actor=shop.finance, claim=claim, reason="缺少电表读数")
    benefits.claim_submit(actor=shop.admin, claim=claim)
    claim.refresh_from_db()
    return claim


def _page(claim):
    return reverse("proposals:claim_detail", args=[claim.proposal_id, claim.pk])


def _decide(claim, decision):
    return reverse("proposals:claim_decide", args=[claim.proposal_id, claim.pk, decision])


def _history(html: str) -> str:
    start = html.index('id="zc-claim-history"')
    return html[start : html.index("</ol>", start)]


def test_claim_page_shows_who_did_what_when_and_why(client, shop, claim):
    for viewer in (shop.lead.user, shop.admin, shop.finance, shop.district):
        client.force_login(viewer)
        response = client.get(_page(claim))
        assert response.status_code == 200
        steps = [(t.from_state, t.to_state, str(t.actor), t.reason) for t in response.context["transitions"]]
        assert steps == [
            ("draft", "submitted", "周主席", ""),
            ("submitted", "returned", "钱会计", "缺少电表读数"),
            ("returned", "submitted", "周主席", ""),
        ]
        history = _history(response.content.decode())
        assert f"周主席 于 {claim.created_at.astimezone().strftime('%Y-%m-%d')}" in history  # who entered it
        assert history.count('data-step="submitted"') == 2 and history.count('data-step="returned"') == 1
        assert "钱会计" in history and "缺少电表读数" in history
        assert '<span class="badge text-bg-warning">已退回</span>' in history  # in words, not codes


def test_claim_history_is_not_shown_outside_the_scope(client, shop, claim):
    outsiders = (
        shop.other_admin,
        shop.other_finance,
        factories.make_admin(Role.DISTRICT_ADMIN, shop.tree["south"]),
        shop.tree["port_worker"].user,
        factories.make_admin(Role.AUDITOR, shop.tree["city"]),
    )
    for outsider in outsiders:
        client.force_login(outsider)
        response = client.get(_page(claim))
        assert response.status_code == 404, outsider
        assert "缺少电表读数" not in response.content.decode() and "钱会计" not in response.content.decode()


def test_claim_decision_forms_carry_the_version_they_were_drawn_with(client, shop, claim):
    client.force_login(shop.finance)
    html = client.get(_page(claim)).content.decode()
    hidden = f'<input type="hidden" name="expected_version" value="{claim.version}">'
    for decision in ("verify", "return"):
        form = html[html.index(f'action="{_decide(claim, decision)}"') :]
        assert form.index(hidden) < form.index("</form>"), decision


def _state(claim):
    claim = BenefitClaim.objects.get(pk=claim.pk)
    return (
        claim.status,
        claim.version,
        claim.verified_by_id,
        claim.return_reason,
        claim.transitions.count(),
        AuditEntry.objects.filter(action__startswith="proposals.claim_").count(),
    )


def test_a_second_finance_officer_acting_on_the_same_claim_is_refused(client, shop, claim):
    second = factories.make_admin(Role.FINANCE, shop.steel, display_name="孙出纳")
    shown = claim.version  # both opened the claim's page at this version
    client.force_login(shop.finance)
    client.post(_decide(claim, "verify"), {"expected_version": shown}, follow=True)
    verified = _state(claim)
    assert verified[:3] == (ClaimStatus.VERIFIED, shown + 1, shop.finance.pk)

    client.force_login(second)
    response = client.post(_decide(claim, "return"), {"expected_version": shown, "reason": "票据不全"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [STALE]
    assert _state(claim) == verified  # nothing changed: not returned, no step, no audit row
    assert response.context["transitions"][-1].to_state == ClaimStatus.VERIFIED


def test_a_stale_verification_is_refused_after_a_return(client, shop, claim):
    second = factories.make_admin(Role.FINANCE, shop.steel)
    shown = claim.version
    client.force_login(shop.finance)
    client.post(_decide(claim, "return"), {"expected_version": shown, "reason": "单价偏高"}, follow=True)
    returned = _state(claim)
    assert returned[:4] == (ClaimStatus.RETURNED, shown + 1, None, "单价偏高")

    client.force_login(second)
    response = client.post(_decide(claim, "verify"), {"expected_version": shown}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [STALE]
    assert _state(claim) == returned
    claim.proposal.refresh_from_db()
    assert claim.proposal.state == ProposalState.IMPLEMENTED  # the verification did not reach the proposal


@pytest.mark.parametrize("posted", [{}, {"expected_version": "x"}, {"expected_version": "-1"}])
def test_a_claim_decision_without_its_version_is_out_of_date(client, shop, claim, posted):
    before = _state(claim)
    client.force_login(shop.finance)
    response = client.post(_decide(claim, "verify"), posted, follow=True)
    assert [str(m) for m in response.context["messages"]] == [OUT_OF_DATE]
    assert _state(claim) == before


def _correct(claim):
    return reverse("proposals:claim_correct", args=[claim.proposal_id, claim.pk])


def _correction(version, *, quantity, reason):
    posted = {
        "reason": reason,
        "implementation_cost": "0",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "energy",
        "lines-0-description": "少用电",
        "lines-0-quantity": quantity,
        "lines-0-unit": "千瓦时",
        "lines-0-unit_price": "0.65",
    }
    return posted if version is None else posted | {"expected_version": version}


def test_a_correction_made_on_an_older_copy_is_refused_and_the_first_one_stays(client, shop, claim):
    benefits.claim_verify(actor=shop.finance, claim=claim)
    claim.refresh_from_db()
    second = factories.make_admin(Role.FINANCE, shop.steel, display_name="孙出纳")
    client.force_login(shop.finance)
    form = client.get(_correct(claim)).content.decode()
    assert f'<input type="hidden" name="expected_version" value="{claim.version}"' in form
    shown = claim.version  # both opened the correction form at this version

    client.force_login(second)
    client.post(_correct(claim), _correction(shown, quantity="800", reason="按电表读数核减"))
    client.force_login(shop.finance)
    response = client.post(_correct(claim), _correction(shown, quantity="900", reason="按合同核减"))
    assert response.status_code == 400
    assert STALE in response.content.decode()
    claim.refresh_from_db()
    assert [c.reason for c in claim.corrections.all()] == ["按电表读数核减"]
    assert claim.net == 520  # 800 kWh × 0.65: the first correction, not overwritten


def test_a_correction_without_its_version_changes_nothing(client, shop, claim):
    benefits.claim_verify(actor=shop.finance, claim=claim)
    claim.refresh_from_db()
    client.force_login(shop.finance)
    response = client.post(_correct(claim), _correction(None, quantity="800", reason="按电表读数核减"))
    assert response.status_code == 400
    claim.refresh_from_db()
    assert (claim.corrections.count(), claim.net) == (0, 650)
