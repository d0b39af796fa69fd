"""The deployed stack on loopback: nginx (the repository's site) in front of gunicorn application servers
started with the systemd unit's command line, Redis and PostgreSQL; shared by the deployment test
(tests/test_deployment.py) and the load run (bench/load_run.py), which drive the same stack.

Imports nothing from pytest or Django: the bench scripts import it too.
"""

import contextlib
import http.client
import os
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

NGINX = Path("/usr/sbin/nginx")
REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(REDIS, timeout=2) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args, env=None, cwd=None, timeout=600) -> str:
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if result.returncode:
        raise AssertionError(
            f"{shlex.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


class Processes:
    """The servers this test starts, each in its own process group, logging into a folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict, cwd: Path) -> None:
        with (self.folder / f"{name}.log").open("ab") as log:
            self.running[name] = subprocess.Popen(  # noqa: S603
                args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)

    def logs(self) -> str:
        return "\n".join(
            f"---- {path.name} ----\n{path.read_text(errors='replace')[-6000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )


def wait_for(check, what: str, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, http.client.HTTPException):
            result = check()
            if result:
                return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def direct_get(port: int, path: str, cookie: str = "") -> tuple[int, str]:
    """A request straight to one application server, as nginx sends it (over HTTPS, from loopback)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}
        if cookie:
            headers["Cookie"] = cookie
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def unit_command(unit: Path, prefix: Path, instance: str = "") -> list[str]:
    """A systemd unit's ExecStart, for this prefix."""
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    line = line.removeprefix("ExecStart=").replace("/opt/zhichuang/current", str(prefix / "current"))
    return shlex.split(line.replace("%i", instance))


def gunicorn_command(current: Path, prefix: Path, port: int, workers: int = 2) -> list[str]:
    """The application server unit's command line for this port (four workers a server in production; the
    deployment test keeps two, light)."""
    args = unit_command(current / "deploy" / "systemd" / "zhichuang-web@.service", prefix, str(port))
    args[args.index("--workers") + 1] = str(workers)
    return args


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert),
    )  # fmt: skip
    return cert, key


def nginx_site(current: Path, prefix: Path, folder: Path, ports: dict[str, int], cert: Path, key: Path) -> Path:
    """deploy/nginx/zhichuang.conf with this test's ports, paths and name, inside a minimal nginx.conf."""
    site = (current / "deploy" / "nginx" / "zhichuang.conf").read_text()
    for old, new in {
        "127.0.0.1:8000": f"127.0.0.1:{ports['web1']}",
        "127.0.0.1:8001": f"127.0.0.1:{ports['web2']}",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl": f"listen 127.0.0.1:{ports['https']} ssl",
        "zhichuang.union.example": "127.0.0.1",
        "/etc/ssl/zhichuang/fullchain.pem": str(cert),
        "/etc/ssl/zhichuang/privkey.pem": str(key),
        "/opt/zhichuang/current": str(prefix / "current"),
    }.items():
        assert old in site, f"deploy/nginx/zhichuang.conf no longer has {old!r}"
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site)
    temp = {name: folder / "temp" / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder}/site.conf;
}}
"""
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"
