"""Measure the graph page in headless Chromium, side by side with a pyvis baseline.

    python -m bench [--runs 7]

Reports medians over fresh page loads (machines here are noisy; compare ratios):
- time from page open (navigation start) to the graph first drawn;
- bytes over the Streamlit websocket for one node click (sent + received, until the
  panel shows the chapter), and for the baseline one selection change.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server
from topicgraph.loader import read_curriculum

SLUGS = ["ai-vs-ml-engineering", "rag-architecture", "consensus-protocols", "url-shortener-case",
         "redis-architecture", "kubernetes-fundamentals", "system-types", "cap-theorem", "web-crawler-case"]


class WsBytes:
    def __init__(self, page: Any) -> None:
        self.total = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framesent", lambda payload: self._add(payload))
        ws.on("framereceived", lambda payload: self._add(payload))

    def _add(self, payload: str | bytes) -> None:
        self.total += len(payload.encode() if isinstance(payload, str) else payload)


def quiet(page: Any, counter: WsBytes, ms: int = 600) -> None:
    """Wait until no websocket byte has moved for *ms*."""
    last, since = counter.total, time.monotonic()
    while (time.monotonic() - since) * 1000 < ms:
        page.wait_for_timeout(100)
        if counter.total != last:
            last, since = counter.total, time.monotonic()


def measure_app(browser: Any, url: str, slug: str) -> tuple[float, int]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    counter = WsBytes(page)
    page.goto(url)
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null", timeout=60_000)
    drawn = float(page.evaluate("() => window.topicGraph.drawnAt()"))
    quiet(page, counter)
    before = counter.total
    pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("(s) => new URL(location).searchParams.get('chapter') === s", arg=slug)
    quiet(page, counter)
    ctx.close()
    return drawn, counter.total - before


def measure_baseline(browser: Any, url: str, title: str) -> tuple[float, int]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    counter = WsBytes(page)
    page.goto(url)
    frame = None
    deadline = time.monotonic() + 60
    while frame is None and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        for f in page.frames:
            try:
                if f != page.main_frame and f.evaluate("() => window.drawnAt !== undefined"):
                    frame = f
            except Exception:  # frame still loading
                pass
    assert frame is not None, "baseline graph never drew"
    # drawnAt is on the iframe's clock: move it to the page's clock (time since page open).
    drawn = float(frame.evaluate("() => window.drawnAt + performance.timeOrigin")) - float(
        page.evaluate("() => performance.timeOrigin"))
    quiet(page, counter)
    before = counter.total
    page.get_by_role("combobox").first.click()
    page.keyboard.type(title[:12])
    page.get_by_role("option", name=title, exact=True).click()
    quiet(page, counter, ms=1000)
    ctx.close()
    return drawn, counter.total - before


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    cur = read_curriculum(ROOT / "data")
    titles = {c.slug: c.title for c in cur.chapters}
    logs = ROOT / "test-results"
    app = Server(ROOT / "data", logs / "bench-app.log")
    base = Server(ROOT / "data", logs / "bench-baseline.log", script="bench/baseline_app.py")
    rows: dict[str, list[tuple[float, int]]] = {"app": [], "baseline": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure_app(browser, app.url, SLUGS[0])  # warm caches (layout, curriculum) on both servers
            measure_baseline(browser, base.url, titles[SLUGS[1]])
            for i in range(args.runs):  # interleaved, so both see the same machine load
                slug = SLUGS[i % len(SLUGS)]
                rows["app"].append(measure_app(browser, app.url, slug))
                rows["baseline"].append(measure_baseline(browser, base.url, titles[slug]))
            browser.close()
    finally:
        app.stop()
        base.stop()
    result: dict[str, dict[str, float]] = {}
    for name, values in rows.items():
        drawn, sent = [v[0] for v in values], [v[1] for v in values]
        result[name] = {
            "drawn_ms_median": round(statistics.median(drawn)),
            "drawn_ms_min": round(min(drawn)), "drawn_ms_max": round(max(drawn)),
            "click_ws_bytes_median": round(statistics.median(sent)),
            "click_ws_bytes_min": min(sent), "click_ws_bytes_max": max(sent),
        }
    print(f"{len(cur.chapters)} chapters, {args.runs} runs each, headless Chromium; median (min–max)")
    print(f"{'':10} {'open→drawn (ms)':>24} {'websocket bytes per click':>28}")
    for name, r in result.items():
        drawn_text = f"{r['drawn_ms_median']} ({r['drawn_ms_min']}–{r['drawn_ms_max']})"
        sent_text = f"{r['click_ws_bytes_median']} ({r['click_ws_bytes_min']}–{r['click_ws_bytes_max']})"
        print(f"{name:10} {drawn_text:>24} {sent_text:>28}")
    a, b = result["app"], result["baseline"]
    print(f"ratio app/baseline: drawn {a['drawn_ms_median'] / b['drawn_ms_median']:.2f}, "
          f"bytes per click {a['click_ws_bytes_median'] / b['click_ws_bytes_median']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
