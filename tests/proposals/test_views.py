"""Proposal pages through the Django client: scope, every action form, lists, export, drafts, submission."""

import datetime
import io
import re
import uuid
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import urlencode
from PIL import Image

from tests import factories
from tests.home import home_section
from tests.proposals.scoping_cases import PROPOSAL_VISIBILITY, make_proposals
from tests.scoping_matrix import positions
from zhichuang.accounts.roles import Role
from zhichuang.core.views import MAX_PAGE
from zhichuang.notifications.models import Notification
from zhichuang.payouts.enums import PayoutStatus
from zhichuang.proposals import evaluation
from zhichuang.proposals.enums import ClaimStatus, ProposalState
from zhichuang.proposals.models import (
    BenefitClaim,
    BenefitCorrection,
    BenefitLine,
    BenefitTag,
    ClaimTransition,
    Proposal,
    RewardShare,
)

S = ProposalState


def jpeg(name="photo.jpg", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def login(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# ---- scope --------------------------------------------------------------------------------


# Who has the staff list of proposals at all (the view-proposals permission somewhere); everyone else gets 404.
STAFF_LIST = {
    "city_admin@city",
    "district_admin@north",
    "district_admin@south",
    "enterprise_admin@steel",
    "enterprise_admin@port",
    "evaluator@steel",
    "finance@mill",
}


@pytest.mark.django_db
def test_proposal_pages_follow_the_scoping_matrix(client, city_tree):
    made = make_proposals(city_tree)
    everyone = positions(city_tree)
    assert {position.label for position in everyone} > STAFF_LIST
    for position in everyone:
        client.force_login(position.user)
        visible = PROPOSAL_VISIBILITY[position.label]
        staff_view = client.get(reverse("proposals:list"))
        if position.label in STAFF_LIST:
            assert staff_view.status_code == 200, position.label
            listed = {p.title for p in staff_view.context["page"].rows}
            assert listed == visible - {"北钢草稿"}, position.label
        else:
            assert staff_view.status_code == 404, position.label
            assert not any(title.encode() in staff_view.content for title in ("北钢提案", "北纺提案", "南港提案"))
        for proposal in made.values():
            status = client.get(reverse("proposals:detail", args=[proposal.pk])).status_code
            assert status == (200 if proposal.title in visible else 404), (position.label, proposal.title)
        client.logout()


@pytest.mark.django_db
def test_worker_without_view_permission_has_my_proposals_but_no_staff_list(client, city_tree):
    made = make_proposals(city_tree)
    worker = city_tree["steel_worker"]
    login(client, worker.user)
    assert client.get(reverse("proposals:list")).status_code == 404
    mine = client.get(reverse("proposals:mine"))
    assert {p.title for p in mine.context["page"].rows} == {"北钢提案", "北钢草稿"}
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("proposals:new") in home and reverse("proposals:mine") in home
    # Another worker's draft and another enterprise's proposal stay hidden.
    other = city_tree["mill_worker"]
    login(client, other.user)
    assert client.get(reverse("proposals:detail", args=[made["steel_draft"].pk])).status_code == 404
    assert client.get(reverse("proposals:edit", args=[made["steel_draft"].pk])).status_code == 404
    assert client.get(reverse("proposals:detail", args=[made["steel"].pk])).status_code == 404


@pytest.mark.django_db
def test_export_contains_only_the_scoped_filtered_list(client, city_tree):
    make_proposals(city_tree)
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    login(client, admin)
    response = client.get(reverse("proposals:export"), {"state": "submitted"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"北钢提案", "北纺提案"}


BEYOND_ANY_ID = "99999999999999999999999"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"district": BEYOND_ANY_ID}, "No such district."),
        ({"enterprise": BEYOND_ANY_ID}, "No such enterprise."),
        ({"campaign": BEYOND_ANY_ID}, "No such campaign."),
        ({"district": "0"}, "No such district."),
        ({"date_to": "9999-12-31"}, "Ensure this value is less than or equal to 2100-12-31."),
        ({"date_from": "0001-01-01"}, "Ensure this value is greater than or equal to 1900-01-01."),
        ({"benefit_min": "1" + "0" * 20}, "Ensure that there are no more than 14 digits in total."),
        ({"benefit_max": "abc"}, "Enter a number."),
    ],
)
def test_list_refuses_an_invalid_filter_and_lists_nothing(client, city_tree, params, message):
    """Dropping only the wrong filter would show a wider list as if it were the one asked for."""
    make_proposals(city_tree)
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get(reverse("proposals:list"), {"state": "submitted", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Correct the filters above to see the list." in body
    assert response.context["page"].rows == []
    assert not any(title in body for title in ("北钢提案", "北纺提案", "南港提案"))


@pytest.mark.django_db
def test_list_error_speaks_the_users_language(client, city_tree):
    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get(reverse("proposals:list"), {"date_to": "9999-12-31"})
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = translation.gettext("Ensure this value is less than or equal to %(limit_value)s.")
    assert expected % {"limit_value": "2100-12-31"} in response.content.decode()


@pytest.mark.django_db
def test_list_accepts_the_widest_dates_and_keeps_to_the_scope(client, city_tree):
    make_proposals(city_tree)
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    response = client.get(reverse("proposals:list"), {"date_from": "1900-01-01", "date_to": "2100-12-31"})
    assert response.status_code == 200
    assert {p.title for p in response.context["page"].rows} == {"北钢提案", "北纺提案"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{"benefit_min": "abc"}, {"date_to": "9999-12-31"}, {"district": BEYOND_ANY_ID}],
)
def test_export_with_an_invalid_filter_goes_back_to_the_list_and_its_errors(client, city_tree, params):
    make_proposals(city_tree)
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    query = {"state": "submitted", **params}
    response = client.get(reverse("proposals:export"), query)
    assert response.status_code == 302
    assert response.url == f"{reverse('proposals:list')}?{urlencode(query)}"
    shown = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en")
    assert shown.status_code == 400 and shown.context["page"].rows == []
    assert shown.context["form"].errors.keys() == params.keys()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "shown_at"),
    [
        ({"benefit_min": "abc", "date_to": "9999-12-31"}, {"benefit_min": "id_benefit_min", "date_to": "id_date_to"}),
        ({"industry": "99"}, {"industry": "id_industry"}),
        # A city admin's district filter is a select on the page; a campaign has no input: below the fields.
        ({"district": BEYOND_ANY_ID, "campaign": BEYOND_ANY_ID}, {"district": "id_district", "campaign": None}),
    ],
)
def test_list_filter_errors_are_shown_at_their_fields(client, city_tree, params, shown_at):
    make_proposals(city_tree)
    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get(reverse("proposals:list"), params)
    html = response.content.decode()
    assert response.status_code == 400
    errors = dict(re.findall(r'data-error-for="(\w+)">([^<]*)<', html))
    assert errors.keys() == params.keys()
    for name, input_id in shown_at.items():
        assert errors[name] == escape(" ".join(response.context["form"].errors[name]))
        if input_id:  # right after its input, which points at it and is marked invalid
            tag = re.search(rf'<(?:input|select)[^>]*id="{input_id}"[^>]*>', html).group(0)
            assert 'aria-describedby="' + input_id + '_error"' in tag and "is-invalid" in tag
            after = html[html.index(tag) : html.index(f'data-error-for="{name}"')]
            assert "<input" not in after[len(tag) :] and "<label" not in after
    assert html.count('data-error-for="') == len(params)


