"""Issue 9, findings 6 and 7 and the input parts of 9: every value from a form, a query string or the API
is bounded before it reaches the database; bad input is a 4xx with a clear message, never a 500, and
nothing is half-written."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests import factories
from zhichuang.accounts.models import ApiToken
from zhichuang.accounts.roles import Role
from zhichuang.notifications.models import Notification
from zhichuang.proposals.forms import MEMBER_ROWS_INVALID
from zhichuang.proposals.models import Campaign, Proposal

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "9223372036854775808"
FAR_BEYOND = "99999999999999999999999"


@pytest.fixture
def web():
    """A client that answers a server error as a 500 instead of raising it into the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def people(city_tree):
    steel = city_tree["steel"]
    return {
        "lead": city_tree["steel_worker"],
        "colleague": factories.make_worker(steel, name="赵敏"),
        "admin": factories.make_admin(Role.ENTERPRISE_ADMIN, steel),
        "steel": steel,
    }


def _proposal_data(**fields):
    return {
        "title": "焊接夹具加定位销",
        "kind": "innovation",
        "problem": "靠目测定位，返工多。",
        "change": "加定位销。",
    } | fields


# ---- finding 6: server errors ---------------------------------------------------------------


@pytest.mark.parametrize("value", [BEYOND_64_BITS, "-9223372036854775809", FAR_BEYOND])
def test_org_list_parent_id_beyond_64_bits_is_invalid_not_a_server_error(web, city_tree, value):
    web.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    response = web.get("/api/v1/orgs", {"parent_id": value})
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid"
    assert "items" not in body


@pytest.mark.parametrize("view", ["proposals:draft_save", "proposals:submit"])
@pytest.mark.parametrize(
    ("member", "share"),
    [(FAR_BEYOND, "100"), ("self", "NaN"), ("self", "Infinity"), ("self", "1e999999"), ("-1", "100")],
)
def test_member_rows_out_of_bounds_are_refused_and_nothing_is_written(web, people, view, member, share):
    lead = people["lead"]
    web.force_login(lead.user)
    member = str(lead.pk) if member == "self" else member
    data = _proposal_data(client_token=str(uuid.uuid4()), member=[member], share=[share])
    response = web.post(reverse(view), data)
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert escape(str(MEMBER_ROWS_INVALID)) in response.content.decode()
    assert not Proposal.objects.exists()


