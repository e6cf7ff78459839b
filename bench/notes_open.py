"""Page open on a notes folder vs the bundled curriculum, warm, in one run:
``python -m bench.notes_open [--runs 5] [--size 2000] [--out bench/results-notes-open.md]``.

Four real servers side by side: the floor (a one-line Streamlit page, bench/floor_app.py), the bundled
curriculum (data/), the test vault (tests/fixtures/notes/vault) and a synthetic notes vault of --size notes
(bench/notes_synth.py). Each is opened once first (the read and the first layout: not counted), then --runs
rounds, each opening every one of them once in a fresh headless Chromium context, in turn, so the machine's
load weighs on all alike. Open = navigation start → the graph drawn (``window.topicGraph.drawnAt()``; the
floor: its text shown); whole page = the search box and the reader's first words there too (the graph
page's first run sends the graph alone, the rest once it is drawn). Medians per page; issue 17's budget:
a notes folder opens in ≤ floor + 1 s warm.
Appends one result line to --out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.notes import vault
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

BUDGET_MS = 1000.0  # over the floor, warm (issue 17)


def _servers(size: int, seed: int, logs: Path) -> dict[str, Server]:
    out: dict[str, Server] = {}
    try:
        out["floor"] = Server(ROOT / "data", logs / "bench-open-floor.log", script="bench/floor_app.py")
        for name, folder in (("bundled", ROOT / "data"), ("vault", ROOT / "tests" / "fixtures" / "notes" / "vault"),
                             (f"notes-{size}", vault(size, seed))):
            cache = Path(tempfile.mkdtemp(prefix="open-cache-"))
            out[name] = Server(folder, logs / f"bench-open-{name}.log", env={"TOPICGRAPH_CACHE": str(cache)},
                               timeout_s=300)
    except BaseException:
        for s in out.values():
            s.stop()
        raise
    return out


def measure(runs: int, size: int, seed: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per page: the times to the graph drawn (the floor: its text), and to the whole page (no floor)."""
    from playwright.sync_api import sync_playwright

    from bench.browser import measure_app, measure_floor

    logs = ROOT / "test-results"
    logs.mkdir(exist_ok=True)
    servers = _servers(size, seed, logs)
    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    times: dict[str, list[float]] = {name: [] for name in servers}
    pages: dict[str, list[float]] = {name: [] for name in servers if name != "floor"}
    try:
        for name, s in servers.items():  # warm up: read, lay out, Streamlit's and the browser's first load
            if name == "floor":
                measure_floor(browser, s.url)
            else:
                measure_app(browser, s.url, s.proc.pid, [], timeout_s=900, interact=False)
        for i in range(runs):
            for name, s in servers.items():
                if name == "floor":
                    times[name].append(measure_floor(browser, s.url))
                else:
                    got = measure_app(browser, s.url, s.proc.pid, [], interact=False)
                    times[name].append(got["drawn_ms"])
                    pages[name].append(got["page_ms"])
            print(f"run {i + 1}: " + ", ".join(f"{n} {v[-1]:,.0f} ms" for n, v in times.items()), flush=True)
    finally:
        browser.close()
        pw.stop()
        for s in servers.values():
            s.stop()
    return times, pages


def line(times: dict[str, list[float]], pages: dict[str, list[float]], runs: int, size: int) -> str:
    med = {name: statistics.median(v) for name, v in times.items()}
    floor, bundled = med["floor"], med["bundled"]
    notes = [n for n in med if n not in ("floor", "bundled")]
    verdict = "met" if all(med[n] <= floor + BUDGET_MS for n in notes) else "missed"
    load = os.getloadavg()
    parts = ", ".join(f"{n} {med[n]:,.0f} ms (floor + {med[n] - floor:,.0f}, bundled {med[n] - bundled:+,.0f})"
                      for n in notes)
    return (f"| {dt.date.today()} | `python -m bench.notes_open --runs {runs} --size {size}` | "
            f"{load[0]:.1f} | {floor:,.0f} ms | {bundled:,.0f} ms (floor + {bundled - floor:,.0f}) | {parts} | "
            f"open ≤ floor + 1 s: {verdict} | "
            + ", ".join(f"{n} {statistics.median(v):,.0f} ms" for n, v in pages.items()) + " |")


HEADER = """# Page open: a notes folder vs the bundled curriculum, warm

Medians of warm page opens (navigation start → graph drawn) in headless Chromium, each run opening the floor,
the bundled curriculum, the 13-note test vault and a synthetic vault in turn (`bench/notes_open.py`). Budget
(issue 17): a notes folder opens in ≤ floor + 1 s warm. Shared machine (2 cores): the load average is given.

| date | command | load | floor | bundled curriculum | notes folders (vs floor, vs bundled) | budget | whole page |
|---|---|---:|---:|---:|---|---|---|
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-notes-open.md")
    args = ap.parse_args()
    times, pages = measure(args.runs, args.size, args.seed)
    row = line(times, pages, args.runs, args.size)
    text = args.out.read_text(encoding="utf-8") if args.out.exists() else HEADER
    args.out.write_text(text + row + "\n", encoding="utf-8")
    sys.stdout.write(row + "\n")


if __name__ == "__main__":
    main()
