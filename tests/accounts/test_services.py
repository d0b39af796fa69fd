import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests import factories
from zhichuang.accounts import services
from zhichuang.accounts.models import EmploymentRecord, RoleAssignment, Worker
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.core.errors import Conflict, PermissionDenied, ValidationFailed


def test_worker_create_stores_pii_encrypted_and_masked(city_tree):
    id_number = factories.new_id_number(datetime.date(1990, 3, 7), "F")
    worker = services.worker_create(
        actor=None, name="赵敏", id_number=id_number, mobile="13812345678", employer=city_tree["steel"]
    )
    row = Worker.objects.values().get(pk=worker.pk)
    assert id_number not in str(row)
    assert "13812345678" not in str(row)
    assert row["id_number_masked"] == f"{id_number[:4]}**********{id_number[-4:]}"
    assert row["mobile_masked"] == "138****5678"
    assert (worker.gender, worker.birth_date) == ("F", datetime.date(1990, 3, 7))
    assert worker.reveal_id_number() == id_number
    assert worker.user.must_change_password
    assert RoleAssignment.objects.get(user=worker.user).role == Role.WORKER


def test_worker_create_rejects_wrong_check_digit_and_writes_nothing(city_tree):
    id_number = factories.new_id_number()
    wrong = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    before = Worker.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.worker_create(actor=None, name="错号", id_number=wrong, employer=city_tree["steel"])
    assert "id_number" in exc.value.details
    assert Worker.objects.count() == before


def test_worker_create_refuses_duplicate_id_number(city_tree):
    id_number = factories.new_id_number()
    services.worker_create(actor=None, name="甲", id_number=id_number, employer=city_tree["steel"])
    with pytest.raises(Conflict):
        services.worker_create(actor=None, name="乙", id_number=id_number.lower(), employer=city_tree["mill"])


def test_worker_create_outside_scope_is_refused(city_tree):
    admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    with pytest.raises(PermissionDenied):
        services.worker_create(actor=admin, name="丙", id_number=factories.new_id_number(), employer=city_tree["port"])


def test_worker_change_employer_keeps_history(city_tree):
    worker = city_tree["steel_worker"]
    admin = factories.make_admin(Role.DISTRICT_ADMIN, city_tree["north"])
    moved_on = timezone.localdate() + datetime.timedelta(days=3)
    services.worker_change_employer(actor=admin, worker=worker, employer=city_tree["mill"], on=moved_on)
    history = list(EmploymentRecord.objects.filter(worker=worker).order_by("id"))
    assert [(r.employer.name, r.ended_on) for r in history] == [("北钢集团", moved_on), ("北纺厂", None)]
    assert RoleAssignment.objects.get(user=worker.user, role=Role.WORKER).organization == city_tree["mill"]
    assert AuditEntry.objects.filter(action="worker.change_employer", object_id=str(worker.pk)).exists()


def test_worker_reveal_pii_needs_explicit_flag_and_is_audited(city_tree):
    worker = city_tree["steel_worker"]
    plain_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"])
    pii_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["steel"], can_view_pii=True)
    other_pii_admin = factories.make_admin(Role.ENTERPRISE_ADMIN, city_tree["port"], can_view_pii=True)
    with pytest.raises(PermissionDenied):
        services.worker_reveal_pii(actor=plain_admin, worker=worker)
    with pytest.raises(PermissionDenied):
        services.worker_reveal_pii(actor=other_pii_admin, worker=worker)
    assert not AuditEntry.objects.filter(action="pii.view").exists()
    revealed = services.worker_reveal_pii(actor=pii_admin, worker=worker)
    assert revealed["id_number"] == worker.reveal_id_number()
    entry = AuditEntry.objects.get(action="pii.view")
    assert entry.object_id == str(worker.pk)


def test_role_grant_keeps_the_three_admin_duties_apart(city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    person = factories.make_user("admin-person")
    services.role_grant(actor=secadmin, user=person, role=Role.SYSADMIN, organization=city_tree["city"])
    for other in (Role.SECADMIN, Role.AUDITOR):
        with pytest.raises(ValidationFailed) as exc:
            services.role_grant(actor=secadmin, user=person, role=other, organization=city_tree["city"])
        assert "三员分立" in str(exc.value.message)
    assert list(RoleAssignment.objects.filter(user=person).values_list("role", flat=True)) == [Role.SYSADMIN]


def test_role_grant_only_by_security_admin_and_never_to_oneself(city_tree):
    sysadmin = factories.make_admin(Role.SYSADMIN, city_tree["city"])
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    person = factories.make_user()
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=sysadmin, user=person, role=Role.CITY_ADMIN, organization=city_tree["city"])
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=secadmin, user=secadmin, role=Role.CITY_ADMIN, organization=city_tree["city"])
    services.role_grant(actor=secadmin, user=person, role=Role.EVALUATOR, organization=city_tree["steel"])
    assignment = RoleAssignment.objects.get(user=person)
    services.role_revoke(actor=secadmin, assignment=assignment)
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert [
        e.action
        for e in AuditEntry.objects.filter(object_type="accounts.user", object_id=str(person.pk)).order_by("id")
    ] == [
        "role.grant",
        "role.revoke",
    ]


def test_role_grant_pii_flag_only_with_admin_roles(city_tree):
    secadmin = factories.make_admin(Role.SECADMIN, city_tree["city"])
    person = factories.make_user()
    with pytest.raises(ValidationFailed):
        services.role_grant(
            actor=secadmin, user=person, role=Role.EVALUATOR, organization=city_tree["steel"], can_view_pii=True
        )


def test_password_change_applies_policy(city_tree):
    user = factories.make_user(password="Old-password-1")
    user.must_change_password = True
    with pytest.raises(ValidationFailed) as exc:
        services.password_change(user=user, old_password="Old-password-1", new_password="abcdefghijk")
    assert "new_password" in exc.value.details
    services.password_change(user=user, old_password="Old-password-1", new_password="New-Passw0rd-2026")
    user.refresh_from_db()
    assert user.check_password("New-Passw0rd-2026") and not user.must_change_password


def test_production_hasher_is_argon2(settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_password("Some-Passw0rd").startswith("argon2$")


def test_encrypted_columns_hold_no_clear_text_in_the_database(city_tree):
    worker = city_tree["port_worker"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_encrypted, mobile_encrypted FROM accounts_worker WHERE id = %s", [worker.pk])
        encrypted_id, encrypted_mobile = cursor.fetchone()
    assert worker.reveal_id_number() not in encrypted_id
    assert worker.reveal_mobile() not in encrypted_mobile
