"""Measurements in headless Chromium against a real server (tests/e2e/server.py).

Times are taken on the page's own clock (``performance.now()``, ms since navigation start),
so Playwright's round trips do not count. Server CPU is the server process's user+system time
(psutil) around one interaction, until the websocket has been quiet for a moment.
"""

from __future__ import annotations

import time
from typing import Any

import psutil
from playwright.sync_api import TimeoutError as PlaywrightTimeout

VIEWPORT = {"width": 1440, "height": 1000}
MAIN = '[data-testid="stMain"]'

# The graph's private state (the component stores it on its element, inside a shadow root):
# used only to time a plain redraw, which no public hook triggers.
FIND_STATE = """() => {
  const walk = (root) => {
    if (root.__topicGraph) return root.__topicGraph;  // the shadow root itself, in v2 components
    for (const el of root.querySelectorAll('*')) {
      if (el.__topicGraph) return el.__topicGraph;
      if (el.shadowRoot) { const r = walk(el.shadowRoot); if (r) return r; }
    }
    return null;
  };
  return walk(document);
}"""

# Frame times while something animates: every requestAnimationFrame gap, recorded until stopped.
FRAMES_START = """() => {
  window.__frames = []; window.__framesOn = true;
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__framesOn) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""
FRAMES_STOP = "() => { window.__framesOn = false; return window.__frames; }"

TITLE_SHOWN = """([t]) => {
  const hs = document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2');
  const shown = [...hs].some((h) => h.innerText.trim() === t);
  return shown && window.__clickAt ? performance.now() - window.__clickAt : false;
}"""


class WsBytes:
    """Bytes over the Streamlit websocket, and the biggest single frame received."""

    def __init__(self, page: Any) -> None:
        self.total = 0
        self.largest = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framesent", lambda payload: self._add(payload, False))
        ws.on("framereceived", lambda payload: self._add(payload, True))

    def _add(self, payload: str | bytes, received: bool) -> None:
        size = len(payload.encode() if isinstance(payload, str) else payload)
        self.total += size
        if received:
            self.largest = max(self.largest, size)


def quiet(page: Any, counter: WsBytes, ms: int = 600) -> None:
    """Wait until no websocket byte has moved for *ms*."""
    last, since = counter.total, time.monotonic()
    while (time.monotonic() - since) * 1000 < ms:
        page.wait_for_timeout(100)
        if counter.total != last:
            last, since = counter.total, time.monotonic()


def cpu(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return float(t.user + t.system)


def open_page(browser: Any, url: str) -> tuple[Any, Any, WsBytes]:
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    counter = WsBytes(page)
    page.goto(url)
    return ctx, page, counter


def measure_floor(browser: Any, url: str) -> float:
    """ms from navigation start until the one-line page shows its text."""
    ctx, page, _ = open_page(browser, url)
    try:
        handle = page.wait_for_function(
            """() => { const e = document.querySelector('[data-testid="stMarkdownContainer"]');
                       return e && e.innerText.includes('hello') ? performance.now() : false; }""",
            polling="raf", timeout=60_000)
        return float(handle.json_value())
    finally:
        ctx.close()


# The rest of the graph page is there: the search box and the reader's first words (a session's first
# graph run sends the graph alone, the rest once it is drawn: components/state.py graph_first).
WHOLE_PAGE = """() => { const r = document.querySelector('.st-key-reader');
  return document.querySelector('.st-key-search-box input') && r && r.innerText.trim() ? performance.now() : false; }"""


def whole_page(page: Any, timeout_s: float) -> float:
    """ms from navigation start until the search box and the reader have come (see WHOLE_PAGE)."""
    return float(page.wait_for_function(WHOLE_PAGE, polling="raf", timeout=timeout_s * 1000).json_value())


def reveal(page: Any, slug: str, theme: str) -> None:
    """Overview mode: bring *slug* on screen the way a reader would (Fit, then click its theme's
    bubble; or, when its theme is already open, centre it at a readable zoom). Not timed."""
    if page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug) is not None:
        return
    page.locator('[data-testid="topic-graph"] button', has_text="Fit").first.click()
    page.wait_for_function("() => !window.topicGraph.animating()", timeout=10_000)
    page.wait_for_timeout(300)
    bubble = next((c for c in page.evaluate("() => window.topicGraph.clusters()") if c["slug"] == theme), None)
    if bubble is not None:
        page.mouse.click(bubble["x"], bubble["y"])
        page.wait_for_function("(s) => window.topicGraph.nodePosition(s) !== null && !window.topicGraph.animating()",
                               arg=slug, timeout=20_000)
    else:
        page.evaluate("(s) => window.topicGraph.focus(s, 1.0)", slug)
    page.wait_for_timeout(400)


def measure_app(browser: Any, url: str, server_pid: int, clicks: list[tuple[str, str]], *, timeout_s: float = 120,
                interact: bool = True, themes: dict[str, str] | None = None, whole: bool = True) -> dict[str, Any]:
    """One fresh page: open → drawn, the structure message, frame times, clicks, a filter change, heap.

    *themes* (slug -> theme slug) lets the clicks open a chapter's theme first in overview mode; *whole*: also
    time the whole page (a page without search box and reader, like the graph-alone floor, passes False)."""
    proc = psutil.Process(server_pid)
    ctx, page, counter = open_page(browser, url)
    out: dict[str, Any] = {}
    try:
        page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null",
                               timeout=timeout_s * 1000)
        out["drawn_ms"] = float(page.evaluate("() => window.topicGraph.drawnAt()"))
        if whole:
            out["page_ms"] = whole_page(page, timeout_s)
        out["structure_bytes"] = counter.largest
        if not interact:
            return out
        quiet(page, counter)
        page.evaluate("""() => window.addEventListener('pointerdown', () => { window.__clickAt = performance.now(); },
                                                       { capture: true })""")
        out.update(_frames(page))
        out["clicks"] = []
        for slug, title in clicks:
            if themes and page.evaluate("() => window.topicGraph.overview()"):
                try:
                    reveal(page, slug, themes.get(slug, ""))
                except PlaywrightTimeout:  # its theme did not open in time: a miss, not the end of the run
                    out["clicks"].append({"slug": slug, "missed": True})
                    continue
            pos = page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
            if pos is None:
                out["clicks"].append({"slug": slug, "missed": True})
                continue
            page.evaluate("() => { window.__clickAt = null; }")
            before_cpu, before_bytes = cpu(proc), counter.total
            page.mouse.click(pos["x"], pos["y"])
            try:
                ms = float(page.wait_for_function(TITLE_SHOWN, arg=[title], polling="raf", timeout=30_000).json_value())
            except Exception:  # the click hit another node (they overlap when small) or nothing
                out["clicks"].append({"slug": slug, "missed": True})
                quiet(page, counter)
                continue
            quiet(page, counter)
            out["clicks"].append({"slug": slug, "ms": ms, "cpu_s": cpu(proc) - before_cpu,
                                  "ws_bytes": counter.total - before_bytes})
        out["filter"] = _filter_change(page, counter, proc)
        cdp = ctx.new_cdp_session(page)
        cdp.send("Performance.enable")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        out["heap_mb"] = metrics.get("JSHeapUsedSize", 0) / 2**20
        return out
    finally:
        ctx.close()


def _frames(page: Any) -> dict[str, Any]:
    """Frame times (ms) of a plain redraw, of wheel zooming and of dragging the view."""
    out: dict[str, Any] = {}
    redraw = page.evaluate(f"""() => {{
        const s = ({FIND_STATE})();
        if (!s || !s.network) return null;
        const times = [];
        for (let i = 0; i < 5; i++) {{
            const t = performance.now(); s.network.redraw(); times.push(performance.now() - t);
        }}
        return times;
    }}""")
    if redraw:
        out["redraw_ms"] = sorted(redraw)[len(redraw) // 2]
    box = page.locator('[data-testid="topic-graph"] canvas').first.bounding_box()
    if box is None:
        return out
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # Zoom: 8 wheel steps in, then 8 out, one every 40 ms, as a trackpad would send them (at most
    # ~15 s: a page that needs seconds per frame has shown what it does by then).
    page.mouse.move(cx, cy)
    page.evaluate(FRAMES_START)
    until = time.monotonic() + 15
    for delta in [-120] * 8 + [120] * 8:
        if time.monotonic() > until:
            break
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(40)
    page.wait_for_timeout(200)
    out["zoom_frames"] = page.evaluate(FRAMES_STOP)
    # Pan: drag from an empty corner of the canvas (a node under the pointer would be dragged instead).
    x0, y0 = box["x"] + 12, box["y"] + box["height"] - 12
    page.mouse.move(x0, y0)
    page.evaluate(FRAMES_START)
    page.mouse.down()
    until = time.monotonic() + 15
    for i in range(1, 17):
        if time.monotonic() > until:
            break
        page.mouse.move(x0 + 12 * i, y0 - 7 * i)
        page.wait_for_timeout(25)
    page.mouse.up()
    page.wait_for_timeout(200)
    out["pan_frames"] = page.evaluate(FRAMES_STOP)
    return out


def _filter_change(page: Any, counter: WsBytes, proc: psutil.Process) -> list[dict[str, float]]:
    """Add, then remove, the first theme through the legend: ms until the graph fades/unfades, server CPU."""
    legend = page.locator('[data-testid="topic-graph"] [data-theme]').first
    if legend.count() == 0:
        return []
    out = []
    for want_faded in (True, False):
        quiet(page, counter)
        before = cpu(proc)
        t0 = float(page.evaluate("() => performance.now()"))
        legend.click()
        done = float(page.wait_for_function(
            "(f) => (window.topicGraph.fadedNodes().length > 0) === f ? performance.now() : false",
            arg=want_faded, polling="raf", timeout=60_000).json_value())
        quiet(page, counter)
        out.append({"ms": done - t0, "cpu_s": cpu(proc) - before})
    return out


def measure_baseline(browser: Any, url: str, title: str, timeout_s: float = 60) -> tuple[float | None, int]:
    """The pyvis page: ms until its graph drew (None when not within *timeout_s*), bytes of one selection."""
    ctx, page, counter = open_page(browser, url)
    try:
        # Bounded waits only: evaluating in a frame whose page is busy (physics on thousands of
        # nodes) would block until it is idle again.
        deadline = time.monotonic() + timeout_s
        try:
            iframe = page.wait_for_selector("iframe", timeout=timeout_s * 1000)
            frame = iframe.content_frame() if iframe else None
            if frame is None:
                return None, 0
            remaining = max(1.0, deadline - time.monotonic())
            frame.wait_for_function("() => window.drawnAt !== undefined", timeout=remaining * 1000)
        except PlaywrightTimeout:
            return None, 0
        # drawnAt is on the iframe's clock: move it to the page's clock (time since page open).
        drawn = float(frame.evaluate("() => window.drawnAt + performance.timeOrigin")) - float(
            page.evaluate("() => performance.timeOrigin"))
        quiet(page, counter)
        before = counter.total
        page.get_by_role("combobox").first.click()
        page.keyboard.type(title[:12])
        page.get_by_role("option", name=title, exact=True).click()
        quiet(page, counter, ms=1000)
        return drawn, counter.total - before
    finally:
        ctx.close()
