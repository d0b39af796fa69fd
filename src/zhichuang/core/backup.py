"""Backup and restore of an installation: the database, the uploaded files and a checksum manifest.

A backup is a folder: `database.pgdump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3`
(SQLite's online backup), `media.tar` (MEDIA_ROOT) and `MANIFEST.json` (what was saved, each
file's SHA-256 and size, the migrations applied). It never holds SECRET_KEY or
PII_ENCRYPTION_KEY, which are kept apart: the manifest carries only a check value derived from the
personal-data key, so a restore refuses an installation whose key could not read the ID numbers.

A restore goes into an empty installation (no tables, an empty MEDIA_ROOT) of the same or a
newer release; `migrate` afterwards brings the schema up to the release.
"""

import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichuang.core import crypto

MANIFEST = "MANIFEST.json"
FORMAT = 1
_DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


def key_check() -> str:
    """A value derived from PII_ENCRYPTION_KEY that tells whether two installations share the key."""
    return crypto.blind_index("zhichuang backup key check", "backup")


def backup_create(destination: Path) -> Path:
    """Write a new backup folder under destination and return it."""
    vendor = _vendor()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"zhichuang-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database = folder / _DATABASE_FILES[vendor]
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database}"], _libpq_env())
    else:
        connection.ensure_connection()
        with sqlite3.connect(database) as target:
            connection.connection.backup(target)
        target.close()
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar", "w") as archive:
        if media_root.exists():
            for child in sorted(media_root.iterdir()):
                archive.add(child, arcname=child.name)
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "zhichuang": importlib.metadata.version("zhichuang"),
        "engine": vendor,
        "key_check": key_check(),
        "migrations": sorted(f"{app}.{name}" for app, name in MigrationLoader(connection).applied_migrations),
        "files": {path.name: _describe(path) for path in sorted(folder.iterdir())},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return folder


def backup_verify(folder: Path) -> dict:
    """Check a backup folder against its manifest; return the manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        message = _("%(folder)s is not a zhichuang backup: %(error)s") % {"folder": folder, "error": exc}
        raise BackupError(message) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup's format is not one this release reads."))
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _describe(path) != expected:
            message = _("%(name)s in the backup is missing or damaged (its checksum differs).") % {"name": name}
            raise BackupError(message)
    return manifest


def backup_restore(folder: Path) -> dict:
    """Restore a verified backup into this empty installation; return its manifest."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    vendor = _vendor()
    if manifest["engine"] != vendor:
        raise BackupError(
            _("The backup is of a %(backup)s database; this installation uses %(here)s.")
            % {"backup": manifest["engine"], "here": vendor}
        )
    if manifest["key_check"] != key_check():
        raise BackupError(
            _(
                "PII_ENCRYPTION_KEY differs from the key of the installation that made this backup: its ID and "
                "mobile numbers could not be read. Set the original key (kept apart from the backups) first."
            )
        )
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    # A squashed migration stands for the names it replaces, which a database migrated by it records.
    known = {f"{app}.{name}" for key, migration in on_disk.items() for app, name in [key, *migration.replaces]}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            _("The backup comes from a newer release (migrations %(names)s); install that release first.")
            % {"names": ", ".join(unknown[:5])}
        )
    if connection.introspection.table_names():
        raise BackupError(_("The database is not empty: a backup is restored only into an empty database."))
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            _("MEDIA_ROOT (%(path)s) is not empty: a backup is restored only into an empty one.") % {"path": media_root}
        )
    database = folder / _DATABASE_FILES[vendor]
    if vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database),
            ],
            _libpq_env(),
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(database) as source:
            source.backup(connection.connection)
        source.close()
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar") as archive:
        archive.extractall(media_root, filter="data")
    return manifest


def _vendor() -> str:
    if connection.vendor not in _DATABASE_FILES:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor})
    return connection.vendor


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def _libpq_env() -> dict:
    """pg_dump's and pg_restore's connection, from Django's, in libpq's variables (no password on a command line)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if params.get(key):
            env[variable] = str(params[key])
    env["PGDATABASE"] = params["NAME"]
    return env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(_("%(command)s is not installed (PostgreSQL's client tools).") % {"command": command[0]})
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]}: {result.stderr.strip()}")
