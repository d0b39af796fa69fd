import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.templatetags.zhichuang import is_current

LIST = reverse("proposals:list")
CAMPAIGNS = reverse("proposals:campaign_list")
HOME = reverse("core:home")


@pytest.mark.parametrize(
    ("path", "current"),
    [
        (LIST, LIST),
        (reverse("proposals:detail", args=[7]), LIST),
        (CAMPAIGNS, CAMPAIGNS),
        (reverse("proposals:campaign_detail", args=[3]), CAMPAIGNS),
        (reverse("proposals:mine"), reverse("proposals:mine")),
        (HOME, HOME),
    ],
)
def test_is_current_marks_only_the_longest_matching_menu_url(path, current):
    menu = [HOME, LIST, CAMPAIGNS, reverse("proposals:mine"), reverse("proposals:notifications")]
    assert [url for url in menu if is_current(url, path)] == [current]


def test_is_current_home_matches_only_itself():
    assert not is_current(HOME, reverse("proposals:list"))


def test_is_current_url_outside_the_menu_still_matches_its_pages():
    assert is_current("/elsewhere/", "/elsewhere/7/")
    assert not is_current("/elsewhere/", "/other/")


def test_is_current_filter_in_a_template():
    request = RequestFactory().get(CAMPAIGNS)
    html = Template("{% load zhichuang %}{{ a|is_current:request.path }} {{ b|is_current:request.path }}").render(
        Context({"request": request, "a": LIST, "b": CAMPAIGNS})
    )
    assert html == "False True"


@pytest.mark.django_db
def test_campaigns_page_lights_one_menu_item(client, city_tree):
    client.force_login(factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"]))
    html = client.get(CAMPAIGNS).content.decode()
    assert html.count('aria-current="page"') == 1
    assert f'href="{CAMPAIGNS}" aria-current="page"' in html


def test_thousands_groups_a_count_as_yuan_groups_money():
    from zhichuang.core.templatetags.zhichuang import thousands, yuan

    assert [thousands(n) for n in (0, 999, 10100, 3_000_000, None, "")] == ["0", "999", "10,100", "3,000,000", "—", "—"]
    assert yuan(10100, 0) == "¥" + thousands(10100)
