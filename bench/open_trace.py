"""Where a warm page open spends its time, in headless Chromium against a real server.

    python -m bench.open_trace DATA [--runs 4]

For each warm open (the first is left out: it fills the server's caches) prints, in ms after navigation:
the last websocket message of the run, the graph component's scripts requested (React has mounted it),
the graph drawn, and the main thread's long tasks (> 50 ms) in between. A gap between the last message
and the scripts' request is the browser rendering the rest of the page first.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server

LONG_TASKS = """window.__lt = [];
new PerformanceObserver(l => { for (const e of l.getEntries())
  window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); })
  .observe({type: 'longtask', buffered: true});"""
GRAPH_JS = """() => { const r = performance.getEntriesByType('resource').filter(e => /graph-draw/.test(e.name));
  return r.length ? Math.round(r[0].startTime) : null; }"""


def one_open(browser: Any, url: str) -> dict[str, Any]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    frames: list[float] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _f: frames.append(1)))
    page.add_init_script(LONG_TASKS)
    try:
        page.goto(url)
        page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=120_000)
        page.wait_for_timeout(500)
        return {"drawn": round(page.evaluate("() => window.topicGraph.drawnAt()")),
                "graph_js": page.evaluate(GRAPH_JS), "long_tasks": page.evaluate("window.__lt"),
                "messages": len(frames)}
    finally:
        ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--runs", type=int, default=4)
    args = ap.parse_args()
    server = Server(args.data, Path("/tmp/bench-open-trace.log"))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            runs = [one_open(browser, server.url) for _ in range(args.runs + 1)][1:]
            browser.close()
    finally:
        server.stop()
    for r in runs:
        busy = sum(d for start, d in r["long_tasks"] if start < (r["graph_js"] or r["drawn"]))
        print(f"graph scripts requested at {r['graph_js']} ms, drawn at {r['drawn']} ms; long tasks before the "
              f"request {busy} ms: {r['long_tasks']}")
    print(f"median: scripts requested {statistics.median(r['graph_js'] or 0 for r in runs):.0f} ms, "
          f"drawn {statistics.median(r['drawn'] for r in runs):.0f} ms")


if __name__ == "__main__":
    main()