@pytest.mark.django_db
def test_list_page_number_beyond_any_list_is_an_empty_page(client, city_tree):
    make_proposals(city_tree)
    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get(reverse("proposals:list"), {"page": BEYOND_ANY_ID})
    assert response.status_code == 200
    assert response.context["page"].rows == [] and response.context["page"].number == MAX_PAGE


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_rows(client, city_tree, django_assert_max_num_queries):
    admin = factories.make_admin(Role.CITY_ADMIN, city_tree["city"])
    login(client, admin)
    factories.make_proposal(city_tree["steel_worker"], state="submitted")
    client.get(reverse("proposals:list"))  # warm caches (session, content types)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("proposals:list"))
    for _ in range(6):
        factories.make_proposal(city_tree["port_worker"], state="submitted")
    with django_assert_max_num_queries(20) as many:
        response = client.get(reverse("proposals:list"))
    assert len(response.context["page"].rows) == 7
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_my_proposals_and_notifications_queries_are_constant(client, city_tree, django_assert_max_num_queries):
    worker = city_tree["steel_worker"]
    login(client, worker.user)
    factories.make_proposal(worker, state="submitted")
    client.get(reverse("proposals:mine"))  # warm caches (the session's first refresh, content types)
    counts = []
    for extra in (0, 5):
        for _ in range(extra):
            proposal = factories.make_proposal(worker, state="submitted")
            Notification.objects.create(user=worker.user, target=proposal, kind="x", message="消息")
        for name in ("proposals:mine", "notifications:inbox"):
            with django_assert_max_num_queries(20) as captured:
                client.get(reverse(name))
            counts.append((name, len(captured.captured_queries)))
    assert counts[:2] == counts[2:]


# What a page costs on demo-like data, pinned so that it cannot creep back: the session, its user with
# the role assignments (one query), the page's own reads and the bell's unread count. (The session is written at
# most once a minute, so not here.)


@pytest.mark.parametrize(
    ("who", "which", "queries"),
    [
        # + the proposal, its proposers, attachments, history, the duplicates merged into it and evaluations,
        # and its next step's holders and last chase (an administrator above may chase it)
        ("district_admin", "submitted", 11),
        # + its claims, recommendations, rewards, their shares with their workers and payouts, and the payout
        # steps (a rewarded proposal waits on nobody)
        ("district_admin", "rewarded", 14),
        # a proposer is shown no evaluator's scores; the proposer may chase the step too
        ("worker", "submitted", 10),
        ("worker", "rewarded", 13),
    ],
)
def test_detail_page_queries(client, busy_steel, who, which, queries, django_assert_num_queries):
    login(client, getattr(busy_steel, who))
    url = reverse("proposals:detail", args=[getattr(busy_steel, which).pk])
    client.get(url)  # the session's first refresh after force_login
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.context["proposal"].pk == getattr(busy_steel, which).pk


@pytest.mark.parametrize(
    ("who", "page", "queries"),
    [
        # + the user's own proposals, the enterprise choices, the page, its capped count, its money totals
        ("district_admin", "proposals:list", 8),
        # a worker's own list: + their worker profile, own proposals, the page, its count
        ("worker", "proposals:mine", 7),
    ],
)
def test_list_page_queries(client, busy_steel, who, page, queries, django_assert_num_queries):
    login(client, getattr(busy_steel, who))
    client.get(reverse(page))
    with django_assert_num_queries(queries):
        response = client.get(reverse(page))
    assert len(response.context["page"].rows) == 50 and response.context["page"].has_next
    if page == "proposals:list":
        assert response.context["districts"] == []  # one district: nothing to choose
        assert {e.name for e in response.context["enterprises"]} == {"北钢集团", "北纺厂"}


# ---- drafts and submission ---------------------------------------------------------------


def draft_post(client, **fields):
    data = {
        "title": "焊接夹具加定位销",
        "kind": "innovation",
        "problem": "靠目测定位，返工多。",
        "change": "加定位销。",
    }
    data |= fields
    return client.post(reverse("proposals:draft_save"), data)


@pytest.mark.django_db
def test_draft_is_saved_as_typed_and_a_stale_version_never_overwrites(client, shop):
    login(client, shop.lead.user)
    first = draft_post(client, title="第一版")
    proposal = Proposal.objects.get(created_by=shop.lead.user)
    assert proposal.title == "第一版" and proposal.state == S.DRAFT
    assert f'value="{proposal.version}"' in first.content.decode()
    draft_post(client, title="第二版", proposal=proposal.pk, expected_version=proposal.version)
    proposal.refresh_from_db()
    assert proposal.title == "第二版"
    stale = draft_post(client, title="旧页面的内容", proposal=proposal.pk, expected_version=1)
    body = stale.content.decode()
    assert 'data-level="danger"' in body and "zc-draft-meta" not in body
    proposal.refresh_from_db()
    assert proposal.title == "第二版"


