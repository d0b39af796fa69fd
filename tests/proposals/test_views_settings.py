"""The proposal settings page: scorecard, reward rules and service deadlines of one organisation."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests import factories
from zhichuang.proposals import evaluation, rewards, workflow
from zhichuang.proposals.models import RewardRule, Scorecard, StepDeadline

URL = reverse("proposals:settings")
pytestmark = pytest.mark.django_db


def _criteria(*rows, initial=0):
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": str(initial)}
    for index, (key, name, weight) in enumerate(rows):
        data |= {f"criteria-{index}-key": key, f"criteria-{index}-name": name, f"criteria-{index}-weight": weight}
    return data


def _post_scorecard(client, org, *rows, first="90", second="80", third="70"):
    data = {"org": org.pk, "section": "scorecard", **_criteria(*rows)}
    data |= {"thresholds-first": first, "thresholds-second": second, "thresholds-third": third}
    return client.post(URL, data)


def _post_rule(client, org, **fields):
    data = {"org": org.pk, "section": "reward_rule", "rule-effective_from": "2026-01-01", "rule-first": "5000"}
    data |= {"rule-second": "3000", "rule-third": "1000", "rule-benefit_percent": "2", "rule-cap": ""}
    return client.post(URL, data | {f"rule-{k}": v for k, v in fields.items()})


def test_page_shows_the_defaults_without_writing_and_is_in_the_menu(client, shop):
    client.force_login(shop.admin)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["organization"] == shop.steel
    assert [f["name"].value() for f in response.context["criteria"]][:4] == ["创新性", "可行性", "经济效益", "推广价值"]
    assert response.context["deadline_form"]["submitted"].value() == 15
    assert f'href="{URL}"' in html  # the menu
    assert Scorecard.objects.count() == 0  # reading never stores the default scorecard


def test_scorecard_save_makes_a_version_in_use(client, shop):
    client.force_login(shop.admin)
    response = _post_scorecard(client, shop.steel, ("innovation", "创新性", "50"), ("", "安全性", "50"))
    assert response.status_code == 302 and response.url == f"{URL}?org={shop.steel.pk}#scorecard"
    card = evaluation.scorecard_for(shop.steel)
    assert (card.version, card.organization) == (1, shop.steel)
    assert [(c["key"], c["name"], c["weight"]) for c in card.criteria] == [
        ("innovation", "创新性", "50"),
        ("criterion1", "安全性", "50"),
    ]
    # The saved rows come back on the page, an empty row for one more.
    page = client.get(f"{URL}?org={shop.steel.pk}")
    assert [f["name"].value() for f in page.context["criteria"]] == ["创新性", "安全性", None]


def test_scorecard_errors_from_the_service_are_shown_and_nothing_is_saved(client, shop):
    client.force_login(shop.admin)
    response = _post_scorecard(client, shop.steel, ("a", "创新性", "60"), ("b", "可行性", "30"))
    assert response.status_code == 400
    assert _("The weights must add up to 100.") in response.content.decode()
    response = _post_scorecard(client, shop.steel, ("a", "创新性", "100"), first="70", second="80")
    assert _("A higher grade needs a higher minimum score.") in response.content.decode()
    assert Scorecard.objects.count() == 0


def test_reward_rule_versions_and_history(client, shop):
    client.force_login(shop.admin)
    assert _post_rule(client, shop.steel).status_code == 302
    assert _post_rule(client, shop.steel, **{"effective_from": "2026-06-01", "cap": "8000"}).status_code == 302
    rules = list(RewardRule.objects.order_by("version"))
    assert [(r.version, r.effective_from, r.cap) for r in rules] == [
        (1, datetime.date(2026, 1, 1), None),
        (2, datetime.date(2026, 6, 1), Decimal("8000.00")),
    ]
    assert rules[0].grade_amounts == {"first": "5000.00", "second": "3000.00", "third": "1000.00"}
    page = client.get(URL)
    assert [r.version for r in page.context["rules"]] == [2, 1]
    # The form for the next version starts from the rule in force today (v2, from June 2026).
    form = page.context["rule_form"]
    assert (form["first"].value(), form["cap"].value()) == ("5000.00", Decimal("8000.00"))
    html = page.content.decode()
    assert f'data-rule="{rules[1].pk}"' in html and "¥8,000.00" in html


def test_reward_rule_form_errors_keep_the_input(client, shop):
    client.force_login(shop.admin)
    response = _post_rule(client, shop.steel, benefit_percent="120", effective_from="")
    assert response.status_code == 400
    form = response.context["rule_form"]
    assert set(form.errors) == {"benefit_percent", "effective_from"} and form["first"].value() == "5000"
    assert not RewardRule.objects.exists()


def test_deadlines_store_only_the_changed_steps(client, shop):
    client.force_login(shop.admin)
    days = {f"days-{d.state}": d.days for d in client.get(URL).context["deadlines"]}
    response = client.post(URL, {"org": shop.steel.pk, "section": "deadlines", **days, "days-submitted": "7"})
    assert response.status_code == 302
    assert list(StepDeadline.objects.values_list("organization_id", "state", "days")) == [
        (shop.steel.pk, "submitted", 7)
    ]
    proposal = factories.make_proposal(shop.lead, state="submitted")
    assert workflow.step_days(proposal, "submitted") == 7
    refused = client.post(URL, {"org": shop.steel.pk, "section": "deadlines", **days, "days-evaluating": "0"})
    assert refused.status_code == 400 and refused.context["deadline_form"].errors["evaluating"]


def test_district_sets_defaults_for_its_enterprises(client, shop):
    north = shop.tree["north"]
    client.force_login(shop.district)
    page = client.get(URL)
    assert page.context["organization"] == north
    names = [org.name for org in page.context["organizations"]]
    assert names[0] == north.name and shop.steel.name in names and shop.tree["port"].name not in names
    _post_scorecard(client, north, ("safety", "安全性", "100"))
    _post_rule(client, north)
    client.post(
        URL,
        {
            "org": north.pk,
            "section": "deadlines",
            "days-submitted": "5",
            "days-evaluating": "15",
            "days-adopted": "15",
            "days-implemented": "15",
            "days-verified": "15",
        },
    )
    assert evaluation.scorecard_for(shop.steel).organization == north
    assert rewards.rule_in_force(shop.steel, datetime.date(2026, 3, 1)).organization == north
    # The enterprise admin sees where its settings come from.
    client.force_login(shop.admin)
    page = client.get(URL)
    assert page.context["scorecard_inherited"] and page.context["rule_in_force"].organization == north
    assert page.context["deadline_form"]["submitted"].value() == 5
    assert north.name in page.content.decode()


def test_settings_are_refused_outside_the_scope(client, shop):
    client.force_login(shop.admin)
    assert client.get(f"{URL}?org={shop.tree['north'].pk}").status_code == 404
    assert client.get(f"{URL}?org={shop.tree['port'].pk}").status_code == 404
    assert _post_rule(client, shop.tree["port"]).status_code == 404
    assert client.post(URL, {"org": shop.steel.pk, "section": "nothing"}).status_code == 404
    for user in (shop.lead.user, shop.evaluator, shop.finance):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert f'href="{URL}"' not in client.get(reverse("core:home")).content.decode()
    assert not RewardRule.objects.exists()
