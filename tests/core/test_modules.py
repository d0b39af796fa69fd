"""A module plugs in with its app folder and one line in INSTALLED_APPS (tests.sample_module, in the
test settings only): its menu entry, home panel, permission and API route appear, for the roles it
grants and for no one else."""

from django.urls import reverse

from tests import factories
from zhichuang.accounts.roles import Role, role_permissions
from zhichuang.core.modules import demo_steps, modules


def test_the_sample_module_is_found_by_its_module_file():
    assert [m.label for m in modules()][-1] == "sample_module"
    assert "sample.view" in role_permissions()[Role.CITY_ADMIN]
    assert not any("sample.view" in perms for role, perms in role_permissions().items() if role != Role.CITY_ADMIN)


def test_its_menu_entry_and_home_panel_appear_for_the_role_it_grants(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    home = client.get(reverse("core:home"))
    html = home.content.decode()
    assert f'href="{reverse("sample_module:page")}"' in html
    city = next(s for s in home.context["sections"] if s["key"] == Role.CITY_ADMIN)
    assert [p.template for p in city["panels"]][-1] == "sample_module/home.html"
    assert "样例模块待办" in html
    assert client.get(reverse("sample_module:page")).content.decode() == "样例模块页面"


def test_nor_for_anyone_else(client, city_tree):
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("sample_module:page") not in html and "样例模块待办" not in html
    assert client.get(reverse("sample_module:page")).status_code == 404


def test_its_api_route_answers_under_the_api_with_the_api_rules(client, city_tree):
    client.force_login(factories.make_admin(Role.CITY_ADMIN, city_tree["city"]))
    assert client.get("/api/v1/sample").json() == {"greeting": "样例模块接口"}
    assert "/api/v1/sample" in client.get("/api/v1/openapi.json").json()["paths"]
    client.force_login(factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"]))
    assert client.get("/api/v1/sample").status_code == 403
    client.logout()
    assert client.get("/api/v1/sample").status_code == 401


def test_demo_steps_are_collected_from_the_modules_in_order():
    steps = [(step.label, step.run, step.derived) for step in demo_steps()]
    assert steps == [
        ("proposals", "zhichuang.proposals.demo.generator:demo_proposals", ()),
        ("talent", "zhichuang.talent.demo:demo_talent", ()),
        ("experts", "zhichuang.experts.demo:demo_experts", ()),
        ("training", "zhichuang.training.demo:demo_training", ()),
        ("methods", "zhichuang.methods.demo:demo_methods", ()),  # its courses are trainings, its reviewers experts
        ("statistics", None, ("rebuild_statistics",)),
        ("similarity", None, ("build_similarity_index",)),
    ]