@pytest.mark.django_db
def test_draft_upload_stores_photos_and_refuses_files_by_content(client, shop):
    login(client, shop.lead.user)
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("proposals:draft_save"),
        {"title": "带照片", "files": [jpeg(), fake]},
    )
    proposal = Proposal.objects.get(created_by=shop.lead.user)
    attachment = proposal.attachments.get()
    assert attachment.original_name == "photo.jpg" and attachment.thumbnail
    body = response.content.decode()
    assert "invoice.pdf" in body and "data-upload-error" in body
    thumb = client.get(reverse("proposals:attachment", args=[proposal.pk, attachment.pk]) + "?thumb=1")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    # Another enterprise's admin cannot fetch the file.
    login(client, shop.other_admin)
    assert client.get(reverse("proposals:attachment", args=[proposal.pk, attachment.pk])).status_code == 404


@pytest.mark.django_db
def test_submit_twice_with_one_token_creates_one_proposal(client, shop):
    login(client, shop.lead.user)
    form = client.get(reverse("proposals:new"))
    token = form.context["client_token"]
    data = {
        "client_token": str(token),
        "title": "冷却水循环再利用",
        "kind": "rational",
        "problem": "冷却水直排，浪费大。",
        "change": "加装回收水箱和过滤器。",
        "benefit_types": ["economic", "environment"],
        "member": [shop.lead.pk, shop.colleague.pk],
        "share": ["60", "40"],
    }
    first = client.post(reverse("proposals:submit"), data)
    second = client.post(reverse("proposals:submit"), data)
    proposal = Proposal.objects.get(title="冷却水循环再利用")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert proposal.state == S.SUBMITTED and proposal.number.startswith("P")
    assert proposal.benefit_types == ["economic", "environment"]
    assert {(m.worker_id, m.share) for m in proposal.members.all()} == {
        (shop.lead.pk, Decimal("60.00")),
        (shop.colleague.pk, Decimal("40.00")),
    }
    assert proposal.transitions.count() == 1


@pytest.mark.django_db
def test_submit_with_shares_not_adding_up_shows_the_message_and_keeps_the_input(client, shop):
    login(client, shop.lead.user)
    response = client.post(
        reverse("proposals:submit"),
        {
            "client_token": str(uuid.uuid4()),
            "title": "份额不对",
            "kind": "design",
            "problem": "问题",
            "change": "改进",
            "member": [shop.lead.pk, shop.colleague.pk],
            "share": ["50", "30"],
        },
    )
    assert response.status_code == 400
    assert "100%" in response.content.decode()
    assert not Proposal.objects.filter(title="份额不对").exists()
    assert [w.pk for w, _share in response.context["members"]] == [shop.lead.pk, shop.colleague.pk]


@pytest.mark.django_db
def test_colleague_search_offers_only_the_same_enterprise(client, shop, city_tree):
    other = factories.make_worker(city_tree["port"], name="赵港")
    login(client, shop.lead.user)
    response = client.get(reverse("proposals:colleague_search"), {"q": "赵"})
    assert [w.name for w in response.context["people"]] == ["赵敏"]
    assert client.get(reverse("proposals:member_row"), {"worker": other.pk}).status_code == 404


