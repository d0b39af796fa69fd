"""The inbox moved to the shared zhichuang.notifications: its rows are copied there (the proposal becomes
the notice's target and its page the notice's link), then proposals' own table goes.

The copy is here, not in notifications' migrations, so that the shared app's history names no domain app.
"""

from django.db import migrations

BATCH = 2000


def copy_forward(apps, schema_editor):
    Old = apps.get_model("proposals", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    proposal_type, _created = ContentType.objects.get_or_create(app_label="proposals", model="proposal")
    rows = Old.objects.order_by("pk").values_list(
        "user_id", "proposal_id", "kind", "message", "created_at", "read_at"
    )
    batch = []
    for user_id, proposal_id, kind, message, created_at, read_at in rows.iterator(chunk_size=BATCH):
        batch.append(
            New(
                user_id=user_id,
                kind=kind,
                message=message,
                # proposals:detail, as the URL config has it when the rows move.
                url=f"/proposals/{proposal_id}/" if proposal_id else "",
                target_type=proposal_type if proposal_id else None,
                target_id=proposal_id,
                created_at=created_at,
                read_at=read_at,
            )
        )
        if len(batch) == BATCH:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Old = apps.get_model("proposals", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    proposal_type = ContentType.objects.filter(app_label="proposals", model="proposal").first()
    about_proposals = New.objects.filter(target_type=proposal_type) | New.objects.filter(target_type__isnull=True)
    Old.objects.bulk_create(
        Old(
            user_id=n.user_id,
            proposal_id=n.target_id,
            kind=n.kind,
            message=n.message,
            created_at=n.created_at,
            read_at=n.read_at,
        )
        for n in about_proposals.order_by("pk").iterator(chunk_size=BATCH)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_squashed_0011_workflows_and_rollup"),
        ("notifications", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.RemoveIndex(model_name="notification", name="notification_inbox"),
        migrations.RemoveIndex(model_name="notification", name="notification_unread"),
        migrations.DeleteModel(name="Notification"),
    ]
