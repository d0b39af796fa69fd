from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from tests import factories
from zhichuang.accounts.roles import Role
from zhichuang.core.templatetags.zhichuang import bs, is_current
from zhichuang.orgs.forms import industry_filter

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
    menu = [HOME, LIST, CAMPAIGNS, reverse("proposals:mine"), reverse("notifications:inbox")]
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


class SelectForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "全部"), ("a", '甲 <乙> & "丙"'), ("b", mark_safe("<b>粗</b>")), (3, "三")], required=False
    )
    group = forms.ChoiceField(choices=[("区", [("n", "北区"), ("s", "南区")])], required=False)


def parsed(html: str):
    """A <select>'s attributes and options as data, so that attribute order does not matter."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, sorted(attrs)))

        def handle_data(self, data):
            if data.strip():
                found.append(("text", data))

    Parser().feed(str(html))
    return found


@pytest.mark.parametrize("data", [None, {}, {"kind": "a"}, {"kind": "3"}, {"kind": "zz"}])
def test_bs_writes_a_select_as_djangos_widget_does(data):
    form = SelectForm(data)
    if data is not None:
        form.is_valid()
    field = form["kind"]
    css = "form-select is-invalid" if field.errors else "form-select"
    assert parsed(bs(field)) == parsed(field.as_widget(attrs={"class": css}))


def test_bs_select_escapes_labels_and_marks_one_choice():
    html = str(bs(SelectForm({"kind": "a"})["kind"]))
    assert '<option value="a" selected>甲 &lt;乙&gt; &amp; &quot;丙&quot;</option>' in html
    assert "<b>粗</b>" in html  # a label already safe is not escaped twice
    assert html.count(" selected") == 1
    invalid = str(bs(SelectForm({"kind": "zz"})["kind"]))
    assert 'aria-invalid="true"' in invalid and "is-invalid" in invalid and " selected" not in invalid


def test_bs_options_are_written_once_and_a_safe_label_is_kept_apart_from_the_same_text_unsafe():
    class Twins(forms.Form):
        unsafe = forms.ChoiceField(choices=[("x", "<b>粗</b>")], required=False)
        safe = forms.ChoiceField(choices=[("x", mark_safe("<b>粗</b>"))], required=False)

    for _ in range(2):  # the second time from the cache of written options
        form = Twins({})
        assert '<option value="x">&lt;b&gt;粗&lt;/b&gt;</option>' in str(bs(form["unsafe"]))
        assert '<option value="x"><b>粗</b></option>' in str(bs(form["safe"]))


def test_bs_leaves_option_groups_to_djangos_widget():
    field = SelectForm({})["group"]
    assert str(bs(field)) == str(field.as_widget(attrs={"class": "form-select"}))
    assert "<optgroup" in str(bs(field))


@pytest.mark.parametrize("data", [{}, {"industry": "38"}, {"industry": "zz"}])
def test_bs_writes_fixed_choices_once_per_value_and_language_as_djangos_widget_does(data):
    """The industries come from a cached function: their options are written once, and stay right for
    each chosen value and for each language ("Any industry" is translated where it is shown)."""

    class IndustryForm(forms.Form):
        industry = industry_filter("行业")

    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            form = IndustryForm(data)
            form.is_valid()
            field = form["industry"]
            css = "form-select is-invalid" if field.errors else "form-select"
            assert parsed(bs(field)) == parsed(field.as_widget(attrs={"class": css}))
            assert ("全部行业" in str(bs(field))) is (language == "zh-hans")
