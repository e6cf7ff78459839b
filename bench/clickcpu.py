"""Server CPU per chapter click and per fresh page open, against a real server and headless Chromium.

    python -m bench.clickcpu --data /tmp/c5000 --clicks 20 --opens 5 [--tracking] [--app-root DIR]

A click is a plain left click on a chapter link in the reader (the graph's JS turns it into the
same trigger → ``state`` → graph-fragment rerun as a click on a node, without hunting for a
pixel on a 5,000-node canvas). Each click is measured as the server process's user+system CPU
(psutil) from just before the click until the new chapter's title shows and the websocket has
been quiet for 600 ms. A page open is a fresh browser context loading ``/?chapter=<slug>``,
measured the same way until the graph has drawn and the websocket is quiet.

``--landing`` opens pages at ``/`` (the "Start here" reader). ``--tracking`` opens every page with
``profile=bench`` (progress tracking on, a throw-away SQLite store with a tenth of the chapters
done); ``--option KEY=VALUE`` passes a Streamlit option to the server (e.g.
``server.fileWatcherType=none``); ``--app-root`` runs another checkout of the app (e.g. an older
commit unpacked with ``git archive``) with the same content, browser and load.
Prints the medians; the shared machine makes single numbers noisy, so compare medians of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import sync_playwright

from bench.browser import WsBytes, cpu, quiet
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, ROOT, Server

READER_LINKS = ".st-key-reader a[href*='?chapter=']"
MAIN = '[data-testid="stMain"]'
TITLE = f"{MAIN} h1#chapter"


def _wait_drawn(page: Any, timeout_s: float) -> None:
    page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null",
                           timeout=timeout_s * 1000)


def _title_of(page: Any) -> str:
    return str(page.locator(TITLE).first.inner_text()).strip()


def measure_open(browser: Any, url: str, proc: psutil.Process, timeout_s: float, *, title: bool = True) -> float:
    """Server CPU seconds of one fresh page open, until drawn and quiet."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = ctx.new_page()
        counter = WsBytes(page)
        before = cpu(proc)
        page.goto(url)
        _wait_drawn(page, timeout_s)
        page.wait_for_selector(TITLE if title else f"{MAIN} h1", timeout=timeout_s * 1000)
        quiet(page, counter)
        return cpu(proc) - before
    finally:
        ctx.close()


def measure_clicks(browser: Any, url: str, proc: psutil.Process, titles: dict[str, str], clicks: int,
                   timeout_s: float) -> list[float]:
    """Server CPU seconds per reader-link click, walking from chapter to chapter in one page."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    out: list[float] = []
    try:
        page = ctx.new_page()
        page.set_default_timeout(timeout_s * 1000)
        counter = WsBytes(page)
        page.goto(url)
        _wait_drawn(page, timeout_s)
        page.wait_for_selector(TITLE)
        quiet(page, counter)
        seen = {_title_of(page)}
        while len(out) < clicks:
            links = page.locator(READER_LINKS)
            hrefs = [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
            slugs = [h.split("chapter=", 1)[1].split("&", 1)[0] for h in hrefs]
            # Prefer a chapter not visited yet (a new one each time, like a reader exploring).
            order = sorted(range(len(slugs)), key=lambda i: titles.get(slugs[i], "") in seen)
            pick = next((i for i in order if titles.get(slugs[i]) and titles[slugs[i]] != _title_of(page)), None)
            if pick is None:
                raise RuntimeError(f"no chapter link to follow from {_title_of(page)!r}")
            title = titles[slugs[pick]]
            before = cpu(proc)
            links.nth(pick).click()
            page.wait_for_function("([sel, t]) => { const h = document.querySelector(sel);"
                                   " return h && h.innerText.trim() === t; }", arg=[TITLE, title])
            quiet(page, counter)
            out.append(cpu(proc) - before)
            seen.add(title)
        return out
    finally:
        ctx.close()


def _prepare(data: Path, db: Path, tracking: bool) -> tuple[dict[str, str], str]:
    """Titles by slug, a start chapter, a stored layout (so no open waits for one) and the progress store."""
    from topicgraph.graph import build_graph
    from topicgraph.layout import stable_positions
    from topicgraph.loader import read_curriculum

    cur = read_curriculum(data)
    stable_positions(build_graph(cur), cur, data)
    titles = {c.slug: c.title for c in cur.chapters}
    start = max(cur.chapters, key=lambda c: (len(c.next), c.slug)).slug
    if tracking:
        from topicgraph import progress as p

        store = p.ProgressStore.open(p.StoreConfig.resolve({"TOPICGRAPH_DB": str(db)}))
        store.create_profile("bench")
        for c in cur.chapters[: max(1, len(cur.chapters) // 10)]:  # a tenth done: a realistic status map
            store.set_status("bench", c.slug, p.DONE)
    return titles, start


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.clickcpu", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="content directory (default: bundled)")
    parser.add_argument("--clicks", type=int, default=20, help="reader-link clicks measured (default 20)")
    parser.add_argument("--opens", type=int, default=5, help="fresh page opens measured (default 5)")
    parser.add_argument("--landing", action="store_true",
                        help="page opens at / (the Start here reader, route planner open) instead of a chapter")
    parser.add_argument("--tracking", action="store_true", help="progress tracking on (?profile=bench)")
    parser.add_argument("--app-root", type=Path, default=ROOT, help="checkout of the app to run (default: this one)")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="a Streamlit config option for the server, e.g. server.fileWatcherType=none")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for a page (default 180)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="clickcpu-"))
    db = tmp / "progress.sqlite"
    titles, start = _prepare(args.data.resolve(), db, args.tracking)
    server = Server(args.data.resolve(), tmp / "server.log", root=args.app_root.resolve(),
                    env={"TOPICGRAPH_DB": str(db)}, options=args.option, timeout_s=90)
    url = f"{server.url}/?chapter={start}" + ("&profile=bench" if args.tracking else "")
    open_url = f"{server.url}/" + ("?profile=bench" if args.tracking else "") if args.landing else url
    proc = psutil.Process(server.proc.pid)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cold = measure_open(browser, open_url, proc, args.timeout, title=not args.landing)  # loads the caches
            opens = [measure_open(browser, open_url, proc, args.timeout, title=not args.landing)
                     for _ in range(args.opens)]
            clicks = measure_clicks(browser, url, proc, titles, args.clicks, args.timeout)
            browser.close()
    finally:
        server.stop()
    ms = [round(x * 1000) for x in clicks]
    extra = "".join(f" · {o}" for o in (["tracking on"] if args.tracking else []) +
                    (["opens at /"] if args.landing else []) + args.option)
    print(f"app {args.app_root} · content {args.data} ({len(titles)} chapters){extra}"
          f" · load average {os.getloadavg()[0]:.1f}")
    print(f"first open (cold caches): {cold * 1000:.0f} ms server CPU")
    print(f"page open: median {statistics.median(opens) * 1000:.0f} ms server CPU "
          f"({', '.join(f'{x * 1000:.0f}' for x in opens)})")
    print(f"click:     median {statistics.median(clicks) * 1000:.0f} ms server CPU, "
          f"p90 {sorted(ms)[int(len(ms) * 0.9) - 1 if len(ms) > 1 else 0]} ms ({', '.join(map(str, ms))})")


if __name__ == "__main__":
    main()
