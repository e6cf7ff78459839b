"""The team deployment without Docker, on loopback: ``make team-demo`` (and the browser tests' topology).

  haproxy (Debian package, deploy/haproxy.cfg, sticky cookie)  →  two ``streamlit run`` replicas
  → one PostgreSQL server (initdb + pg_ctl in a temporary folder, as tests/postgres.py does)
  and sign-in through a real OpenID Connect provider on loopback (``oidc-provider-mock``).

The replicas share one secrets.toml (one ``cookie_secret``), as in deploy/compose.yaml. The app is reached at
``http://127.0.0.1:PORT``, the provider at ``http://localhost:PORT`` (another host name, so the two never
share cookies). Everything is stopped on exit.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.server import Server, free_port  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402

DEMO_USERS = (
    {"sub": "ada", "email": "ada@example.com", "email_verified": True, "name": "Ada Lovelace"},
    {"sub": "grace", "email": "grace@example.com", "email_verified": True, "name": "Grace Hopper"},
)


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)
    if not found:
        raise RuntimeError("haproxy is not installed: run `make haproxy` or `apt-get install haproxy`")
    return found


def wait_http(url: str, timeout_s: float, what: str, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited ({proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {timeout_s:.0f} s")


class Topology:
    """PostgreSQL + OIDC provider + two replicas + haproxy, started in that order, stopped in reverse."""

    def __init__(self, data: Path, logs: Path, *, admins: tuple[str, ...] = ("ada@example.com",),
                 users: tuple[dict[str, object], ...] = DEMO_USERS, port: int | None = None,
                 team: str = "members") -> None:
        self.data, self.logs, self.admins, self.users, self.team = data, logs, admins, users, team
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.work = Path(tempfile.mkdtemp(prefix="tg-team-"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.replicas: list[Server] = []
        self.pg: PostgresServer | None = None

    def __enter__(self) -> Topology:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = (self.logs / f"team-{name}.log").open("wb")
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def _start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pg = PostgresServer()
        self.db_url = self.pg.create_database()

        provider_port = free_port()
        self.provider = f"http://localhost:{provider_port}"
        claims = [f"--user-claims={json.dumps(u)}" for u in self.users]
        proc = self._spawn("oidc", [sys.executable, "-m", "oidc_provider_mock", "--port", str(provider_port),
                                    "--host", "127.0.0.1", *claims])
        wait_http(f"{self.provider}/.well-known/openid-configuration", 60, "the OIDC provider", proc)

        self.cookie_secret = secrets.token_hex(32)
        self.secrets = self.work / "secrets.toml"
        self.secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{self.url}/oauth2callback"\n'
            f'cookie_secret = "{self.cookie_secret}"\n'
            'client_id = "topicgraph-demo"\n'
            'client_secret = "demo-secret"\n'
            f'server_metadata_url = "{self.provider}/.well-known/openid-configuration"\n\n'
            "[topicgraph]\n"
            f"admins = {json.dumps(list(self.admins))}\n"
            f'team = "{self.team}"\n')
        env = {"TOPICGRAPH_DB": self.db_url}
        options = [f"secrets.files={self.secrets}"]
        for name in ("a", "b"):
            self.replicas.append(Server(self.data, self.logs / f"team-replica-{name}.log", env=env,
                                        options=options, timeout_s=120))

        proc = self._spawn("haproxy", [haproxy_binary(), "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")], env={
            "TG_BIND": f"127.0.0.1:{self.port}",
            "TG_REPLICA_A": f"127.0.0.1:{self.replicas[0].port}",
            "TG_REPLICA_B": f"127.0.0.1:{self.replicas[1].port}",
        })
        wait_http(f"{self.url}/_stcore/health", 60, "haproxy", proc)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for proc in reversed(self.procs):
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for server in self.replicas:
            server.stop()
        if self.pg is not None:
            self.pg.destroy()
        shutil.rmtree(self.work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make team-demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8600, help="haproxy's port on 127.0.0.1 (default 8600)")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("TOPICGRAPH_DATA", ROOT / "data")))
    parser.add_argument("--logs", type=Path, default=ROOT / "test-results" / "team-demo")
    args = parser.parse_args(argv)
    print("Starting PostgreSQL, the OIDC provider, two replicas and haproxy…", flush=True)
    with Topology(args.data, args.logs, port=args.port) as t:
        print(f"\n  Open {t.url} and press “Sign in”.\n"
              f"  The provider's form asks for a subject: type ada (Ada Lovelace, admin) or grace (Grace Hopper),\n"
              f"  or any other name for a new person.\n"
              f"  Replicas: {', '.join(r.url for r in t.replicas)} · provider: {t.provider} · logs: {args.logs}\n"
              f"  Ctrl-C stops everything.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Stopping…", flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops everything it started, like Ctrl-C
    raise SystemExit(main())
