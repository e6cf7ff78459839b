"""A writer process for the concurrency tests (no tests here): ``python -m tests.unit.test_progress_writer URL W N GO``.

It opens the store, prints ``# ready``, waits for the GO file, writes its plan and prints one line per *committed* update,
then ``# start end`` (wall-clock seconds of its write phase). Imports only the store, to start quickly.
"""

from __future__ import annotations

import os
import sys
import time

from topicgraph import progress as p

PROFILE = "load"
FINAL = (p.DONE, p.SKIPPED, p.NOT_STARTED)
BATCH_MS = 15_000


def plan(writer: int, updates: int) -> list[tuple[str, str]]:
    """(chapter, status) in write order: each chapter is written twice, "reading" first and then a final status,
    so a lost second write shows as a wrong final status and a lost first one as a missing row."""
    out: list[tuple[str, str]] = []
    for i in range(0, updates, 2):
        chapter = f"w{writer:02}-c{i // 2:03}"
        out += [(chapter, p.READING), (chapter, FINAL[(writer + i) % 3])]
    return out[:updates]


def main(url: str, writer: int, updates: int, go: str) -> None:
    # A batch writer, not a page: it may wait for the lock as long as it takes (a page's click waits < 1 s).
    store = p.ProgressStore.open(p.StoreConfig(url, busy_timeout_ms=BATCH_MS, lock_timeout_ms=BATCH_MS))
    print("# ready", flush=True)
    deadline = time.monotonic() + 300
    while go and not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.005)
    start = time.time()
    for chapter, status in plan(writer, updates):
        store.set_status(PROFILE, chapter, status)
        print(chapter, status, flush=True)  # only after the commit returned
    print(f"# {start} {time.time()}", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
