import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from tests.factories import make_user
from zhichuang.accounts.models import RoleAssignment, User
from zhichuang.accounts.roles import Role
from zhichuang.audit.models import AuditEntry
from zhichuang.orgs.enums import OrgKind
from zhichuang.orgs.models import Organization

pytestmark = pytest.mark.django_db


def bootstrap(*args) -> list[str]:
    out = io.StringIO()
    call_command("bootstrap", *args, stdout=out)
    return out.getvalue().splitlines()


def printed_passwords(lines) -> dict[str, str]:
    return {line.split("\t")[1]: line.split("\t")[2] for line in lines if line.startswith("  ")}


def test_creates_the_city_union_and_three_separated_administrators_who_must_change_their_password():
    lines = bootstrap("--city", "某某市总工会", "--sysadmin", "zhang.sys", "--no-input")
    city = Organization.objects.get()
    assert (city.kind, city.name, city.depth) == (OrgKind.CITY, "某某市总工会", 1)
    grants = {a.user.username: (a.role, a.organization_id, a.can_view_pii) for a in RoleAssignment.objects.all()}
    assert grants == {
        "zhang.sys": (Role.SYSADMIN, city.pk, False),
        "secadmin": (Role.SECADMIN, city.pk, False),
        "auditor": (Role.AUDITOR, city.pk, False),
    }
    passwords = printed_passwords(lines)
    assert set(passwords) == set(grants)
    assert len(set(passwords.values())) == 3
    for username, password in passwords.items():
        user = authenticate(username=username, password=password)
        assert user is not None
        assert user.must_change_password
        assert not user.is_demo
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor_username"))
    assert actions[0] == ("org.create", "bootstrap")
    assert [action for action, _ in actions].count("role.grant") == 3


def test_refuses_to_run_twice_and_changes_nothing():
    bootstrap("--city", "某某市总工会", "--no-input")
    before = (User.objects.count(), Organization.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match="本系统已完成初始化"):
        bootstrap("--city", "另一个市总工会", "--no-input")
    assert (User.objects.count(), Organization.objects.count(), AuditEntry.objects.count()) == before


def test_a_taken_username_leaves_nothing_half_written():
    make_user(username="auditor")
    with pytest.raises(CommandError, match="该用户名已被占用"):
        bootstrap("--city", "某某市总工会", "--no-input")
    assert not Organization.objects.exists()
    assert not RoleAssignment.objects.exists()
    assert list(User.objects.values_list("username", flat=True)) == ["auditor"]


def test_without_a_city_name_and_without_input_it_says_what_is_missing():
    with pytest.raises(CommandError, match="--city"):
        bootstrap("--no-input")
    assert not Organization.objects.exists()


def test_asks_for_what_the_flags_leave_out(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["示范市总工会", "", "li.sec", ""])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    lines = bootstrap()
    assert set(printed_passwords(lines)) == {"sysadmin", "li.sec", "auditor"}
    assert Organization.objects.get().name == "示范市总工会"
