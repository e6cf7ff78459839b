"""Many processes writing one store: 20 writers × 100 updates → nothing lost, no "database is locked";
``kill -9`` of a writer mid-run → every update it reported committed is there. Both back ends.

Each writer is a process (tests/unit/test_progress_writer.py): it opens the store, waits for the go signal,
then writes and prints one line per *committed* update.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.conftest import ROOT
from tests.postgres import PostgresServer, pg_server, store_url  # noqa: F401  (fixtures)
from tests.unit.test_progress_writer import FINAL, PROFILE, plan
from topicgraph import progress as p

WRITERS, UPDATES = 20, 100



def spawn(url: str, writer: int, updates: int, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.unit.test_progress_writer", url, str(writer),
                             str(updates), str(go)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def report(line: str) -> None:
    out = ROOT / "test-results"
    out.mkdir(exist_ok=True)
    with (out / "progress-measurements.txt").open("a") as f:
        f.write(line + "\n")
    print(line)


def test_twenty_writers_lose_nothing(url: str, tmp_path: Path) -> None:
    p.ProgressStore.open(p.StoreConfig(url)).close()  # a fresh database: the writers race only on data
    go = tmp_path / "go"
    procs = [spawn(url, w, UPDATES, go) for w in range(WRITERS)]
    for proc in procs:  # every writer has its store open: now they all write at once
        assert proc.stdout is not None and proc.stdout.readline() == "# ready\n"
    go.touch()
    results = [proc.communicate(timeout=300) for proc in procs]
    errors = [err for (_, err), proc in zip(results, procs, strict=True) if proc.returncode]
    assert not errors, errors[0][-2000:]
    assert not any("locked" in err.lower() for _, err in results)
    lines = [line for out, _ in results for line in out.splitlines()]
    spans = [tuple(map(float, line.split()[1:])) for line in lines if line.startswith("#")]
    elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
    committed = len(lines) - len(spans)
    assert committed == WRITERS * UPDATES

    store = p.ProgressStore.open(p.StoreConfig(url))
    stored = store.statuses(PROFILE)
    store.close()
    expected = {chapter: status for w in range(WRITERS) for chapter, status in plan(w, UPDATES)}
    lost = sum(stored.get(chapter) != status for chapter, status in expected.items())
    report(f"{make_url(url).get_backend_name()}: {WRITERS} writers × {UPDATES} updates = {committed} commits, "
           f"{lost} lost, write phase {elapsed:.1f} s (first write to last commit, "
           f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    assert lost == 0 and len(stored) == len(expected) == WRITERS * UPDATES // 2


def test_kill_9_mid_run_keeps_every_committed_update(url: str, tmp_path: Path) -> None:
    p.ProgressStore.open(p.StoreConfig(url)).close()
    go = tmp_path / "go"
    go.touch()
    victim = spawn(url, 1, 10_000, go)
    others = [spawn(url, w, 200, go) for w in (2, 3)]  # writers that keep going around the kill
    assert victim.stdout is not None
    seen = [victim.stdout.readline() for _ in range(61)][1:]  # after "# ready"
    assert all(seen), victim.stderr.read() if victim.stderr else ""
    os.kill(victim.pid, signal.SIGKILL)
    out, _ = victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    for proc in others:
        assert proc.communicate(timeout=300)[1] == "" and proc.returncode == 0
    reported = [line.split() for line in [*seen, *out.splitlines()] if line.strip() and not line.startswith("#")]
    assert len(reported) < 10_000  # it really was killed mid-run
    last = {chapter: status for chapter, status in reported}

    store = p.ProgressStore.open(p.StoreConfig(url))  # opens cleanly after the crash
    stored = store.statuses(PROFILE)
    if store.dialect == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.set_status(PROFILE, "after-the-crash", p.DONE)
    store.close()
    missing = {c: s for c, s in last.items() if stored.get(c) != s
               and not (stored.get(c) in FINAL and s == p.READING)}  # a later write it had not reported yet
    report(f"{make_url(url).get_backend_name()}: kill -9 after {len(reported)} reported commits, "
           f"{len(missing)} missing")
    assert missing == {}
    assert all(stored.get(c) == s for w in (2, 3) for c, s in dict(plan(w, 200)).items())

