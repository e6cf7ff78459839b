"""Wheel-zoom and pan frame rate of the full drawing on one curriculum size (default 1,000 chapters,
below the overview threshold), with the bench's own frame measurement (bench/browser.py):

    python -m bench.zoomfps [--size 1000] [--runs 3] [--chapter SLUG]

Prints per run the mean fps and the median / p95 frame time of 8 wheel notches in and 8 out, with
nothing selected and (``--chapter``, default: the most linked chapter) with a chapter selected.
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from bench.browser import VIEWPORT, _frames
from bench.offline import content_for, measure_offline
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server


def summary(frames: list[float]) -> str:
    frames = [f for f in frames[1:] if f > 0] or [0.0]  # the first gap is the wait for the first frame
    s = sorted(frames)
    return (f"{1000 / statistics.mean(frames):.0f} fps (median {statistics.median(frames):.0f} ms, "
            f"p95 {s[int(0.95 * (len(s) - 1))]:.0f} ms, {len(frames)} frames)")


def one(browser: Any, url: str) -> dict[str, Any]:
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    try:
        page.goto(url)
        page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=120_000)
        page.wait_for_function("() => !window.topicGraph.animating()")
        page.wait_for_timeout(800)
        return _frames(page)
    finally:
        ctx.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from topicgraph.graph import build_graph, degree_map
    from topicgraph.loader import read_curriculum

    parser = argparse.ArgumentParser(prog="python -m bench.zoomfps", description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chapter", default=None)
    args = parser.parse_args()
    content = content_for(args.size, ROOT / "data", args.seed)
    if not (content / "layout.json").exists():
        measure_offline(content, store=True)
    cur = read_curriculum(content)
    deg = degree_map(build_graph(cur))
    chapter = args.chapter or max(deg, key=lambda s: deg[s])
    server = Server(content, ROOT / "test-results" / f"server-zoomfps-{args.size}.log", timeout_s=300)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            one(browser, server.url)  # warm the server's caches
            for run in range(args.runs):
                for label, url in (("all", server.url), (chapter, f"{server.url}/?chapter={chapter}")):
                    out = one(browser, url)
                    print(f"run {run + 1} {label}: zoom {summary(out.get('zoom_frames', []))}; "
                          f"pan {summary(out.get('pan_frames', []))}; redraw {out.get('redraw_ms', 0):.1f} ms",
                          flush=True)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
