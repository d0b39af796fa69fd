"""Writes made in Django admin go through the same services as the pages: validated and audited alike."""

from django.contrib import admin
from django.test import RequestFactory

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
