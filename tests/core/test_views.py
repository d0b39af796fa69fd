import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.home import home_section
from tests.scoping_matrix import positions
from zhichuang.accounts.models import Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.services import audit_record
from zhichuang.core.views import MAX_PAGE, CountCapped, Page, _count_label, capped_count, grouped, paginate

HOME = reverse("core:home")


def sections(html: str) -> set[str]:
    return set(re.findall(r'class="zc-home-section[^"]*" data-role="([a-z_]+)"', html))


def test_home_anonymous_redirects_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_home_shows_one_section_per_role_held(client, city_tree):
    for position in positions(city_tree):
        client.force_login(position.user)
        html = client.get(HOME).content.decode()
        expected = {a.role for a in position.user.role_assignments.all()}
        assert sections(html) == expected, position.label


def test_home_shows_several_sections_for_several_roles(client, city_tree):
    user = factories.make_admin(Role.EVALUATOR, city_tree["steel"])
    factories.grant(user, Role.EXPERT, city_tree["city"])
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert sections(html) == {"evaluator", "expert"}
    assert html.index('data-role="evaluator"') < html.index('data-role="expert"')


def test_home_without_role_says_whom_to_ask(client, db):
    client.force_login(factories.make_user())
    html = client.get(HOME).content.decode()
    assert sections(html) == set()
    assert 'data-role="none"' in html


def test_worker_home_reads_the_worker_profile_once(client, city_tree):
    worker = city_tree["steel_worker"]
    factories.make_proposal(worker, title="我的草稿")
    factories.make_proposal(worker, state="submitted", title="我的提案")
    client.force_login(worker.user)
    client.get(HOME)  # the session's first refresh is not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    section = home_section(response, Role.WORKER)
    # Both panels of the worker's section come from the one profile: accounts' (the profile) and proposals'.
    assert section["worker"] == worker and [p.title for p in section["drafts"]] == ["我的草稿"]
    assert [p.title for p in section["recent"]] == ["我的提案"]
    worker_reads = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_worker"' in q["sql"]]
    assert len(worker_reads) == 1, worker_reads
    # The session, the user with its grants, the profile, its history, which proposals are the worker's, the
    # drafts, the returned and the latest, the reward totals, the bell, and 待办 (its returned proposals, which
    # the menu's count then reads from the cache): 12 when the profile was read twice.
    assert len(queries.captured_queries) == 11


def test_home_district_admin_counts_its_scope(client, city_tree):
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    client.force_login(admin)
    response = client.get(HOME)
    card = home_section(response)["cards"][0]
    assert card["org"] == city_tree["north"]
    assert (card["enterprises"], card["departments"], card["workers"]) == (2, 1, "2")
    html = response.content.decode()
    assert f"{reverse('accounts:worker_list')}?org={city_tree['north'].pk}" in html
    assert "南港公司" not in html


def test_home_worker_sees_own_masked_profile(client, city_tree):
    worker = city_tree["steel_worker"]
    client.force_login(worker.user)
    html = client.get(HOME).content.decode()
    assert "张伟" in html and "北钢集团" in html and "炼钢车间" in html
    assert worker.id_number_masked in html
    assert worker.reveal_id_number() not in html
    assert worker.reveal_mobile() not in html


def test_home_sysadmin_counts_and_links_admin(client, city_tree):
    client.force_login(factories.make_admin(Role.SYSADMIN, city_tree["city"]))
    response = client.get(HOME)
    section = home_section(response)
    assert section["organizations"] == "7"
    assert reverse("admin:index") in response.content.decode()


def test_home_auditor_sees_todays_events(client, city_tree):
    auditor = factories.make_admin(Role.AUDITOR, city_tree["city"])
    audit_record(action="test.event", object_repr="今日事件")
    client.force_login(auditor)
    response = client.get(HOME)
    section = home_section(response)
    assert section["today"] != "0"
    assert "今日事件" in response.content.decode()


def test_home_secadmin_sees_locked_account_and_unlocks_it(client, city_tree, settings):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    victim = factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="victim")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "victim", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    client.force_login(secadmin)
    response = client.get(HOME)
    locked = home_section(response)["locked"]
    assert [row["account"] for row in locked] == [victim]
    response = client.post(reverse("accounts:account_unlock", args=[victim.pk]), {"next": HOME})
    assert response.status_code == 302 and response.url == HOME
    assert home_section(client.get(HOME))["locked"] == []


