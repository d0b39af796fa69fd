"""The separation of duties held by the database, whoever writes.

A row's check: the personal-data flag only on the business administrators' roles. Across an
account's rows (which a CHECK cannot see), a trigger on insert and on a change of user or role:
an account holding one of the three administrator duties holds no other role, and an account
holding any other role takes no administrator duty. The same duty on several organisations is
still one duty. On PostgreSQL the trigger first locks the account's row, so two concurrent grants to
one account are serialised (role_grant locks it too); SQLite has one writer at a time.
"""

from django.db import migrations, models

from zhichuang.core.migration_sql import run

MESSAGE = "separation of duties: an administrator duty excludes every other role on the account"
# An account's other role (than the new row) that the new row's role may not sit beside.
CONFLICT = """EXISTS (
    SELECT 1 FROM accounts_roleassignment other
    WHERE other.user_id = NEW.user_id AND other.id <> NEW.id AND (
        (NEW.role IN ('sysadmin', 'secadmin', 'auditor') AND other.role <> NEW.role)
        OR (NEW.role NOT IN ('sysadmin', 'secadmin', 'auditor')
            AND other.role IN ('sysadmin', 'secadmin', 'auditor'))
    )
)"""

SQLITE = [
    f"""CREATE TRIGGER accounts_roleassignment_separation_insert BEFORE INSERT ON accounts_roleassignment
       WHEN {CONFLICT.replace("other.id <> NEW.id AND ", "")}
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER accounts_roleassignment_separation_update
       BEFORE UPDATE OF user_id, role ON accounts_roleassignment
       WHEN {CONFLICT}
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation_insert",
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation_update",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION accounts_roleassignment_separate() RETURNS trigger AS $$
       BEGIN
         PERFORM 1 FROM accounts_user WHERE id = NEW.user_id FOR NO KEY UPDATE;
         IF {CONFLICT.replace("other.id <> NEW.id", "other.id IS DISTINCT FROM NEW.id")} THEN
           RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER accounts_roleassignment_separation
       BEFORE INSERT OR UPDATE OF user_id, role ON accounts_roleassignment
       FOR EACH ROW EXECUTE FUNCTION accounts_roleassignment_separate()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation ON accounts_roleassignment",
    "DROP FUNCTION IF EXISTS accounts_roleassignment_separate()",
]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_separate_admin_duties")]

    operations = [
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("can_view_pii", False),
                    ("role__in", ["city_admin", "district_admin", "enterprise_admin"]),
                    _connector="OR",
                ),
                name="role_assignment_pii_only_business_admins",
            ),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
