"""The deployment files in deploy/ stay in step with the settings and the commands they run."""

import importlib.util
import re
import tomllib
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "src" / "zhichuang" / "settings.py"
DEPLOY = ROOT / "deploy"
# Set by the test and demo tooling, never on a server.
INTERNAL = {"ZHICHUANG_TESTING", "ZHICHUANG_DEMO", "ZHICHUANG_VAR_DIR"}
# Commands of an app that settings.py installs only with its backend (TASKS_BACKEND=redis).
BACKEND_COMMANDS = {"rqworker": "django_rq"}


def variables_read_by_settings() -> set[str]:
    text = SETTINGS.read_text()
    return set(re.findall(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z_]+)"', text)) - INTERNAL


def test_the_readme_table_lists_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"`([A-Z][A-Z_]+)`", readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]))
    assert variables_read_by_settings() - table == set()


def test_the_example_environment_file_lists_every_variable():
    example = (DEPLOY / "zhichuang.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z_]+)=", example, flags=re.MULTILINE))
    assert variables_read_by_settings() - listed == set()
    active = dict(re.findall(r"^([A-Z][A-Z_]+)=(.*)$", example, flags=re.MULTILINE))
    assert active["DEBUG"] == "0"
    assert active["SECRET_KEY"] == ""  # generated on the server, never a value from the repository
    assert active["PII_ENCRYPTION_KEY"] == ""


def test_every_unit_runs_an_existing_command_and_every_service_job_has_a_timer():
    commands = get_commands()
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert units
    for unit in units:
        text = unit.read_text()
        assert "EnvironmentFile=/etc/zhichuang.env" in text, unit.name
        executable, *args = re.search(r"^ExecStart=(\S+)(.*)$", text, flags=re.MULTILINE).groups()[0:2]
        if executable.endswith("/zhichuang"):
            command = args[0].split()[0]
            if command in BACKEND_COMMANDS:
                assert importlib.util.find_spec(BACKEND_COMMANDS[command]), unit.name
            else:
                assert command in commands, f"{unit.name} runs unknown command {command!r}"
        if "Type=oneshot" in text:
            assert unit.with_suffix(".timer").exists(), f"{unit.name} has no timer"


def test_nginx_never_serves_uploaded_files_and_limits_the_body_to_the_import_size():
    site = (DEPLOY / "nginx" / "zhichuang.conf").read_text()
    assert re.search(r"location /media/ \{\s*return 404;", site)
    assert "client_max_body_size 21m;" in site
    assert "proxy_set_header X-Real-IP $remote_addr;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site


def test_the_lock_file_pins_every_runtime_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower() for requirement in project["dependencies"]}
    lock = (ROOT / "requirements.lock").read_text()
    # Each pin is followed by its hashes: "name==version \\" then "    --hash=sha256:…".
    pins = re.findall(
        r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+(?: ;[^\\]*)? \\\n\s+--hash=sha256:", lock, flags=re.MULTILINE
    )
    pinned = {name.lower() for name in pins}
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9][A-Za-z0-9._-]*==", lock, flags=re.MULTILINE))
    assert wanted - pinned == set(), "run ./run lock after changing the dependencies"
    assert not {"pytest", "playwright", "ruff"} & pinned
