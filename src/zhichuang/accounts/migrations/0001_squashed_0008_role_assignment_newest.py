"""accounts 0001–0008 squashed (issue 10): the tables, indexes and constraints as the chain left them.

Kept from the chain: the PostgreSQL-only prefix-search indexes on workers' name and trade (0002: `LIKE
'王%'` uses a b-tree only with varchar_pattern_ops unless the collation is C; SQLite's embedded scale
does not need them), and the separation of duties held by the database (0006): a row's CHECK (the
personal-data flag only on the business administrators' roles) and, across an account's rows, a trigger
on insert and on a change of user or role: an account holding one of the three administrator duties
holds no other role, and an account holding any other role takes no administrator duty (the same duty
on several organisations is still one duty). On PostgreSQL the trigger first locks the account's row,
so two concurrent grants to one account are serialised (role_grant locks it too); SQLite has one writer
at a time.

Dropped: 0005's conversion of existing role assignments to the separation of duties, which only
rewrote rows that a fresh database does not have.
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from zhichuang.core.migration_sql import run

PREFIX_INDEXES = [
    f"CREATE INDEX {index} ON accounts_worker (employer_id, {column} varchar_pattern_ops)"
    for index, column in (
        ("accounts_worker_employer_name_prefix", "name"),
        ("accounts_worker_employer_trade_prefix", "trade"),
    )
]
PREFIX_INDEXES_REVERSE = [
    "DROP INDEX IF EXISTS accounts_worker_employer_name_prefix",
    "DROP INDEX IF EXISTS accounts_worker_employer_trade_prefix",
]

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

SEPARATION_SQLITE = [
    f"""CREATE TRIGGER accounts_roleassignment_separation_insert BEFORE INSERT ON accounts_roleassignment
       WHEN {CONFLICT.replace("other.id <> NEW.id AND ", "")}
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER accounts_roleassignment_separation_update
       BEFORE UPDATE OF user_id, role ON accounts_roleassignment
       WHEN {CONFLICT}
       BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SEPARATION_SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation_insert",
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation_update",
]
SEPARATION_POSTGRES = [
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
SEPARATION_POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_separation ON accounts_roleassignment",
    "DROP FUNCTION IF EXISTS accounts_roleassignment_separate()",
]