def test_api_member_worker_id_beyond_64_bits_is_invalid(web, people):
    web.force_login(people["lead"].user)
    body = _proposal_data(client_token=str(uuid.uuid4()), members=[{"worker_id": int(FAR_BEYOND), "share": "100"}])
    response = web.post("/api/v1/proposals", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert not Proposal.objects.exists()


def test_notification_read_with_an_id_beyond_64_bits_marks_nothing(web, people):
    lead = people["lead"]
    proposal = factories.make_proposal(lead, state="submitted")
    for n in range(2):
        Notification.objects.create(user=lead.user, target=proposal, kind="x", message=f"消息{n}")
    web.force_login(lead.user)
    for data in ({"id": FAR_BEYOND}, {"id": FAR_BEYOND, "open": "1"}, {"id": "abc"}):
        response = web.post(reverse("notifications:read"), data)
        assert response.status_code == 400, data
        # Neither this notification nor all of them (a bad id is not "mark all read").
        assert Notification.objects.filter(user=lead.user, read_at__isnull=True).count() == 2


def _campaign_data(people, **fields):
    today = timezone.localdate()
    return {
        "organization": people["steel"].pk,
        "title": "安全生产月",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
        "target_count": "4",
    } | fields


@pytest.mark.parametrize("count", [BEYOND_64_BITS, "2147483648", "-1"])
def test_campaign_target_count_beyond_the_column_is_refused(web, people, count):
    web.force_login(people["admin"])
    response = web.post(reverse("proposals:campaign_create"), _campaign_data(people, target_count=count))
    assert response.status_code == 400
    assert "target_count" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_campaign_target_count_at_the_column_maximum_is_kept(web, people):
    web.force_login(people["admin"])
    response = web.post(reverse("proposals:campaign_create"), _campaign_data(people, target_count="2147483647"))
    assert response.status_code == 302
    assert Campaign.objects.get().target_count == 2147483647


# ---- finding 7: NUL characters in the API ---------------------------------------------------


@pytest.mark.parametrize("field", ["title", "problem", "keywords"])
def test_api_proposal_text_with_nul_is_invalid(web, people, field):
    web.force_login(people["lead"].user)
    body = _proposal_data(submit=False) | {field: "冷却\x00水"}
    response = web.post("/api/v1/proposals", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert field in response.json()["error"]["details"] or any(
        field in key for key in response.json()["error"]["details"]
    )
    assert not Proposal.objects.exists()


def test_api_token_name_with_nul_is_invalid(web, people):
    web.force_login(people["admin"])
    response = web.post("/api/v1/tokens", {"name": "集成\x00"}, content_type="application/json")
    assert response.status_code == 422
    assert "key" not in response.json()
    assert not ApiToken.objects.exists()


def test_api_proposal_text_beyond_its_length_is_invalid(web, people):
    web.force_login(people["lead"].user)
    body = _proposal_data(submit=False, problem="问" * 5001)
    response = web.post("/api/v1/proposals", body, content_type="application/json")
    assert response.status_code == 422
    assert not Proposal.objects.exists()


# ---- finding 9: replay, form errors' status, length limits ----------------------------------


def test_replaying_the_submit_of_an_autosaved_draft_shows_the_one_proposal(web, people):
    lead = people["lead"]
    web.force_login(lead.user)
    web.post(reverse("proposals:draft_save"), _proposal_data())
    draft = Proposal.objects.get()
    data = _proposal_data(
        client_token=str(uuid.uuid4()),
        proposal=draft.pk,
        expected_version=draft.version,
        member=[lead.pk],
        share=["100"],
    )
    first = web.post(reverse("proposals:submit"), data)
    replay = web.post(reverse("proposals:submit"), data)
    assert first.status_code == replay.status_code == 302
    assert first["Location"] == replay["Location"] == reverse("proposals:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == "submitted" and Proposal.objects.count() == 1
    assert draft.transitions.count() == 1


def test_autosave_form_errors_answer_400_with_the_errors(web, people):
    web.force_login(people["lead"].user)
    response = web.post(reverse("proposals:draft_save"), _proposal_data(title="长" * 201))
    assert response.status_code == 400
    assert "200" in response.content.decode()
    assert not Proposal.objects.exists()


def test_campaign_form_errors_answer_400(web, people):
    web.force_login(people["admin"])
    response = web.post(reverse("proposals:campaign_create"), _campaign_data(people, title=""))
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_campaign_description_has_a_length_limit(web, people):
    web.force_login(people["admin"])
    response = web.post(reverse("proposals:campaign_create"), _campaign_data(people, description="长" * 1_000_000))
    assert response.status_code == 400
    assert "description" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_htmx_swaps_form_errors():
    """htmx swaps only 2xx answers by default: the project's script must let 400/422 (form errors) through."""
    from pathlib import Path

    import zhichuang

    script = (Path(zhichuang.__file__).parent / "core/static/zhichuang/app.js").read_text()
    assert "responseHandling" in script
    assert '{ code: "^4(00|09|22)$", swap: true }' in script


def test_colleague_search_with_nul_is_refused(web, people):
    """On PostgreSQL the NUL reached the name query and failed it (500)."""
    web.force_login(people["lead"].user)
    response = web.get(reverse("proposals:colleague_search"), {"q": "赵\x00"})
    assert response.status_code == 400
    assert "赵敏" not in response.content.decode()


def test_a_raw_id_no_record_can_have_is_not_found(web, people):
    """core.views.found: a pk from the request is bounded before any selector sees it."""
    for user, url, param in (
        (people["admin"], reverse("proposals:settings"), "org"),
        (people["lead"].user, reverse("proposals:member_row"), "worker"),
    ):
        web.force_login(user)
        for value in (FAR_BEYOND, "0", "abc"):
            assert web.get(url, {param: value}).status_code == 404, (url, value)