def test_language_switch_changes_interface_language(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    response = client.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert response.status_code == 302
    html = client.get(HOME).content.decode()
    assert '<html lang="en">' in html
    assert "My work" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": HOME})
    assert '<html lang="zh-hans">' in client.get(HOME).content.decode()


def test_unknown_page_is_404_with_a_way_back(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_capped_count_says_plus_past_the_cap(city_tree):
    qs = Worker.objects.all()
    assert capped_count(qs, cap=10) == (3, "3")
    assert capped_count(qs, cap=2) == (3, "2+")


def test_paginate_counts_only_when_the_page_does_not_end_the_list(city_tree, django_assert_num_queries, monkeypatch):
    qs = Worker.objects.order_by("id")  # three workers

    def page(number, per_page, queries):
        with django_assert_num_queries(queries):
            result = paginate(RequestFactory().get("/", {"page": number}), qs, per_page=per_page)
        return len(result.rows), result.has_next, result.count_label

    assert page(1, 2, queries=2) == (2, True, "3")
    assert page(2, 2, queries=1) == (1, False, "3")  # the last page: its rows end the list
    assert page(3, 2, queries=2) == (0, False, "3")  # past the end
    assert page(1, 5, queries=1) == (3, False, "3")
    monkeypatch.setattr("zhichuang.core.views.LIST_COUNT_CAP", 2)
    assert page(2, 2, queries=1) == (1, False, "2+")
    assert page(1, 2, queries=2) == (2, True, "2+")


@pytest.mark.parametrize("asked", ["99999999999999999999999", str(MAX_PAGE + 1)])
def test_paginate_reads_a_page_number_beyond_any_list_as_the_last_one_allowed(city_tree, asked):
    result = paginate(RequestFactory().get("/", {"page": asked}), Worker.objects.order_by("id"))
    assert result.number == MAX_PAGE and result.rows == [] and result.count_label == "3"


def test_count_capped_list_pages_alike_and_counts_to_its_own_cap(city_tree):
    capped = CountCapped(Worker.objects.order_by("id"), 1)  # three workers, counted to one

    def page(number):
        result = paginate(RequestFactory().get("/", {"page": number}), capped, per_page=1)
        return [w.pk for w in result.rows], result.has_next, result.count_label

    ids = list(Worker.objects.order_by("id").values_list("pk", flat=True))
    assert page(1) == (ids[:1], True, "1+")
    assert page(3) == (ids[2:], False, "3")  # the last page knows its end exactly


def test_home_lists_recent_imports_in_scope(client, city_tree):
    from zhichuang.imports.enums import ImportKind
    from zhichuang.imports.models import ImportJob

    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    other = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"])
    kind = ImportKind.values[0]
    ImportJob.objects.create(
        kind=kind, original_name="北区职工.xlsx", created_by=admin, organization=city_tree["north"]
    )
    ImportJob.objects.create(
        kind=kind, original_name="南区职工.xlsx", created_by=other, organization=city_tree["south"]
    )
    client.force_login(admin)
    html = client.get(HOME).content.decode()
    assert "北区职工.xlsx" in html and "南区职工.xlsx" not in html
    client.force_login(factories.make_admin(Role.EVALUATOR, city_tree["steel"]))
    assert 'id="home-imports"' not in client.get(HOME).content.decode()


def test_home_district_admin_sees_the_items_recommended_to_it_longest_waiting_first(client, city_tree):
    """The 待办 card counts every enterprise recommendation in the district and lists the five waiting longest."""
    import datetime

    from django.utils import timezone

    from zhichuang.proposals.models import Proposal, Recommendation

    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])

    def recommended(worker, level, days_ago):
        """Recommended days_ago; its state changed since, which is not what it waits from."""
        proposal = factories.make_proposal(worker, state="implemented")
        at = timezone.now() - datetime.timedelta(days=days_ago)
        Proposal.objects.filter(pk=proposal.pk).update(recommended_level=level, state_changed_at=timezone.now())
        Recommendation.objects.create(
            proposal=proposal, level=level, organization=proposal.enterprise, recommended_by=admin, at=at
        )
        return proposal

    north = [recommended(city_tree["steel_worker" if i % 2 else "mill_worker"], "enterprise", i) for i in range(7)]
    recommended(city_tree["port_worker"], "enterprise", 0)  # the south's
    recommended(city_tree["steel_worker"], "district", 0)  # already recommended on to the city
    factories.make_proposal(city_tree["steel_worker"], state="implemented")  # not recommended
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    panel = next(p for p in client.get(HOME).context["top"] if p.template == "todo/home.html")
    card = next(c for c in panel.context["cards"] if c["queue"].key == "proposals.recommended_to_district")
    assert card["count"] == "7"
    assert [item.pk for item in card["items"]] == [p.pk for p in north[::-1][:5]]  # the oldest first


def test_home_scope_counts_are_kept_a_minute_per_role_and_organisation(client, city_tree):
    import datetime

    from freezegun import freeze_time

    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    other = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    south = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["south"])

    def workers(user):
        client.force_login(user)
        return home_section(client.get(HOME))["cards"][0]["workers"]

    with freeze_time() as clock:
        assert workers(admin) == "2"
        factories.make_worker(city_tree["mill"])
        clock.tick(datetime.timedelta(seconds=30))
        assert workers(other) == "2"  # another admin of the same district shares the counts
        assert workers(south) == "1"  # the south's own
        clock.tick(datetime.timedelta(seconds=31))
        assert workers(admin) == "3"  # a minute on, counted again


