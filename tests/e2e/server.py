"""A real `streamlit run` server on a free port, for browser tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's own background traffic (updates, sync, safe browsing) is switched off, so
# every request we see comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``streamlit run script`` on *data*; *root* is the checkout it runs from (this one by default),
    *env* extra environment, *options* extra ``--section.key=value`` flags."""

    def __init__(self, data: Path, log: Path, script: str = "app.py", *, root: Path = ROOT,
                 env: dict[str, str] | None = None, options: list[str] | None = None, timeout_s: float = 60) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        # The sidebar starts as Streamlit's "auto" (open on a desktop, closed on a phone), as for a user who
        # opened it: these tests drive its filters. The app's default (collapsed on the graph page) is
        # tested in tests/e2e/test_page_layout.py.
        full_env = {**os.environ, "TOPICGRAPH_DATA": str(data), "TOPICGRAPH_SIDEBAR": "auto", **(env or {})}
        log.parent.mkdir(parents=True, exist_ok=True)
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1", *(f"--{o}" for o in options or [])],
            cwd=root, env=full_env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


