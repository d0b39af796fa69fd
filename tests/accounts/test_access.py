"""Every page declares what it needs (accounts.access), and the declarations hold."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from zhichuang.accounts.roles import Role

# Answered by Django or django-ninja, which check for themselves.
NOT_OURS = ("django.", "ninja.")


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _undeclared():
    missing = []
    for route, callback in _patterns():
        view = getattr(callback, "view_class", callback)
        module = getattr(view, "__module__", "")
        if module.startswith(NOT_OURS) or route.startswith(("admin/", "api/v1/")):
            continue
        if not getattr(callback, "access_rule", None):
            missing.append(f"/{route} {module}.{getattr(view, '__name__', view)}")
    return missing


def test_every_page_declares_its_rule():
    assert _undeclared() == []


def test_a_page_without_a_declaration_is_caught(monkeypatch):
    from zhichuang.core import views

    monkeypatch.delattr(views.home, "access_rule")
    assert _undeclared() == ["/ zhichuang.core.views.home"]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYSADMIN, Role.SECADMIN, Role.EXPERT])
def test_the_similar_panel_is_for_people_who_follow_proposals(client, city_tree, role):
    """Titles of the city's proposals are shown while a worker types; an auditor or system
    administrator, who sees no proposal, gets the same 404 as for a page that does not exist."""
    factories.make_proposal(city_tree["steel_worker"], state="submitted", title="炼钢炉余热回收再利用")
    client.force_login(factories.make_admin(role, city_tree["city"]))
    response = client.get(reverse("proposals:similar"), {"title": "炼钢炉余热回收"})
    assert response.status_code == 404
    assert "余热" not in response.content.decode()


def test_an_object_page_refuses_an_id_no_record_can_have(client, city_tree):
    client.force_login(city_tree["steel_worker"].user)
    assert client.get("/proposals/0/").status_code == 404
    assert client.get(f"/proposals/{2**64}/").status_code == 404