def test_list_counts_are_grouped_as_money_is_in_every_language():
    """The Chinese locale groups without a separator (10100); counts read like money (¥10,100.00)."""
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert grouped(10100) == "10,100"
            assert _count_label(1234, 1000).startswith("1,000")
            assert _count_label(999, 1000) == "999"


def test_home_sysadmin_counts_are_kept_a_minute(client, city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    client.force_login(sysadmin)
    before = home_section(client.get(HOME))["accounts"]
    factories.make_admin(Role.EVALUATOR, city_tree["steel"], username="new-evaluator")
    assert home_section(client.get(HOME))["accounts"] == before  # within the minute: the kept count
    from django.core.cache import cache

    cache.clear()
    assert int(home_section(client.get(HOME))["accounts"]) == int(before) + 1


@pytest.mark.parametrize(
    ("rows", "number", "shown"),
    [([], 1, False), (["甲"], 1, True), ([], 3, True)],  # empty: no pager; a page past the end leads back
)
def test_the_pager_is_not_shown_under_an_empty_list(rows, number, shown):
    page = Page(rows=rows, number=number, has_previous=number > 1, has_next=False, count_label="1", start_index=1)
    request = RequestFactory().get("/", {"page": number})
    request.user = AnonymousUser()
    html = render_to_string("_pagination.html", {"page": page}, request=request)
    assert ('class="pagination' in html) is shown


def _links(page):
    return [link.get("number", "…") for link in page.links]


def test_the_pager_numbers_the_pages_around_this_one_and_counts_them():
    def page(number, count, known=True, has_next=False):
        return Page(
            rows=["甲"], number=number, has_previous=number > 1, has_next=has_next, count_label=str(count),
            start_index=1, count=count, count_known=known, per_page=50,
        )  # fmt: skip

    assert (page(1, 500).page_count, page(1, 500).page_count_label) == (10, "10")
    assert _links(page(1, 500)) == [1, 2, 3, "…", 10]
    assert _links(page(6, 500)) == [1, "…", 4, 5, 6, 7, 8, "…", 10]
    assert _links(page(3, 230)) == [1, 2, 3, 4, 5]
    assert _links(page(1, 7)) == [1] and page(1, 7).page_count == 1
    # Counted to the cap (1,000+): more than the 20 pages it fills, page 21 exists, more may follow.
    capped = page(1, 1000, known=False, has_next=True)
    assert (capped.page_count, capped.page_count_label) == (20, "20+")
    assert _links(capped) == [1, 2, 3, "…", 21, "…"]
    further = page(30, 1000, known=False, has_next=True)
    assert further.page_count_label == "30+" and _links(further) == [1, "…", 28, 29, 30, 31, "…"]
    assert _links(page(9, 230)) == [1, "…", 5]  # past the end: the way back


def _pager_html(params, qs, per_page):
    request = RequestFactory().get("/", params)
    request.user = AnonymousUser()
    page = paginate(request, qs, per_page=per_page)
    return render_to_string("_pagination.html", {"page": page}, request=request)


def test_the_pager_links_each_page_and_jumps_keeping_the_filters(city_tree, monkeypatch):
    qs = Worker.objects.order_by("id")  # three workers
    with translation.override("zh-hans"):
        html = _pager_html({"page": 2, "q": "张"}, qs, per_page=1)
        assert "共 3 条 · 第 2 页，共 3 页" in html
        assert '<li class="page-item active" aria-current="page"><span class="page-link">2</span></li>' in html
        assert 'href="?page=1&amp;q=%E5%BC%A0">1</a>' in html and 'href="?page=3&amp;q=%E5%BC%A0">3</a>' in html
        assert '<input type="hidden" name="q" value="张">' in html and 'name="page"' in html
        assert 'min="1" max="3" value="2"' in html and "跳至" in html and "前往" in html
        assert 'type="hidden" name="page"' not in html
        monkeypatch.setattr("zhichuang.core.views.LIST_COUNT_CAP", 1)
        html = _pager_html({}, qs, per_page=1)
        assert "共 1+ 条 · 第 1 页，共 1+ 页" in html
        assert 'min="1" value="1"' in html  # no maximum: the count stopped at its cap
        assert _pager_html({}, qs, per_page=5).count("page-link") == 3  # one page: ‹ 1 ›, no jump box
        assert "跳至" not in _pager_html({}, qs, per_page=5)


def test_a_form_sent_without_its_security_token_gets_the_products_page_in_chinese(city_tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(city_tree["steel_worker"].user)
    response = client.post(reverse("accounts:password_change"), {"old_password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期，刚才提交的内容未被接受。" in html and "返回我的工作" in html and 'class="zc-topbar' in html
    assert "CSRF verification" not in html and "Forbidden" not in html
    anonymous = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "worker"})
    assert anonymous.status_code == 403 and "页面已过期" in anonymous.content.decode()