@pytest.mark.django_db
def test_resubmitting_a_returned_proposal_goes_through_the_edit_form(client, shop):
    proposal = factories.make_proposal(shop.lead, state="returned")
    login(client, shop.lead.user)
    edit = client.get(reverse("proposals:edit", args=[proposal.pk]))
    assert edit.status_code == 200
    response = client.post(
        reverse("proposals:submit"),
        {
            "client_token": str(edit.context["client_token"]),
            "proposal": proposal.pk,
            "expected_version": proposal.version,
            "title": "改过的标题",
            "kind": proposal.kind,
            "problem": proposal.problem,
            "change": proposal.change,
            "member": [shop.lead.pk],
            "share": ["100"],
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.title) == (S.SUBMITTED, "改过的标题")


# ---- the pipeline through the action forms -------------------------------------------------


def act(client, proposal, to_state, **fields):
    proposal.refresh_from_db()
    data = {"to_state": to_state, "expected_version": proposal.version} | fields
    return client.post(reverse("proposals:transition", args=[proposal.pk]), data, follow=True)


@pytest.mark.django_db
def test_every_action_form_from_submission_to_paid_reward(client, shop, django_capture_on_commit_callbacks):
    factories.make_reward_rule(shop.steel, percent="5")
    proposal = factories.make_proposal(
        shop.lead, state="submitted", members=[(shop.lead, "70"), (shop.colleague, "30")]
    )
    login(client, shop.admin)
    detail = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert [a["to_state"] for a in detail.context["actions"]] == [S.EVALUATING, S.RETURNED, S.MERGED]

    act(client, proposal, S.EVALUATING)
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert "evaluation_form" in page.context
    # Adopting without scores is refused with the workflow's message, nothing changes.
    refused = act(client, proposal, S.ADOPTED)
    assert any("scorecard" in m or "评分" in m for m in messages_of(refused))
    proposal.refresh_from_db()
    assert proposal.state == S.EVALUATING

    keys = [c["key"] for c in evaluation.scorecard_for(shop.steel).criteria]
    client.post(reverse("proposals:evaluate", args=[proposal.pk]), {f"score_{k}": "92" for k in keys})
    login(client, shop.evaluator)
    client.post(reverse("proposals:evaluate", args=[proposal.pk]), {f"score_{k}": "88" for k in keys})
    login(client, shop.admin)
    act(client, proposal, S.ADOPTED)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.score, proposal.grade) == (S.ADOPTED, Decimal("90.00"), "first")

    act(client, proposal, S.IMPLEMENTING)
    client.post(reverse("proposals:evidence", args=[proposal.pk]), {"files": [jpeg("done.jpg")]})
    act(client, proposal, S.IMPLEMENTED, evidence="定位销已装，返工降为零。")
    proposal.refresh_from_db()
    assert proposal.state == S.IMPLEMENTED and proposal.attachments.filter(purpose="implementation").count() == 1

    # The enterprise admin claims the savings, finance verifies.
    claim_form = {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "implementation_cost": "2000.00",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "material",
        "lines-0-description": "少报废钢板",
        "lines-0-quantity": "12",
        "lines-0-unit": "吨",
        "lines-0-unit_price": "4500.00",
        "lines-1-category": "labour",
        "lines-1-description": "少返工工时",
        "lines-1-quantity": "400",
        "lines-1-unit": "工时",
        "lines-1-unit_price": "50.00",
        "tags-TOTAL_FORMS": "1",
        "tags-INITIAL_FORMS": "0",
        "tags-0-benefit_type": "safety",
        "tags-0-description": "减少吊装次数",
        "submit": "1",
    }
    response = client.post(reverse("proposals:claim_new", args=[proposal.pk]), claim_form)
    claim = BenefitClaim.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert (claim.status, claim.gross, claim.net) == (ClaimStatus.SUBMITTED, Decimal("74000.00"), Decimal("72000.00"))

    login(client, shop.finance)
    page = client.get(reverse("proposals:claim_detail", args=[proposal.pk, claim.pk]))
    assert page.context["may_verify"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("proposals:claim_decide", args=[proposal.pk, claim.pk, "verify"]),
            {"expected_version": page.context["claim"].version},
        )
    proposal.refresh_from_db()
    assert proposal.state == S.VERIFIED and proposal.net_annual_benefit == Decimal("72000.00")

    # Verified figures are read-only; finance records a correction with a reason, both totals shown.
    assert client.get(reverse("proposals:claim_edit", args=[proposal.pk, claim.pk])).status_code == 302
    claim.refresh_from_db()
    correction = {
        "expected_version": claim.version,
        "reason": "钢板单价按合同价核减",
        "implementation_cost": "2000.00",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "material",
        "lines-0-description": "少报废钢板",
        "lines-0-quantity": "12",
        "lines-0-unit": "吨",
        "lines-0-unit_price": "4000.00",
        "lines-1-category": "labour",
        "lines-1-description": "少返工工时",
        "lines-1-quantity": "400",
        "lines-1-unit": "工时",
        "lines-1-unit_price": "50.00",
    }
    client.post(reverse("proposals:claim_correct", args=[proposal.pk, claim.pk]), correction)
    claim.refresh_from_db()
    assert (claim.verified_net, claim.net) == (Decimal("72000.00"), Decimal("66000.00"))
    shown = client.get(reverse("proposals:claim_detail", args=[proposal.pk, claim.pk])).content.decode()
    assert "¥66,000.00" in shown and "¥72,000.00" in shown and "钢板单价按合同价核减" in shown

    login(client, shop.admin)
    decided = client.post(
        reverse("proposals:reward", args=[proposal.pk]), {"expected_version": proposal.version}, follow=True
    )
    # The message speaks money as the pages do, and says what deciding did: split by the shares, to be paid.
    assert messages_of(decided) == [
        f"奖励已确定：¥8,300.00，已按各申报人的贡献份额拆分（{shop.lead.name} ¥5,810.00、赵敏 ¥2,490.00），各份待发放。"
    ]
    proposal.refresh_from_db()
    # 5000 for the first grade + 5% of 66,000 = 8,300, split 70/30.
    assert (proposal.state, proposal.reward_total) == (S.REWARDED, Decimal("8300.00"))
    shares = {s.worker_id: s for s in RewardShare.objects.filter(reward__proposal=proposal)}
    assert shares[shop.lead.pk].amount == Decimal("5810.00") and shares[shop.colleague.pk].amount == Decimal("2490.00")

    login(client, shop.finance)
    today = timezone.localdate().isoformat()
    paid = [
        messages_of(
            client.post(
                reverse("payouts:pay", args=[share.payout_id]),
                {"paid_on": today, "voucher_no": "记-0815", "expected_version": share.payout.version},
                follow=True,
            )
        )
        for share in shares.values()
    ]
    assert sorted(paid) == sorted([[f"已向{shop.lead.name}发放 ¥5,810.00。"], ["已向赵敏发放 ¥2,490.00。"]])
    assert set(RewardShare.objects.filter(reward__proposal=proposal).values_list("payout__status", flat=True)) == {
        PayoutStatus.PAID
    }

    login(client, shop.lead.user)
    mine = client.get(reverse("payouts:mine"))
    assert mine.context["totals"].paid == Decimal("5810.00")
    history = client.get(reverse("proposals:detail", args=[proposal.pk])).context["transitions"]
    assert [t.to_state for t in history] == [
        S.EVALUATING,
        S.ADOPTED,
        S.IMPLEMENTING,
        S.IMPLEMENTED,
        S.VERIFIED,
        S.REWARDED,
    ]


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(text)


