"""The whole role → permission table, as the installed modules assemble it, pinned for a security review.

A change to who holds what shows here as a diff of permission_table.txt. Regenerate with
`zhichuang permissions > tests/accounts/permission_table.txt` and read the diff before committing.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhichuang.accounts import roles
from zhichuang.core.modules import Module

SNAPSHOT = Path(__file__).with_name("permission_table.txt")


def test_the_production_table_is_the_pinned_one():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "zhichuang.settings", "ZHICHUANG_TESTING": "1"}
    env.pop("DATABASE_URL", None)
    printed = subprocess.run(
        [sys.executable, "-m", "zhichuang.manage", "permissions"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert printed == SNAPSHOT.read_text()
    assert "proposals.view" in printed.splitlines()[3]  # finance: a module's grant reached the table


def test_a_module_grant_joins_the_ground_table(monkeypatch):
    extra = Module(label="extra", permissions={"extra.run": "Run"}, grants={"auditor": frozenset({"extra.run"})})
    monkeypatch.setattr(roles, "modules", lambda: (extra,))
    roles.role_permissions.cache_clear()
    try:
        table = roles.role_permissions()
        assert table["auditor"] == {"audit.view", "extra.run"}
        assert "extra.run" not in table["secadmin"]
    finally:
        roles.role_permissions.cache_clear()


@pytest.mark.parametrize(
    ("grants", "message"),
    [
        ({"nobody": frozenset({"extra.run"})}, "unknown role 'nobody'"),
        ({"auditor": frozenset({"extra.other"})}, "undeclared permissions ['extra.other']"),
        ({"city_admin": frozenset({"pii.view"})}, "undeclared permissions ['pii.view']"),
    ],
)
def test_a_wrong_grant_stops_the_start_up(monkeypatch, grants, message):
    bad = Module(label="extra", permissions={"extra.run": "Run"}, grants=grants)
    monkeypatch.setattr(roles, "modules", lambda: (bad,))
    roles.role_permissions.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match=message.replace("[", r"\[").replace("]", r"\]")):
            roles.role_permissions()
    finally:
        roles.role_permissions.cache_clear()
