"""The production task backends, each run as it is deployed: a separate worker process.

These start real processes against a scratch SQLite database, so they exercise
the configuration in settings.py rather than the test settings.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'zhichuang.settings'; django.setup(); "
ENQUEUE = SETUP + "from zhichuang.audit.tasks import prune_audit_log; print(prune_audit_log.enqueue().id)"
RESULT = (
    SETUP + "from zhichuang.audit.tasks import prune_audit_log; "
    "result = prune_audit_log.get_result(sys.argv[1]); print(result.status, result.return_value)"
)


def run(env, *args):
    return subprocess.run(  # noqa: S603 - our own interpreter and entry point
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=True
    )


def zhichuang(env, *args):
    return run(env, "-m", "zhichuang.manage", *args)


def make_env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    env |= {
        "ZHICHUANG_TESTING": "0",
        "DEBUG": "1",
        "ZHICHUANG_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        **extra,
    }
    zhichuang(env, "migrate", "-v", "0")
    return env


def enqueue_and_collect(env, worker_args):
    task_id = run(env, "-c", ENQUEUE).stdout.strip()
    zhichuang(env, *worker_args)
    return run(env, "-c", RESULT, task_id).stdout.strip()


@pytest.mark.slow
def test_database_backend_runs_tasks_in_db_worker(tmp_path):
    env = make_env(tmp_path, TASKS_BACKEND="database")
    status = enqueue_and_collect(env, ["db_worker", "--batch", "--no-startup-delay"])
    assert status == "SUCCESSFUL 0"


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_redis_backend_runs_tasks_in_rq_worker(tmp_path):
    env = make_env(tmp_path, TASKS_BACKEND="redis", REDIS_URL=f"redis://127.0.0.1:6379/{os.getpid() % 15 + 1}")
    status = enqueue_and_collect(env, ["rqworker", "--burst", "--worker-class", "rq.worker.SimpleWorker", "default"])
    assert status == "SUCCESSFUL 0"


SESSION_ENGINE = SETUP + "from django.conf import settings; print(settings.SESSION_ENGINE)"


def test_sessions_are_read_from_redis_only_when_it_is_shared(tmp_path):
    """With REDIS_URL every process reads sessions from Redis (written through to the database); the
    per-process local-memory cache would keep a session alive in the others after a logout."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PYTEST_CURRENT_TEST"}}
    env |= {"ZHICHUANG_TESTING": "0", "DEBUG": "1", "ZHICHUANG_VAR_DIR": str(tmp_path)}
    assert run(env, "-c", SESSION_ENGINE).stdout.strip() == "django.contrib.sessions.backends.db"
    env["REDIS_URL"] = "redis://127.0.0.1:6379/1"
    assert run(env, "-c", SESSION_ENGINE).stdout.strip() == "django.contrib.sessions.backends.cached_db"