@pytest.mark.django_db
def test_return_and_reject_need_a_reason_and_finance_return_too(client, shop):
    give_a_reason = [zh("Give a reason.")]
    # The enterprise admin returns a submitted proposal.
    submitted = factories.make_proposal(shop.lead, state="submitted")
    login(client, shop.admin)
    assert messages_of(act(client, submitted, S.RETURNED)) == give_a_reason
    assert messages_of(act(client, submitted, S.RETURNED, reason="   ")) == give_a_reason
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED and not submitted.transitions.exists()
    act(client, submitted, S.RETURNED, reason="请补充现场照片")
    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED
    assert submitted.transitions.get().reason == "请补充现场照片"

    # The evaluator rejects one under evaluation.
    evaluating = factories.make_proposal(shop.lead, state="evaluating")
    login(client, shop.evaluator)
    assert messages_of(act(client, evaluating, S.NOT_ADOPTED)) == give_a_reason
    evaluating.refresh_from_db()
    assert evaluating.state == S.EVALUATING and not evaluating.transitions.exists()
    act(client, evaluating, S.NOT_ADOPTED, reason="投入大于收益")
    evaluating.refresh_from_db()
    assert (evaluating.state, evaluating.transitions.get().reason) == (S.NOT_ADOPTED, "投入大于收益")

    # Finance returns a benefit claim to whoever entered it.
    implemented = factories.make_proposal(shop.lead, state="implemented")
    claim = BenefitClaim.objects.create(
        proposal=implemented,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=ClaimStatus.SUBMITTED,
        created_by=shop.admin,
    )
    login(client, shop.finance)
    decide = reverse("proposals:claim_decide", args=[implemented.pk, claim.pk, "return"])
    assert messages_of(client.post(decide, {"expected_version": claim.version}, follow=True)) == give_a_reason
    claim.refresh_from_db()
    assert (claim.status, claim.return_reason) == (ClaimStatus.SUBMITTED, "")
    returned = {"reason": "缺少电表读数", "expected_version": claim.version}
    assert messages_of(client.post(decide, returned, follow=True)) == [zh("Returned with your reason.")]
    claim.refresh_from_db()
    assert (claim.status, claim.return_reason) == (ClaimStatus.RETURNED, "缺少电表读数")


@pytest.mark.django_db
def test_a_stale_action_form_is_refused_with_a_message(client, shop):
    proposal = factories.make_proposal(shop.lead, state="submitted")
    login(client, shop.admin)
    response = client.post(
        reverse("proposals:transition", args=[proposal.pk]),
        {"to_state": S.EVALUATING, "expected_version": proposal.version + 1},
        follow=True,
    )
    assert messages_of(response) == [zh("Someone else changed this proposal meanwhile. Reload it and try again.")]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.version) == (S.SUBMITTED, 1)
    assert not proposal.transitions.exists()


@pytest.mark.django_db
def test_mark_duplicate_by_number_and_withdraw_by_the_proposer(client, shop):
    original = factories.make_proposal(shop.lead, state="evaluating", title="原提案")
    duplicate = factories.make_proposal(shop.colleague, state="evaluating", title="重复提案")
    login(client, shop.evaluator)
    act(client, duplicate, S.MERGED, merged_into=original.number)
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == (S.MERGED, original.pk)

    login(client, shop.lead.user)
    detail = client.get(reverse("proposals:detail", args=[original.pk]))
    assert [a["to_state"] for a in detail.context["actions"]] == [S.WITHDRAWN]
    act(client, original, S.WITHDRAWN)
    original.refresh_from_db()
    assert original.state == S.WITHDRAWN


@pytest.mark.django_db
def test_actions_of_another_enterprise_are_404(client, shop):
    proposal = factories.make_proposal(shop.lead, state="submitted")
    login(client, shop.other_admin)
    response = client.post(
        reverse("proposals:transition", args=[proposal.pk]),
        {"to_state": S.EVALUATING, "expected_version": proposal.version},
    )
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == S.SUBMITTED


