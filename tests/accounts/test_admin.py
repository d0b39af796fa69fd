"""Writes made in Django admin go through the same services as the pages: validated and audited alike."""

import re

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests import factories
from zhichuang.accounts.models import User, Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.request_context import acting_as
from zhichuang.orgs.models import Organization


def _save(model, obj, sysadmin, **changes):
    """Post the admin's own change form for obj with changes, as the change page would."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().post("/")
    request.user = sysadmin
    form_class = model_admin.get_form(request, obj, change=True)
    initial = form_class(instance=obj).initial
    data = {k: v for k, v in initial.items() if v is not None} | changes
    data = {
        k: ([x.pk if hasattr(x, "pk") else x for x in v] if isinstance(v, list | tuple) else v) for k, v in data.items()
    }
    form = form_class(data, instance=obj)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    with acting_as(sysadmin):  # what RequestContextMiddleware does for the admin's own request
        model_admin.save_model(request, saved, form, change=True)
        model_admin.save_related(request, form, [], change=True)


def test_a_worker_changed_in_admin_is_written_by_worker_update(city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    worker = city_tree["steel_worker"]
    _save(Worker, worker, sysadmin, trade="电工")
    assert Worker.objects.get(pk=worker.pk).trade == "电工"
    entry = AuditEntry.objects.get(action="worker.update")
    assert entry.actor_id == sysadmin.pk and entry.changes["trade"][1] == "电工"
    assert not AuditEntry.objects.filter(action__startswith="admin.").exists()


def test_an_account_disabled_in_admin_is_written_by_the_account_services(city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    account = city_tree["mill_worker"].user
    _save(User, account, sysadmin, is_active=False, display_name="李娜（停用）")
    account.refresh_from_db()
    assert not account.is_active and account.display_name == "李娜（停用）"
    assert list(
        AuditEntry.objects.filter(object_id=str(account.pk), action__startswith="account.")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "account.update",
        "account.deactivate",
    ]


def test_an_organisation_changed_in_admin_is_validated_and_written_by_organization_update(city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    mill = city_tree["mill"]
    _save(Organization, mill, sysadmin, address="纺织路 8 号")
    assert Organization.objects.get(pk=mill.pk).address == "纺织路 8 号"
    assert AuditEntry.objects.get(action="org.update").changes["address"][1] == "纺织路 8 号"


def test_a_partner_linked_and_unlinked_in_admin_goes_through_the_partner_services(city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    partner = factories.make_partner("理工大学")
    _save(Organization, partner, sysadmin, linked_districts=[city_tree["north"].pk])
    assert list(partner.linked_districts.all()) == [city_tree["north"]]
    _save(Organization, partner, sysadmin, linked_districts=[city_tree["south"].pk])
    assert list(partner.linked_districts.all()) == [city_tree["south"]]
    actions = AuditEntry.objects.filter(object_id=str(partner.pk)).values_list("action", flat=True).order_by("pk")
    assert [a for a in actions if "link" in a] == ["org.link_partner", "org.link_partner", "org.unlink_partner"]


# What Django admin says in English where a Chinese catalogue entry is missing (Django 6.1's new blank
# choice among them), and labels a model admin could leave untranslated.
ENGLISH = (
    "Select an option", "Birth month", "Django", "Save", "Delete", "History", "Add", "Change", "Filter",
    "Search", "Log out", "View site", "Home", "Action", "Welcome", "Select", "Recent actions", "Password",
    "Toggle", "Skip to", "Run", "Go",
)  # fmt: skip


def _words(html: str) -> list[str]:
    """The text a person reads on the page: text between tags and the titles, placeholders, labels and
    button values, not scripts, ids or option values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    shown = re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', html)
    shown += re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', html)
    shown += re.sub(r"<[^>]+>", "\n", html).splitlines()
    return [text.strip() for text in shown if text.strip()]


def test_the_admin_speaks_chinese_and_carries_the_products_header(client, city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    client.force_login(sysadmin)
    request = RequestFactory().get("/")
    request.user = sysadmin
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue  # not on the index and refused (Django's own groups, the task results)
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse("admin:app_list", args=[model._meta.app_label])]
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{name}_add"))
        obj = model.objects.first()
        urls += [reverse(f"{name}_change", args=[obj.pk]), reverse(f"{name}_history", args=[obj.pk])]
    assert reverse("admin:accounts_worker_change", args=[Worker.objects.first().pk]) in urls
    for url in dict.fromkeys(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        english = [text for text in _words(html) if re.search(rf"\b({'|'.join(ENGLISH)})\b", text)]
        assert english == [], url
        assert "职创 · 系统管理" in html and "zhichuang/admin.css" in html, url
    worker_page = client.get(reverse("admin:accounts_worker_change", args=[city_tree["steel_worker"].pk]))
    html = worker_page.content.decode()
    assert "- 请选择 -" in html and "出生年月" in html