class Migration(migrations.Migration):
    replaces = [
        ("accounts", "0001_initial"),
        ("accounts", "0002_worker_prefix_search_indexes"),
        ("accounts", "0003_user_is_demo"),
        ("accounts", "0004_user_gate_fields"),
        ("accounts", "0005_separate_admin_duties"),
        ("accounts", "0006_role_separation_constraints"),
        ("accounts", "0007_loginattempt_username_index"),
        ("accounts", "0008_role_assignment_newest"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        unique=True,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
                ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email address")),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                ("display_name", models.CharField(blank=True, max_length=50, verbose_name="name")),
                (
                    "must_change_password",
                    models.BooleanField(default=False, verbose_name="must change password at next login"),
                ),
                ("failures_cleared_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
                ("is_demo", models.BooleanField(default=False, editable=False)),
                ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="account expires at")),
                ("locked_until", models.DateTimeField(blank=True, editable=False, null=True)),
                ("password_changed_at", models.DateTimeField(blank=True, editable=False, null=True)),
            ],
            options={
                "verbose_name": "account",
                "verbose_name_plural": "accounts",
            },
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(editable=False, max_length=8)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
            },
        ),
        migrations.CreateModel(
            name="Worker",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=50, verbose_name="name")),
                (
                    "gender",
                    models.CharField(choices=[("M", "Male"), ("F", "Female")], max_length=1, verbose_name="gender"),
                ),
                ("birth_date", models.DateField(verbose_name="birth date")),
                ("id_number_encrypted", models.TextField(editable=False)),
                ("id_number_hash", models.CharField(editable=False, max_length=40, unique=True)),
                ("id_number_masked", models.CharField(editable=False, max_length=18, verbose_name="ID number")),
                ("mobile_encrypted", models.TextField(blank=True, editable=False)),
                ("mobile_hash", models.CharField(blank=True, editable=False, max_length=40, null=True, unique=True)),
                (
                    "mobile_masked",
                    models.CharField(blank=True, editable=False, max_length=11, verbose_name="mobile number"),
                ),
                ("trade", models.CharField(blank=True, db_index=True, max_length=50, verbose_name="trade")),
                (
                    "skill_level",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (5, "Level 5 / Junior worker"),
                            (4, "Level 4 / Intermediate worker"),
                            (3, "Level 3 / Senior worker"),
                            (2, "Level 2 / Technician"),
                            (1, "Level 1 / Senior technician"),
                        ],
                        null=True,
                        verbose_name="skill level",
                    ),
                ),
                (
                    "professional_title",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "None"),
                            ("junior", "Junior title"),
                            ("intermediate", "Intermediate title"),
                            ("associate_senior", "Associate senior title"),
                            ("senior", "Senior title"),
                        ],
                        max_length=20,
                        verbose_name="professional title",
                    ),
                ),
                (
                    "education",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not given"),
                            ("junior_high", "Junior high school or below"),
                            ("senior_high", "Senior high / technical secondary school"),
                            ("junior_college", "Junior college"),
                            ("bachelor", "Bachelor's degree"),
                            ("master", "Master's degree"),
                            ("doctorate", "Doctorate"),
                        ],
                        max_length=20,
                        verbose_name="education",
                    ),
                ),
                ("union_member", models.BooleanField(default=True, verbose_name="union member")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="department_members",
                        to="orgs.organization",
                        verbose_name="department",
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="employees",
                        to="orgs.organization",
                        verbose_name="employer",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="worker",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "worker",
                "verbose_name_plural": "workers",
                "ordering": ["id"],
                "indexes": [models.Index(fields=["employer", "id"], name="accounts_wo_employe_e34636_idx")],
            },
        ),
        migrations.CreateModel(
            name="EmploymentRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("started_on", models.DateField(verbose_name="from")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="until")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="department",
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="orgs.organization",
                        verbose_name="employer",
                    ),
                ),
                (
                    "worker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="employment_history",
                        to="accounts.worker",
                    ),
                ),
            ],
            options={
                "verbose_name": "employment record",
                "verbose_name_plural": "employment history",
                "ordering": ["-started_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="LoginAttempt",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("username", models.CharField(max_length=150)),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("succeeded", models.BooleanField()),
                ("attempted_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["user", "attempted_at"], name="accounts_lo_user_id_83d55f_idx"),
                    models.Index(fields=["ip_address", "attempted_at"], name="accounts_lo_ip_addr_8d55c6_idx"),
                    models.Index(fields=["username", "attempted_at"], name="accounts_lo_usernam_8046b5_idx"),
                ],
            },
        ),
        migrations.CreateModel(
            name="RoleAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("worker", "Worker"),
                            ("enterprise_admin", "Enterprise union admin"),
                            ("evaluator", "Evaluator"),
                            ("finance", "Finance verifier"),
                            ("district_admin", "District admin"),
                            ("city_admin", "City admin"),
                            ("expert", "Expert"),
                            ("sysadmin", "System administrator"),
                            ("secadmin", "Security administrator"),
                            ("auditor", "Audit administrator"),
                        ],
                        max_length=32,
                        verbose_name="role",
                    ),
                ),
                ("can_view_pii", models.BooleanField(default=False, verbose_name="may view personal data in full")),
                ("granted_at", models.DateTimeField(auto_now_add=True)),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="role_assignments",
                        to="orgs.organization",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="role_assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "role assignment",
                "verbose_name_plural": "role assignments",
                "constraints": [
                    models.UniqueConstraint(fields=("user", "role", "organization"), name="role_assignment_unique"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("can_view_pii", False),
                            ("role__in", ["city_admin", "district_admin", "enterprise_admin"]),
                            _connector="OR",
                        ),
                        name="role_assignment_pii_only_business_admins",
                    ),
                ],
                "indexes": [models.Index(fields=["-granted_at", "-id"], name="role_assignment_newest")],
            },
        ),
        migrations.RunPython(run({"postgresql": PREFIX_INDEXES}), run({"postgresql": PREFIX_INDEXES_REVERSE})),
        migrations.RunPython(
            run({"sqlite": SEPARATION_SQLITE, "postgresql": SEPARATION_POSTGRES}),
            run({"sqlite": SEPARATION_SQLITE_REVERSE, "postgresql": SEPARATION_POSTGRES_REVERSE}),
        ),
    ]
