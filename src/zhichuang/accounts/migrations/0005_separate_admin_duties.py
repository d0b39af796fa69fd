"""Existing accounts brought under the separation of duties before the database enforces it (0006).

An account holding one of the three administrator duties (system, security, audit) keeps that duty
and loses every other role: the administrator accounts are the ones the separation is about, and a
business role on one of them is the violation (finding 5 of issue 9: city_admin with personal data on
the sysadmin account). An account holding two of the duties (which role_grant always refused) keeps
the one granted first. The personal-data flag is cleared on any role that may not carry it. Each
revocation is written to the audit log as the system's "role.revoke", as role_revoke writes it.
"""

from django.db import migrations

ADMIN_DUTIES = ("sysadmin", "secadmin", "auditor")
PII_ELIGIBLE = ("city_admin", "district_admin", "enterprise_admin")


def separate_duties(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    admin_users = RoleAssignment.objects.filter(role__in=ADMIN_DUTIES).values_list("user_id", flat=True).distinct()
    for user_id in sorted(set(admin_users)):
        held = list(
            RoleAssignment.objects.filter(user_id=user_id)
            .select_related("user", "organization")
            .order_by("granted_at", "id")
        )
        kept = next(a.role for a in held if a.role in ADMIN_DUTIES)  # the duty granted first
        for assignment in held:
            if assignment.role == kept:
                continue
            user = assignment.user
            AuditEntry.objects.create(
                action="role.revoke",
                object_type="accounts.user",
                object_id=str(user.pk),
                object_repr=(user.display_name or user.username)[:200],
                changes={
                    "role": assignment.role,
                    "organization": assignment.organization.name,
                    "reason": f"separation of duties: the account holds {kept}",
                },
            )
            assignment.delete()
    RoleAssignment.objects.filter(can_view_pii=True).exclude(role__in=PII_ELIGIBLE).update(can_view_pii=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_gate_fields"),
        ("audit", "0002_refuse_updates"),
    ]

    operations = [migrations.RunPython(separate_duties, migrations.RunPython.noop)]
