"""Backup and restore, each run as an operator runs them: commands against installations of their own.

One installation gets data (organisations, a worker with encrypted personal data, an uploaded file),
is backed up, and the backup is restored into a second, empty installation with the same key.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

SEED = """
from tests import factories
from zhichuang.accounts.models import Worker
city = factories.make_city("某某市总工会")
enterprise = factories.make_enterprise(factories.make_district(city, "东区总工会"), "东方机械厂")
worker = factories.make_worker(enterprise, name="赵磊", mobile="13912345678")
print(worker.pk, worker.reveal_id_number())
"""
READ = """
from zhichuang.accounts.models import Worker
from zhichuang.orgs.models import Organization
worker = Worker.objects.get(pk={pk})
print("|".join(sorted(Organization.objects.values_list("name", flat=True))), worker.name,
      worker.reveal_id_number(), worker.reveal_mobile())
"""


def installation(tmp_path: Path, name: str, database_url: str, pii_key: str) -> dict:
    home = tmp_path / name
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    return env | {
        "ZHICHUANG_TESTING": "0",
        "DEBUG": "1",
        "ZHICHUANG_VAR_DIR": str(home),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(home / "media"),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PII_ENCRYPTION_KEY": pii_key,
    }


def zhichuang(env, *args, check=True):
    return subprocess.run(  # noqa: S603 - our own interpreter and entry point
        [sys.executable, "-m", "zhichuang.manage", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


@pytest.fixture
def backed_up(tmp_path, scratch_database):
    key = secrets.token_urlsafe(48)
    source = installation(tmp_path, "source", scratch_database(), key)
    zhichuang(source, "migrate", "-v", "0")
    pk, id_number = zhichuang(source, "shell", "-c", SEED).stdout.splitlines()[-1].split()
    upload = Path(source["MEDIA_ROOT"]) / "attachments" / "2026" / "方案.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("改进方案：节约用电 12%", encoding="utf-8")
    output = zhichuang(source, "backup", str(tmp_path / "backups")).stdout
    (folder,) = (tmp_path / "backups").iterdir()
    assert str(folder) in output
    return {"key": key, "folder": folder, "pk": pk, "id_number": id_number, "source": source}


def test_a_backup_restores_into_an_empty_installation_with_the_same_records_and_files(
    tmp_path, scratch_database, backed_up
):
    folder = backed_up["folder"]
    manifest = json.loads((folder / "MANIFEST.json").read_text())
    assert set(manifest["files"]) == {
        "media.tar",
        "database.pgdump" if "postgresql" in manifest["engine"] else "database.sqlite3",
    }
    assert "accounts.0001_initial" in manifest["migrations"]
    # The keys are kept apart: neither appears anywhere in the backup.
    for path in folder.iterdir():
        content = path.read_bytes()
        assert backed_up["key"].encode() not in content
        assert backed_up["source"]["SECRET_KEY"].encode() not in content
        assert backed_up["id_number"].encode() not in content  # encrypted at rest, in the dump too

    target = installation(tmp_path, "target", scratch_database(), backed_up["key"])
    result = zhichuang(target, "restore", str(folder))
    assert "migrate" in result.stdout
    zhichuang(target, "migrate", "-v", "0")
    names, worker, id_number, mobile = (
        zhichuang(target, "shell", "-c", READ.format(pk=backed_up["pk"])).stdout.splitlines()[-1].split()
    )
    assert names == "东区总工会|东方机械厂|某某市总工会"
    assert (worker, id_number, mobile) == ("赵磊", backed_up["id_number"], "13912345678")
    restored = Path(target["MEDIA_ROOT"]) / "attachments" / "2026" / "方案.txt"
    assert restored.read_text(encoding="utf-8") == "改进方案：节约用电 12%"


def test_a_restore_refuses_a_non_empty_installation_another_key_and_a_damaged_backup(
    tmp_path, scratch_database, backed_up
):
    folder = backed_up["folder"]
    refused = zhichuang(backed_up["source"], "restore", str(folder), check=False)
    assert refused.returncode == 1
    assert "数据库不是空的" in refused.stderr

    other_key = installation(tmp_path, "other", scratch_database(), secrets.token_urlsafe(48))
    refused = zhichuang(other_key, "restore", str(folder), check=False)
    assert refused.returncode == 1
    assert "PII_ENCRYPTION_KEY" in refused.stderr

    with (folder / "media.tar").open("r+b") as archive:
        archive.seek(600)
        archive.write(b"X")
    damaged = zhichuang(other_key, "restore", "--check", str(folder), check=False)
    assert damaged.returncode == 1
    assert "media.tar" in damaged.stderr
