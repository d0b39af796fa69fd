import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhichuang.notifications.models import Notification
from zhichuang.proposals.enums import ClaimStatus, ProposalState
from zhichuang.proposals.models import BenefitClaim, Proposal
from zhichuang.todo.models import Chase

S = ProposalState


@pytest.mark.django_db
def test_the_page_lists_what_waits_on_the_user_and_the_menu_counts_it(client, shop):
    mine = factories.make_proposal(shop.lead, state=S.SUBMITTED, title="冷却泵密封改进")
    other = factories.make_proposal(shop.tree["port_worker"], state=S.SUBMITTED, title="港口吊具防脱钩")
    client.force_login(shop.evaluator)
    response = client.get(reverse("todo:todo"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "冷却泵密封改进" in page and "港口吊具防脱钩" not in page
    assert 'data-queue="proposals.submitted"' in page
    assert '<span class="badge rounded-pill text-bg-danger ms-1">1</span>' in page  # the menu's count
    queue = client.get(reverse("todo:todo"), {"queue": "proposals.submitted"}).content.decode()
    assert f'value="{mine.pk}"' in queue and f'value="{other.pk}"' not in queue
    assert "受理所选项目" in queue


@pytest.mark.django_db
def test_a_queue_the_user_does_not_hold_shows_the_overview(client, shop):
    factories.make_proposal(shop.lead, state=S.SUBMITTED, title="冷却泵密封改进")
    client.force_login(shop.finance)
    page = client.get(reverse("todo:todo"), {"queue": "proposals.submitted"}).content.decode()
    assert "冷却泵密封改进" not in page and "暂无待办事项" in page


@pytest.mark.django_db
def test_done_and_started_tabs(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED, title="冷却泵密封改进")
    client.force_login(shop.lead.user)
    started = client.get(reverse("todo:todo"), {"tab": "started"}).content.decode()
    assert "冷却泵密封改进" in started and "已提交" in started
    client.force_login(shop.admin)
    client.post(
        reverse("proposals:transition", args=[proposal.pk]),
        {"to_state": S.EVALUATING, "expected_version": proposal.version},
    )
    done = client.get(reverse("todo:todo"), {"tab": "done"}).content.decode()
    assert "冷却泵密封改进" in done and "受理项目" in done


@pytest.mark.django_db
def test_chasing_from_the_proposal_page(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    client.force_login(shop.lead.user)
    detail = reverse("proposals:detail", args=[proposal.pk])
    page = client.get(detail).content.decode()
    assert 'data-next-step="proposals.submitted"' in page and "北钢集团" in page and "data-chase" in page
    form = {"workflow": "proposals.proposal", "id": proposal.pk, "next": detail}
    response = client.post(reverse("todo:chase"), form, follow=True)
    assert response.redirect_chain[-1][0] == detail
    chased = response.content.decode()
    assert "已催办" in chased and "data-last-chase" in chased and "data-chase" not in chased  # once a day
    again = client.post(reverse("todo:chase"), form, follow=True).content.decode()
    assert "一天内已催办过" in again
    assert Chase.objects.count() == 1


@pytest.mark.django_db
def test_a_record_the_user_may_not_chase_is_not_found(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    client.force_login(shop.other_admin)
    form = {"workflow": "proposals.proposal", "id": proposal.pk}
    assert client.post(reverse("todo:chase"), form).status_code == 404
    assert client.post(reverse("todo:chase"), {"workflow": "nope", "id": proposal.pk}).status_code == 404
    assert client.post(reverse("todo:chase"), {"workflow": "proposals.proposal", "id": "x"}).status_code == 404
    assert not Chase.objects.exists()


@pytest.mark.django_db
def test_the_proposer_reads_whose_deadline_it_is(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    client.force_login(shop.lead.user)
    detail = reverse("proposals:detail", args=[proposal.pk])
    due = timezone.localtime(proposal.due_at).date().isoformat()
    assert f"下一步由 北钢集团 在 {due} 前办理" in client.get(detail).content.decode()
    Proposal.objects.filter(pk=proposal.pk).update(due_at=timezone.now() - timezone.timedelta(days=2))
    late = timezone.localtime(timezone.now() - timezone.timedelta(days=2)).date().isoformat()
    assert f"北钢集团 办理已超期（期限 {late}）" in client.get(detail).content.decode()


@pytest.mark.django_db
def test_the_claims_page_says_it_waits_on_finance_and_its_enterer_may_chase(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    claim = factories.make_verified_claim(proposal, verifier=shop.finance, creator=shop.admin)
    BenefitClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)
    url = reverse("proposals:claim_detail", args=[proposal.pk, claim.pk])
    client.force_login(shop.admin)
    page = client.get(url).content.decode()
    assert 'data-next-step="proposals.claim_submitted"' in page and "财务核定员" in page and "data-chase" in page
    response = client.post(
        reverse("todo:chase"), {"workflow": "proposals.claim", "id": claim.pk, "next": url}, follow=True
    )
    assert "已催办" in response.content.decode()
    assert set(Notification.objects.filter(kind="todo.chase").values_list("user_id", flat=True)) == {shop.finance.pk}
    started = client.get(reverse("todo:todo"), {"tab": "started"}).content.decode()
    assert proposal.title in started  # the claim the admin entered, under 我发起的
    client.force_login(shop.finance)
    assert "data-chase" not in client.get(url).content.decode()  # the holder does not chase themselves


@pytest.mark.django_db
def test_the_district_home_chases_its_units_overdue_steps_in_one_action(client, shop):
    late = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    Proposal.objects.filter(pk=late.pk).update(due_at=timezone.now() - timezone.timedelta(days=2))
    client.force_login(shop.district)
    home = client.get(reverse("core:home")).content.decode()
    assert "下级单位超期事项（督办）" in home and "data-chase-all" in home
    response = client.post(reverse("todo:chase_overdue"), {"workflow": "proposals.proposal"}, follow=True)
    assert "已催办 1 个超期环节" in response.content.decode()
    assert list(Chase.objects.values_list("object_id", "by")) == [(late.pk, shop.district.pk)]
    assert client.post(reverse("todo:chase_overdue"), {"workflow": "nope"}).status_code == 404


@pytest.mark.django_db
def test_a_chase_goes_back_only_to_a_page_of_this_site(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.SUBMITTED)
    client.force_login(shop.lead.user)
    form = {"workflow": "proposals.proposal", "id": proposal.pk, "next": "https://evil.example/"}
    response = client.post(reverse("todo:chase"), form)
    assert response.status_code == 302 and response.url == reverse("proposals:detail", args=[proposal.pk])
