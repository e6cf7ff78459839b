"""Measure the app at several curriculum sizes, beside a floor and a pyvis baseline.

    python -m bench --sizes "213 1000 5000 20000" --runs 3      (make bench SIZES="...")

213 is the bundled content; other sizes are synthetic (bench/synth.py, cached under
$TMPDIR/topicgraph-bench). For each size, in one run: load + validate, a fresh layout and
one new chapter placed (in this process); then a real server and headless Chromium: first
open on a cold server, and per run a fresh page: open → drawn, the structure message's
bytes, frame times of a redraw / wheel zoom / drag pan, clicks → chapter in the panel, server
CPU per click and per theme-filter change, the browser's JS heap; the server's RSS at the end.
The floor (a one-line Streamlit page) and the pyvis baseline (bench/baseline_app.py, given up
after 60 s) are opened in the same runs, interleaved, so all see the same machine load.
Writes bench/results.md and prints it. Machines here are shared: compare ratios and medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import sync_playwright

from bench.browser import measure_app, measure_baseline, measure_floor
from bench.offline import content_for, measure_offline
from bench.report import render
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

# The bundled chapters the old benchmark clicked (spread over the picture, all easy to hit).
BUNDLED_CLICKS = ["ai-vs-ml-engineering", "rag-architecture", "consensus-protocols", "url-shortener-case",
                  "redis-architecture", "kubernetes-fundamentals", "system-types", "cap-theorem", "web-crawler-case"]


def machine() -> dict[str, Any]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = "?"
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(), "commit": commit, "load_start": os.getloadavg()}


def checkout(ref: str) -> Path:
    """A detached worktree of *ref* (reused when it is there), with its graph assets built."""
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    where = Path(tempfile.gettempdir()) / "topicgraph-bench" / f"against-{sha}"
    if not (where / "app.py").exists():
        where.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", "-f", str(where), sha], cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "components.assets"], cwd=where, check=True, capture_output=True)
    return where


def graph_floor_script() -> str:
    """bench/graph_floor_app.py in a temporary folder beside a link to ``static/`` (Streamlit serves the
    static folder next to the main script)."""
    where = Path(tempfile.mkdtemp(prefix="topicgraph-graph-floor-"))
    shutil.copyfile(ROOT / "bench" / "graph_floor_app.py", where / "graph_floor_app.py")
    (where / "static").symlink_to(ROOT / "static")
    return str(where / "graph_floor_app.py")


def bench_size(size: int, args: argparse.Namespace, browser: Any, floor: Server, logs: Path) -> dict[str, Any]:
    content = content_for(size, ROOT / "data", args.seed)
    print(f"[{size}] content: {content}", flush=True)
    result: dict[str, Any] = {"size": size, "offline": measure_offline(content, store=size != 213)}
    off = result["offline"]
    print(f"[{size}] load {off['load_s']:.2f} s, fresh layout {off['layout_s']:.2f} s, "
          f"one new chapter {off['one_new_s'] * 1000:.1f} ms", flush=True)
    titles = dict(off.pop("targets"))
    themes: dict[str, str] = off.pop("target_themes")
    if args.browser_max is not None and size > args.browser_max:
        return {**result, "runs": [], "floor_ms": [], "baseline": []}
    if size == 213:
        from topicgraph.loader import read_curriculum

        cur = read_curriculum(content)
        titles = {s: cur.chapter_map[s].title for s in BUNDLED_CLICKS if s in cur.chapter_map}
        themes = {s: cur.chapter_map[s].theme for s in titles}
    targets = list(titles.items())
    app = Server(content, logs / f"bench-app-{size}.log")
    # At 213 the other checkout reads its own bundled content (an older loader may not know today's files).
    other = None if args.against_root is None else Server(
        args.against_root / "data" if size == 213 else content, logs / f"bench-against-{size}.log",
        root=args.against_root)
    alone_script = graph_floor_script()
    alone = Server(content, logs / f"bench-graph-floor-{size}.log", script=alone_script)
    base = None if args.no_baseline else Server(content, logs / f"bench-baseline-{size}.log",
                                                script="bench/baseline_app.py")
    runs: list[dict[str, Any]] = []
    against: list[dict[str, Any]] = []
    floors: list[float] = []
    graph_floors: list[float] = []
    baseline: list[tuple[float | None, int]] = []
    try:
        cold = measure_app(browser, app.url, app.proc.pid, [], timeout_s=600, interact=False)
        measure_app(browser, alone.url, alone.proc.pid, [], timeout_s=600, interact=False, whole=False)  # warm
        result["cold_drawn_ms"] = cold["drawn_ms"]
        if other is not None:
            measure_app(browser, other.url, other.proc.pid, [], timeout_s=600, interact=False)  # warm
        print(f"[{size}] cold server: drawn at {cold['drawn_ms']:.0f} ms", flush=True)
        if base is not None:  # warm the baseline's cache; a page that never draws is given up after 60 s
            first, _ = measure_baseline(browser, base.url, targets[0][1], timeout_s=args.baseline_timeout)
            if first is None and size > 1000:
                baseline.append((None, 0))
                base.stop()
                base = None
                print(f"[{size}] baseline: not drawn within {args.baseline_timeout:.0f} s", flush=True)
        for i in range(args.runs):
            floors.append(measure_floor(browser, floor.url))
            graph_floors.append(measure_app(browser, alone.url, alone.proc.pid, [], interact=False,
                                            whole=False)["drawn_ms"])
            clicks = [targets[(i * args.clicks + k) % len(targets)] for k in range(args.clicks)]
            run = measure_app(browser, app.url, app.proc.pid, clicks, themes=themes)
            runs.append(run)
            ok = [c["ms"] for c in run["clicks"] if "ms" in c]
            if other is not None:  # the same page loads and clicks on the other checkout, right after
                theirs = measure_app(browser, other.url, other.proc.pid, clicks, themes=themes)
                against.append(theirs)
                print(f"[{size}] run {i + 1} on {args.against}: drawn {theirs['drawn_ms']:.0f} ms, clicks "
                      f"{[round(c['ms']) for c in theirs['clicks'] if 'ms' in c]} ms", flush=True)
            print(f"[{size}] run {i + 1}: drawn {run['drawn_ms']:.0f} ms (floor {floors[-1]:.0f}), "
                  f"clicks {[round(x) for x in ok]} ms", flush=True)
            if base is not None:
                drawn, sent = measure_baseline(browser, base.url, clicks[0][1], timeout_s=args.baseline_timeout)
                baseline.append((drawn, sent))
                print(f"[{size}] baseline run {i + 1}: " + (f"{drawn:.0f} ms" if drawn else "> 60 s"), flush=True)
                if drawn is None:
                    base.stop()
                    base = None
        result["server_rss_mb"] = psutil.Process(app.proc.pid).memory_info().rss / 2**20
    finally:
        app.stop()
        alone.stop()
        if other is not None:
            other.stop()
        shutil.rmtree(Path(alone_script).parent, ignore_errors=True)
        if base is not None:
            base.stop()
    result.update(runs=runs, floor_ms=floors, graph_floor_ms=graph_floors, baseline=baseline, against=against)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="213", help='curriculum sizes, e.g. "213 1000 5000 20000" (213 = bundled)')
    parser.add_argument("--runs", type=int, default=3, help="fresh page loads per size (default 3)")
    parser.add_argument("--clicks", type=int, default=4, help="chapter clicks per page load (default 4)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic curricula")
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    parser.add_argument("--no-baseline", action="store_true", help="skip the pyvis baseline")
    parser.add_argument("--browser-max", type=int, default=None,
                        help="sizes above this get the in-process measurements only (no server, no browser)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--include", type=Path, action="append", default=[],
                        help="add the sizes of an earlier --json file to the table (e.g. 20000 measured apart)")
    parser.add_argument("--against", metavar="GITREF",
                        help="also measure this commit's app (a detached worktree) in every run, interleaved: "
                             "a side-by-side baseline under the same machine load")
    args = parser.parse_args()
    args.against_root = checkout(args.against) if args.against else None
    sizes = [int(s) for s in args.sizes.replace(",", " ").split()]
    info = machine()
    info["command"] = "python -m bench " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    logs = ROOT / "test-results"
    results = []
    floor = Server(ROOT / "data", logs / "bench-floor.log", script="bench/floor_app.py")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure_floor(browser, floor.url)  # warm
            for size in sizes:
                results.append(bench_size(size, args, browser, floor, logs))
            browser.close()
    finally:
        floor.stop()
    info["load_end"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=1, default=str))
    info["included"] = []
    for earlier in args.include:
        data = json.loads(earlier.read_text())
        results += data["results"]
        m = data["machine"]
        info["included"].append(f"sizes {', '.join(str(r['size']) for r in data['results'])} from {earlier.name} "
                                f"({m['date']}, load average {' '.join(f'{x:.1f}' for x in m['load_start'])})")
    results.sort(key=lambda r: r["size"])
    text = render(info, results, args)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
