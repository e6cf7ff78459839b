"""Notes-folder import, measured: ``python -m bench.notes [--sizes "2000 6500"] [--runs 3] [--no-browser]``.

For each fixture (tests/fixtures/notes/*) and each synthetic vault (bench/notes_synth.py: 2,000 notes with
~6,800 links, 6,500 notes with 22,000 links): notes, edges, problems, the cold read time (parse caches
cleared; wall and CPU, median of --runs), and in headless Chromium against a real server the page-open
time (navigation start → graph drawn): once on a cold server (read + first layout) and --runs times warm,
each beside the floor (a one-line Streamlit page) opened in the same runs. Writes bench/results-notes.md.
Budgets (issue 17): 2,000 notes read in ≤ 2 s, 6,500 notes with 22,000 links in ≤ 10 s; open ≤ floor + 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.notes_synth import generate
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server
from topicgraph.graph import build_graph
from topicgraph.loader import clear_cache, read_curriculum

FIXTURES = ROOT / "tests" / "fixtures" / "notes"
LINKS_PER_NOTE = {2000: 3.4, 6500: 22000 / 6500}


def vault(size: int, seed: int) -> Path:
    where = Path(tempfile.gettempdir()) / "topicgraph-bench" / f"notes-{size}-{seed}"
    if not (where / "README.md").exists():
        generate(where, size, int(size * LINKS_PER_NOTE.get(size, 3.4)), seed)
    return where


def read_times(folder: Path, runs: int) -> dict[str, Any]:
    walls, cpus = [], []
    for _ in range(runs):
        clear_cache()
        t, c = time.perf_counter(), time.process_time()
        cur = read_curriculum(folder)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    g = build_graph(cur)
    return {"notes": len(cur.chapters), "edges": g.number_of_edges(), "problems": len(cur.problems),
            "themes": len(cur.themes), "kind": cur.kind, "rule": cur.info.get("rule", ""),
            "read_s": statistics.median(walls), "read_cpu_s": statistics.median(cpus)}


def open_times(folder: Path, runs: int, logs: Path, browser: Any) -> dict[str, Any]:
    from bench.browser import measure_app, measure_floor

    cache = Path(tempfile.mkdtemp(prefix="notes-cache-"))
    app = Server(folder, logs / f"bench-notes-{folder.name}.log", env={"TOPICGRAPH_CACHE": str(cache)},
                 timeout_s=120)
    floor = Server(ROOT / "data", logs / "bench-notes-floor.log", script="bench/floor_app.py")
    try:
        cold = measure_app(browser, app.url, app.proc.pid, [], timeout_s=600, interact=False)["drawn_ms"]
        warm, floors = [], []
        for _ in range(runs):
            floors.append(measure_floor(browser, floor.url))
            warm.append(measure_app(browser, app.url, app.proc.pid, [], interact=False)["drawn_ms"])
        return {"cold_open_ms": cold, "open_ms": statistics.median(warm), "floor_ms": statistics.median(floors)}
    finally:
        app.stop()
        floor.stop()


def page_cpu(folder: Path, runs: int) -> float:
    """Server CPU of one warm page run (the whole app script, Streamlit's AppTest, content already loaded):
    what opening the page costs the server, free of the browser and of other sessions' load."""
    from streamlit.testing.v1 import AppTest

    os.environ["TOPICGRAPH_DATA"] = str(folder)
    os.environ.setdefault("TOPICGRAPH_CACHE", tempfile.mkdtemp(prefix="notes-cache-"))
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=900).run()  # read + layout, once
    cpus = []
    for _ in range(runs):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        c = time.process_time()
        at.run()
        cpus.append(time.process_time() - c)
    return statistics.median(cpus)


def render(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    load = os.getloadavg()
    out = [
        "# Notes-folder import: measured", "",
        f"`python -m bench.notes --sizes \"{args.sizes}\" --runs {args.runs}` on {dt.date.today()}, "
        f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: "
        "wall time is CPU time stretched by the other sessions; both are given).", "",
        "| folder | kind · themes by | notes | edges | problems | read (wall / CPU) | open, cold server | "
        "open, warm (floor) | budget |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        opened = (f"{r['cold_open_ms']:,.0f} ms" if "cold_open_ms" in r else "–")
        warm = (f"{r['open_ms']:,.0f} ms ({r['floor_ms']:,.0f} ms)" if "open_ms" in r else "–")
        out.append(f"| {r['name']} | {r['kind']} · {r['rule']} | {r['notes']:,} | {r['edges']:,} | "
                   f"{r['problems']:,} | {r['read_s']:.2f} s / {r['read_cpu_s']:.2f} s | {opened} | {warm} | "
                   f"{r.get('budget', '')} |")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000 6500")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results-notes.md")
    ap.add_argument("--page-cpu", nargs="*", type=Path, metavar="DIR",
                    help="only print the server CPU of a warm page run for each DIR (and the synthetic vaults)")
    args = ap.parse_args()
    if args.page_cpu is not None:
        dirs = args.page_cpu + [vault(int(n), args.seed) for n in args.sizes.split()]
        for folder in dirs:
            print(f"| {folder.name} | {page_cpu(folder, args.runs) * 1000:,.0f} ms |", flush=True)
        return
    logs = ROOT / "test-results"
    folders = [(f"fixture {p.name}", p, "") for p in sorted(FIXTURES.iterdir()) if p.is_dir()]
    for size in (int(s) for s in args.sizes.split()):
        limit = 2.0 if size <= 2000 else 10.0
        folders.append((f"synthetic {size:,}", vault(size, args.seed), f"read ≤ {limit:g} s"))
    rows = []
    browser = pw = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        for name, folder, budget in folders:
            row: dict[str, Any] = {"name": name, "budget": budget, **read_times(folder, args.runs)}
            if budget:
                limit = float(budget.split("≤ ")[1].split(" ")[0])
                row["budget"] = f"{budget}: {'met' if row['read_s'] <= limit else 'missed'} (wall), " \
                                f"{'met' if row['read_cpu_s'] <= limit else 'missed'} (CPU)"
            if browser is not None:
                row.update(open_times(folder, args.runs, logs, browser))
            print(row, flush=True)
            rows.append(row)
    finally:
        if browser is not None and pw is not None:
            browser.close()
            pw.stop()
    text = render(rows, args)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
