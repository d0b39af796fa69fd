from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from zhichuang.audit.models import AppendOnlyError, AuditEntry
from zhichuang.audit.services import audit_prune, audit_record


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm(db):
    entry = audit_record(action="test.action", object_type="x", object_id="1", changes={"a": [1, 2]})
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_database_trigger_refuses_update(db):
    entry = audit_record(action="test.action")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_prune_keeps_the_retention_period(db, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    old = AuditEntry.objects.create(action="old", occurred_at=timezone.now() - timedelta(days=181))
    recent = AuditEntry.objects.create(action="recent", occurred_at=timezone.now() - timedelta(days=179))
    assert audit_prune() == 1
    remaining = set(AuditEntry.objects.values_list("action", flat=True))
    assert remaining == {"recent", "audit.prune"}
    assert not AuditEntry.objects.filter(pk=old.pk).exists() and AuditEntry.objects.filter(pk=recent.pk).exists()


def test_login_and_failed_login_are_audited(client, db):
    from tests import factories

    factories.make_user("audited")
    client.login(username="audited", password="nope")
    client.login(username="audited", password=factories.PASSWORD)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["auth.login_failed", "auth.login"]
