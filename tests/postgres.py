"""A real PostgreSQL server for the tests: Debian's binaries, ``initdb`` + ``pg_ctl`` in a temp dir on a
free port, run as an unprivileged user (``initdb`` refuses root), torn down afterwards.

When it cannot start, the tests that need it fail with the reason (they are never skipped):
``make postgres`` installs the package.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import free_port

USER = "nobody"  # exists on every Debian; owns nothing else we touch


def bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    raise RuntimeError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run `make postgres` "
                       "or `apt-get install postgresql`")


class PostgresServer:
    """One server; ``create_database()`` gives each test its own empty database."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="tg-pg-"))
        self.data, self.sock, self.log = self.root / "data", self.root / "sock", self.root / "server.log"
        self.sock.mkdir()
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            pw = pwd.getpwnam(USER)
            for p in (self.root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", USER, "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()

    def _run(self, tool: str, *args: str, timeout: float = 60) -> None:
        cmd = [*self.as_user, str(self.bin / tool), *args]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if r.returncode:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}\n{log}")

    def start(self) -> None:
        # fsync off: these tests kill clients, never the server, so durability on power loss is not what they check.
        opts = f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError):  # already stopped
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


_server: PostgresServer | None = None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server; the test fails (not skips) with the reason when it cannot start."""
    start = time.monotonic()
    try:
        server = PostgresServer()
    except (RuntimeError, OSError, KeyError, subprocess.TimeoutExpired) as e:
        pytest.fail(f"cannot start PostgreSQL for the tests: {e}", pytrace=False)
    server.startup_s = time.monotonic() - start  # type: ignore[attr-defined]
    yield server
    server.destroy()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A fresh database on the session's server."""
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"], name="url")
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store on each back end: a real SQLite file, then a new database on the real server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database()