@pytest.mark.django_db
def test_recommend_up_to_the_district(client, shop):
    proposal = factories.make_proposal(shop.lead, state="adopted")
    login(client, shop.admin)
    client.post(reverse("proposals:recommend", args=[proposal.pk]), {"expected_version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.recommended_level == "enterprise"
    login(client, shop.district)
    home = client.get(reverse("core:home")).content.decode()
    # 待办's card of one opens the proposal itself.
    assert 'data-queue="proposals.recommended_to_district"' in home
    assert f'href="{reverse("proposals:detail", args=[proposal.pk])}" data-count>1<' in home
    client.post(reverse("proposals:recommend", args=[proposal.pk]), {"expected_version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.recommended_level == "district"


@pytest.mark.django_db
def test_detail_lists_what_the_state_allows_and_knows_the_co_proposer(client, shop):
    proposal = factories.make_rewarded_proposal(
        shop.lead, co_proposer=shop.colleague, admin=shop.admin, finance=shop.finance
    )
    login(client, shop.colleague.user)  # a co-proposer, not the one who created it
    context = client.get(reverse("proposals:detail", args=[proposal.pk])).context
    assert context["is_proposer"] and context["may_claim"] and not context["editable"]
    assert [(c.verified_net, c.net) for c in context["claims"]] == [(Decimal("80000.00"), Decimal("75000.00"))]
    totals = context["benefit_totals"]
    assert (totals.verified_original, totals.verified_current, totals.claims, totals.corrected) == (
        Decimal("80000.00"),
        Decimal("75000.00"),
        1,
        True,
    )
    assert [r.total for r in context["rewards"]] == [proposal.reward_total]
    assert len(context["rewards"][0].shares.all()) == 2
    assert [r.level for r in context["recommendations"]] == ["enterprise"]
    submitted = factories.make_proposal(
        shop.lead, state=S.SUBMITTED, members=[(shop.lead, "50"), (shop.colleague, "50")]
    )
    context = client.get(reverse("proposals:detail", args=[submitted.pk])).context
    assert context["claims"] == context["rewards"] == context["recommendations"] == []
    assert context["benefit_totals"].claims == 0 and not context["may_claim"]
    assert [a["to_state"] for a in context["actions"]] == [S.WITHDRAWN]


# ---- campaigns, home -------------------------------------------------------


@pytest.mark.django_db
def test_campaign_create_list_and_progress(client, shop):
    login(client, shop.admin)
    today = timezone.localdate()
    response = client.post(
        reverse("proposals:campaign_create"),
        {
            "organization": shop.steel.pk,
            "title": "安全生产月",
            "theme": "安全",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
            "target_count": "4",
        },
    )
    assert response.status_code == 302
    campaign = shop.steel.campaigns.get()
    factories.make_proposal(shop.lead, state="submitted", campaign=campaign.pk)
    page = client.get(reverse("proposals:campaign_detail", args=[campaign.pk]))
    assert page.context["progress"] == 25
    # A worker of the enterprise sees it; another enterprise's admin does not.
    login(client, shop.lead.user)
    assert client.get(reverse("proposals:campaign_detail", args=[campaign.pk])).status_code == 200
    login(client, shop.other_admin)
    assert client.get(reverse("proposals:campaign_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("proposals:campaign_create")).status_code == 200
    refused = client.post(
        reverse("proposals:campaign_create"),
        {"organization": shop.steel.pk, "title": "x", "starts_on": today, "ends_on": today, "target_count": 1},
    )
    assert refused.status_code == 400 and not shop.steel.campaigns.filter(title="x").exists()


@pytest.mark.django_db
def test_home_shows_what_waits_for_each_role(client, shop):
    factories.make_proposal(shop.lead, title="我的草稿")
    factories.make_proposal(shop.lead, state="returned", title="退回的")
    factories.make_proposal(shop.colleague, state="submitted", title="待受理")
    factories.make_proposal(shop.colleague, state="evaluating", title="评审中")
    implemented = factories.make_proposal(shop.colleague, state="implemented", title="待核定")
    claim = BenefitClaim.objects.create(
        proposal=implemented,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=ClaimStatus.SUBMITTED,
        created_by=shop.admin,
    )

    def cards(user):
        login(client, user)
        home = client.get(reverse("core:home"))
        panel = next((p for p in home.context["top"] if p.template == "todo/home.html"), None)
        return (
            {
                c["queue"].key: ([i.title.split(" ", 1)[-1] for i in c["items"]], c["url"])
                for c in panel.context["cards"]
            }
            if panel
            else {}
        )

    login(client, shop.lead.user)
    worker = home_section(client.get(reverse("core:home")), "worker")
    assert [p.title for p in worker["drafts"]] == ["我的草稿"] and [p.title for p in worker["returned"]] == ["退回的"]
    assert cards(shop.lead.user)["proposals.returned"][0] == ["退回的"]
    admin = cards(shop.admin)
    assert admin["proposals.submitted"][0] == ["待受理"] and admin["proposals.evaluating"][0] == ["评审中"]
    assert "proposals.implemented" not in admin  # its claim is with finance
    assert cards(shop.evaluator).keys() == {"proposals.submitted", "proposals.evaluating"}
    # Finance's card of one claim opens the claim, with its verify and return buttons.
    assert cards(shop.finance) == {
        "proposals.claim_submitted": (["待核定"], reverse("proposals:claim_detail", args=[implemented.pk, claim.pk]))
    }
    assert cards(shop.other_finance) == {}


def test_list_search_finds_the_words_in_scope_newest_first(client, city_tree, monkeypatch):
    from zhichuang.similarity import selectors as similarity

    monkeypatch.setattr(similarity, "SEARCH_WINDOW", 3)
    old = factories.make_proposal(city_tree["steel_worker"], state="submitted", title="空压机能耗")
    for i in range(4):
        factories.make_proposal(city_tree["steel_worker"], state="submitted", title=f"工装夹具{i}")
    new = factories.make_proposal(city_tree["mill_worker"], state="submitted", title="纺机能耗")
    factories.make_proposal(city_tree["port_worker"], state="submitted", title="码头能耗")
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    page = client.get(reverse("proposals:list"), {"q": "能耗"}).context["page"]
    assert [p.pk for p in page.rows] == [new.pk, old.pk]  # the older one lies beyond the newest three
    assert page.count_label == "2"
    assert "码头能耗" not in client.get(reverse("proposals:list"), {"q": "能耗"}).content.decode()


@pytest.mark.django_db
def test_the_original_links_back_to_the_duplicates_merged_into_it(client, city_tree):
    """Both stay linked: the original's page and API name its duplicates, those outside the viewer's
    scope only as a count."""
    original = factories.make_proposal(city_tree["steel_worker"], state="submitted", title="原提案")
    same_district = factories.make_proposal(city_tree["mill_worker"], state="submitted", title="北纺重复")
    elsewhere = factories.make_proposal(city_tree["port_worker"], state="submitted", title="南港重复")
    Proposal.objects.filter(pk__in=[same_district.pk, elsewhere.pk]).update(state="merged", merged_into=original)

    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    page = client.get(reverse("proposals:detail", args=[original.pk])).content.decode()
    assert f'data-duplicate="{same_district.pk}"' in page and "北纺重复" in page
    assert f'data-duplicate="{elsewhere.pk}"' not in page and "南港重复" not in page
    with translation.override("zh-hans"):
        others = translation.ngettext("and %(n)s outside your scope", "and %(n)s outside your scope", 1) % {"n": 1}
    assert others in page
    assert client.get(f"/api/v1/proposals/{original.pk}").json()["merged_duplicate_ids"] == [same_district.pk]

    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    page = client.get(reverse("proposals:detail", args=[original.pk])).content.decode()
    assert "北纺重复" in page and "南港重复" in page
    api = client.get(f"/api/v1/proposals/{original.pk}").json()
    assert sorted(api["merged_duplicate_ids"]) == sorted([same_district.pk, elsewhere.pk])

    plain = factories.make_proposal(city_tree["steel_worker"], state="submitted")
    assert "data-duplicates" not in client.get(reverse("proposals:detail", args=[plain.pk])).content.decode()


def test_a_claim_saved_from_a_stale_copy_is_refused_and_changes_nothing(client, shop):
    proposal = factories.make_proposal(shop.lead, state=S.IMPLEMENTED)
    login(client, shop.admin)
    form = {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "implementation_cost": "0.00",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "energy",
        "lines-0-description": "节电",
        "lines-0-quantity": "1000",
        "lines-0-unit": "千瓦时",
        "lines-0-unit_price": "0.65",
        "tags-TOTAL_FORMS": "0",
        "tags-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("proposals:claim_new", args=[proposal.pk]), form).status_code == 302
    claim = BenefitClaim.objects.get(proposal=proposal)
    edit = reverse("proposals:claim_edit", args=[proposal.pk, claim.pk])
    opened = client.get(edit).context["form"]["expected_version"].value()  # both editors open the claim
    assert opened == claim.version
    first = {**form, "expected_version": opened, "lines-0-quantity": "2000"}
    assert client.post(edit, first).status_code == 302
    second = {**form, "expected_version": opened, "lines-0-quantity": "3000"}
    response = client.post(edit, second)
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = translation.gettext("Someone else changed this claim meanwhile. Reload it and try again.")
    assert expected in response.content.decode()
    claim.refresh_from_db()
    assert claim.net == Decimal("1300.00")  # the first save, 2000 × 0.65


@pytest.mark.django_db
def test_a_scope_too_large_to_list_filters_by_enterprise_name(client, city_tree, monkeypatch):
    monkeypatch.setattr("zhichuang.proposals.views.lists.ORG_OPTIONS_MAX", 1)  # the city's 3 enterprises are "too many"
    steel = factories.make_proposal(city_tree["steel_worker"], state="submitted", title="北钢提案")
    factories.make_proposal(city_tree["mill_worker"], state="submitted", title="北纺提案")
    factories.make_proposal(city_tree["port_worker"], state="submitted", title="南港提案")
    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    page = client.get(reverse("proposals:list"))
    assert page.context["enterprise_search"] and 'name="enterprise_name"' in page.content.decode()

    found = client.get(reverse("proposals:list"), {"enterprise_name": "北钢"})
    assert [p.pk for p in found.context["page"].rows] == [steel.pk]
    north = client.get(reverse("proposals:list"), {"enterprise_name": "北"})  # 北钢集团 and 北纺厂
    assert {p.title for p in north.context["page"].rows} == {"北钢提案", "北纺提案"}

    nothing = client.get(reverse("proposals:list"), {"enterprise_name": "不存在的厂"})
    assert nothing.status_code == 400 and not nothing.context["page"].rows
    assert "enterprise_name" in nothing.context["form"].errors

    # A district admin's scope holds only its own enterprises, whatever the name says.
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"]))
    outside = client.get(reverse("proposals:list"), {"enterprise_name": "北钢"})
    assert outside.status_code == 400 and not outside.context["page"].rows


@pytest.mark.django_db
def test_an_enterprise_name_matching_too_many_enterprises_asks_for_more(client, city_tree, monkeypatch):
    monkeypatch.setattr("zhichuang.proposals.listings.ENTERPRISE_MATCHES_MAX", 1)
    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = client.get(reverse("proposals:export"), {"enterprise_name": "北"})
    assert response.status_code == 302  # back to the list, which says why
    listed = client.get(response["Location"])
    assert listed.status_code == 400 and "enterprise_name" in listed.context["form"].errors


@pytest.mark.django_db
def test_list_totals_only_for_lists_counted_in_full(client, city_tree, monkeypatch):
    for amount in ("1000.50", "2000.25"):
        proposal = factories.make_proposal(city_tree["steel_worker"], state="verified", title="节电改造")
        Proposal.objects.filter(pk=proposal.pk).update(net_annual_benefit=Decimal(amount))
    factories.make_proposal(city_tree["port_worker"], state="verified")  # another district's
    login(client, factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    listed = client.get(reverse("proposals:list"))
    assert listed.context["totals"]["net"] == Decimal("3000.75")
    assert 'data-total="net">¥3,000.75<' in listed.content.decode()
    monkeypatch.setattr("zhichuang.core.views.LIST_COUNT_CAP", 1)  # "1+": not every row was counted
    assert client.get(reverse("proposals:list")).context["totals"] is None


@pytest.mark.django_db
def test_a_merged_proposal_links_to_its_original_only_for_who_may_open_it(client, city_tree):
    original = factories.make_proposal(city_tree["port_worker"], state="submitted", title="南港原提案")
    duplicate = factories.make_proposal(city_tree["steel_worker"], state="submitted", title="北钢重复")
    Proposal.objects.filter(pk=duplicate.pk).update(state="merged", merged_into=original)
    link = f'href="{reverse("proposals:detail", args=[original.pk])}"'
    banner = f'data-merged-into="{original.number}"'

    # The proposer and their enterprise admin cannot open the port's proposal: its number, no link, no title.
    for viewer in (city_tree["steel_worker"].user, factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])):
        login(client, viewer)
        page = client.get(reverse("proposals:detail", args=[duplicate.pk])).content.decode()
        assert link not in page and "南港原提案" not in page
        assert banner in page and original.number in page
        assert client.get(reverse("proposals:detail", args=[original.pk])).status_code == 404

    login(client, factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    page = client.get(reverse("proposals:detail", args=[duplicate.pk])).content.decode()
    assert banner in page and f"{link}>{original.number} 南港原提案</a>" in page


def _add_claim_lines(shop, n):
    claim = BenefitClaim.objects.get(proposal__title="核定页")
    for i in range(n):
        BenefitLine.objects.create(
            claim=claim,
            category="energy",
            description=f"节电{i}",
            quantity=Decimal("1000"),
            unit="千瓦时",
            unit_price=Decimal("0.65"),
            amount=Decimal("650.00"),
        )
        BenefitTag.objects.create(claim=claim, benefit_type="safety", description=f"减少吊装{i}")
        ClaimTransition.objects.create(  # its history, each step by someone else, shown by name
            claim=claim, from_state="submitted", to_state="submitted", actor=factories.make_user(), reason=f"补{i}"
        )
        BenefitCorrection.objects.create(  # each by another finance officer, shown by name
            claim=claim,
            by=factories.make_admin(Role.FINANCE, shop.steel),
            reason=f"单价核减{i}",
            original_gross=Decimal("650.00"),
            original_net=Decimal("650.00"),
            corrected_gross=Decimal("600.00"),
            corrected_net=Decimal("600.00"),
        )
    return reverse("proposals:claim_detail", args=[claim.proposal_id, claim.pk])


def _add_campaigns(shop, n):
    for _ in range(n):
        factories.make_campaign(shop.steel)
    return reverse("proposals:campaign_list")


def _add_campaign_proposals(shop, n):
    campaign = shop.steel.campaigns.get(title="安全月")
    for _ in range(n):
        factories.make_proposal(shop.lead, state="submitted", campaign=campaign.pk)
    return reverse("proposals:campaign_detail", args=[campaign.pk])


def _add_reward_rules(shop, n):
    for _ in range(n):
        factories.make_reward_rule(shop.steel)
    return reverse("proposals:settings") + f"?org={shop.steel.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "add", "queries"),
    # Pinned like the detail and list pages above (session, user with grants, the bell, the page's own reads), with
    # one row and with three: a claim's lines, tags and corrections, campaigns, a campaign's proposals, reward rules.
    [
        # + the claim's history (who submitted, verified or returned it): one query, however long; and the
        # roles that hold its next step (finance, who holds it, may not chase it: no chase is read)
        ("finance", _add_claim_lines, 11),
        ("admin", _add_campaigns, 5),
        # the viewer's worker profile is read once for the campaign and its list (accounts.selectors.own_worker)
        ("admin", _add_campaign_proposals, 7),
        ("admin", _add_reward_rules, 9),
    ],
)
def test_claim_campaign_and_settings_pages_queries_do_not_grow_with_rows(client, shop, who, add, queries):
    implemented = factories.make_proposal(shop.lead, state="implemented", title="核定页")
    BenefitClaim.objects.create(
        proposal=implemented,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=ClaimStatus.SUBMITTED,
        created_by=shop.admin,
    )
    factories.make_campaign(shop.steel, title="安全月")
    login(client, getattr(shop, who))
    counts = []
    for n in (1, 2):  # one row, then three
        url = add(shop, n)
        client.get(url)  # the session's first refresh, content types
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts == [queries, queries], counts


# ---- 已评 / 未评: the evaluator's own mark on the proposals under evaluation --------------------------


def _marks(client, user, **params) -> dict[str, str]:
    """{title: "yes" (已评) | "no" (未评)} of the list's rows that carry the mark."""
    login(client, user)
    html = client.get(reverse("proposals:list"), params).content.decode()
    rows = re.findall(r'<tr data-proposal="\d+">(.*?)</tr>', html, re.S)
    marks = {}
    for row in rows:
        mark = re.search(r'<span class="badge [^"]*" data-scored="(yes|no)">(已评|未评)</span>', row)
        if mark:
            (title,) = re.findall(r'<a class="fw-semibold" href="[^"]*">([^<]*)</a>', row)
            assert mark[2] == {"yes": "已评", "no": "未评"}[mark[1]]
            marks[title] = mark[1]
    return marks


def _score(evaluator, proposal):
    card = evaluation.scorecard_for(proposal.enterprise)
    evaluation.evaluation_record(actor=evaluator, proposal=proposal, scores={c["key"]: 80 for c in card.criteria})


@pytest.mark.django_db
def test_an_evaluator_sees_which_proposals_under_evaluation_they_have_scored_this_round(client, shop):
    scored = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING, title="已打分的提案")
    factories.make_proposal(shop.lead, state=ProposalState.EVALUATING, title="待打分的提案")
    factories.make_proposal(shop.lead, state=ProposalState.SUBMITTED, title="已提交的提案")
    factories.make_proposal(shop.lead, state=ProposalState.ADOPTED, title="已采纳的提案")
    none_scored = {"已打分的提案": "no", "待打分的提案": "no"}
    assert _marks(client, shop.evaluator) == none_scored
    _score(shop.evaluator, scored)
    assert _marks(client, shop.evaluator) == {"已打分的提案": "yes", "待打分的提案": "no"}
    # The mark is the user's own: another evaluator has scored neither; the enterprise admin scores too.
    assert _marks(client, factories.make_admin(Role.EVALUATOR, shop.steel)) == none_scored
    assert _marks(client, shop.admin) == none_scored
    # A resubmission opens a new round: scored in the last one is not scored in this one.
    Proposal.objects.filter(pk=scored.pk).update(round=scored.round + 1)
    assert _marks(client, shop.evaluator) == none_scored
    assert _marks(client, shop.evaluator, state=ProposalState.EVALUATING) == none_scored


@pytest.mark.django_db
def test_no_mark_for_whoever_does_not_score_the_proposal(client, shop):
    proposal = factories.make_proposal(shop.lead, state=ProposalState.EVALUATING, title="评审中的提案")
    _score(shop.evaluator, proposal)
    for viewer in (shop.district, shop.city, shop.finance, shop.other_evaluator):
        assert _marks(client, viewer) == {}, viewer
    # An evaluator who is also one of its proposers does not score it, so sees no mark on it.
    colleague = shop.colleague
    factories.grant(colleague.user, Role.EVALUATOR, shop.steel)
    own = factories.make_proposal(colleague, state=ProposalState.EVALUATING, title="自己的提案")
    assert _marks(client, colleague.user) == {"评审中的提案": "no"}
    assert _marks(client, shop.evaluator) == {"评审中的提案": "yes", own.title: "no"}
    # A worker's own list has no marks.
    login(client, shop.lead.user)
    assert "data-scored" not in client.get(reverse("proposals:mine")).content.decode()


@pytest.mark.django_db
def test_the_marks_take_one_query_whatever_the_rows(client, shop):
    def count(n):
        for _ in range(n):
            factories.make_proposal(shop.lead, state=ProposalState.EVALUATING)
        login(client, shop.evaluator)
        client.get(reverse("proposals:list"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("proposals:list"))
        assert response.content.decode().count("data-scored=") == len(response.context["page"].rows)
        return len(queries)

    first = count(2)
    _score(shop.evaluator, Proposal.objects.first())
    assert count(4) == first  # 6 rows, one of them scored
