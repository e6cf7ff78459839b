"""Load test: ``python -m tests.stress --sessions N --seconds S [--data DIR] [--json FILE]``.

One server, one Chromium, N browser contexts (separate Streamlit sessions). Each session clicks
random drawn chapters and, every few actions, switches "Hide non-matching chapters", for S seconds.
Reported: click → chapter title in the panel (p50/p95), filter switch → URL updated (p50/p95),
errors (failed/timed-out actions, page errors, exceptions shown in the page, tracebacks in the
server log: 0 expected), and the CPU the browsers and the server used (in cores: CPU seconds per
wall second, from psutil). Exit status 1 when there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from tests.conftest import BUNDLED, ROOT
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server
from topicgraph.loader import read_curriculum

TITLE_JS = """(t) => [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2')]
  .some((h) => h.innerText.trim() === t)"""


@dataclass
class Stats:
    clicks: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    filters: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    misses: int = 0
    lost_switches: int = 0
    reverted_switches: int = 0


def pct(values: list[float], q: float) -> int | None:
    """The q-quantile in milliseconds (nearest rank), None without values."""
    if not values:
        return None
    values = sorted(values)
    return round(1000 * values[min(len(values) - 1, round(q * (len(values) - 1)))])


def chromium_processes() -> list[psutil.Process]:
    out = []
    for p in psutil.Process().children(recursive=True):
        try:
            if "chrom" in p.name().lower():
                out.append(p)
        except psutil.Error:
            pass
    return out


class Clock:
    """Starts the timed window once all sessions are open (opening N pages at once is not the load we measure)."""

    def __init__(self, sessions: int, seconds: float) -> None:
        self.barrier = asyncio.Barrier(sessions)
        self.seconds = seconds
        self.until = float("inf")
        self.started = 0.0

    async def ready(self) -> None:
        if await self.barrier.wait() == 0:
            self.started = time.monotonic()
            self.until = self.started + self.seconds


class CpuSampler:
    """CPU seconds used by the Chromium processes during the run. Renderers start and exit with
    their contexts, so each process is sampled every half second and its last sample counts."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}

    def sample(self, initial: bool = False) -> None:
        for p in chromium_processes():
            used = cpu_seconds([p])
            if p.pid not in self.first:
                self.first[p.pid] = used if initial else 0.0
            self.last[p.pid] = used

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(0.5)

    @property
    def used(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system + getattr(t, "children_user", 0) + getattr(t, "children_system", 0)
        except psutil.Error:
            pass
    return total


async def session(n: int, browser: Any, url: str, titles: dict[str, str], clock: Clock, stats: Stats,
                  timeout_ms: int) -> None:
    rng = random.Random(n)
    context = await browser.new_context(viewport={"width": 1440, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(timeout_ms)
    page.on("pageerror", lambda e: stats.errors.append(f"session {n}: page error: {e}"))
    try:
        try:  # N pages opening at once on a busy machine: allow three action timeouts
            t = time.perf_counter()
            await page.goto(url, timeout=3 * timeout_ms)
            await page.wait_for_function("() => window.topicGraph && window.topicGraph.drawnAt() !== null",
                                         timeout=3 * timeout_ms)
            stats.opens.append(time.perf_counter() - t)
        except Exception as exc:
            stats.errors.append(f"session {n}, open: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
            await clock.ready()
            return
        await clock.ready()  # the timed window starts when every session has its graph drawn
        action, stage = 0, "open"
        while time.monotonic() < clock.until:
            action += 1
            try:
                if action % 4 == 3:
                    stage = "filter switch"
                    switch = page.locator('[data-testid="stSidebar"]').get_by_role(
                        "switch", name="Hide non-matching chapters")
                    want = not await switch.is_checked()
                    t = time.perf_counter()
                    await page.locator('[data-testid="stSidebar"]').get_by_text("Hide non-matching chapters").click()
                    try:  # the switch flips in the browser first ...
                        await page.wait_for_function(
                            """(want) => [...document.querySelectorAll('[data-testid="stSidebar"] [role="switch"]')]
                                 .some((e) => e.getAttribute('aria-label') === 'Hide non-matching chapters'
                                              && e.checked === want)""", arg=want, timeout=10_000)
                    except Exception:
                        # Seen only with several busy sessions: the click is taken back by a rerun that was
                        # already under way. Counted and reported, not a server error.
                        stats.lost_switches += 1
                        continue
                    # ... then the server's rerun writes the URL and the graph follows
                    try:
                        await page.wait_for_function(
                            "(want) => (new URLSearchParams(location.search).get('mode') === 'hide') === want",
                            arg=want, timeout=min(timeout_ms, 20_000))
                    except Exception:
                        if await switch.is_checked() != want:
                            # Seen with 3+ busy sessions: the switch flipped, then a rerun already under way
                            # put the old value back. A lost user action, reported on its own line.
                            stats.reverted_switches += 1
                            continue
                        raise
                    stats.filters.append(time.perf_counter() - t)
                    continue
                stage = "pick a node"
                shown = await page.evaluate("() => window.topicGraph.visibleNodes()")
                current = await page.evaluate("() => window.topicGraph.selected()")
                choices = [s for s in shown if s != current and s in titles]
                if not choices:
                    continue
                slug = rng.choice(choices)
                pos = await page.evaluate("(s) => window.topicGraph.nodePosition(s)", slug)
                if pos is None:
                    continue
                stage = f"click {slug}"
                t = time.perf_counter()
                await page.mouse.click(pos["x"], pos["y"])
                try:  # nodes are small at the overview zoom: whichever chapter the click selected counts
                    await page.wait_for_function("(c) => window.topicGraph.selected() !== c", arg=current,
                                                 timeout=15_000)
                except Exception:
                    stats.misses += 1  # nothing selected within 15 s: the click landed between nodes
                    continue
                slug = await page.evaluate("() => window.topicGraph.selected()")
                if slug not in titles:
                    continue  # a click on empty space closed the chapter
                stage = f"panel title of {slug}"
                await page.wait_for_function(TITLE_JS, arg=titles[slug])
                stats.clicks.append(time.perf_counter() - t)
            except Exception as exc:  # a timed-out action is an error of the run
                if stage == "filter switch":
                    stage += " (" + str(await page.evaluate(
                        """() => ({url: location.search, on: [...document.querySelectorAll('[role="switch"]')]
                                   .map((e) => e.checked)})""")) + ")"
                stats.errors.append(f"session {n}, {stage}: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")
            if await page.locator('[data-testid="stException"]').count():
                stats.errors.append(f"session {n}: an exception box is shown in the page")
                break
    finally:
        await context.close()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    data = Path(args.data) if args.data else BUNDLED
    titles = {c.slug: c.title for c in read_curriculum(data).chapters}
    log = Path(args.log)
    server = Server(data, log)
    stats = Stats()
    try:
        server_proc = psutil.Process(server.proc.pid)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            sampler = CpuSampler()
            sampler.sample(initial=True)
            srv0, t0 = cpu_seconds([server_proc]), time.monotonic()
            clock = Clock(args.sessions, args.seconds)
            sampling = asyncio.create_task(sampler.run())
            await asyncio.gather(*(session(i, browser, server.url, titles, clock, stats, args.timeout * 1000)
                                   for i in range(args.sessions)))
            sampling.cancel()
            wall = time.monotonic() - t0
            browser_cores = sampler.used / wall
            server_cores = (cpu_seconds([server_proc]) - srv0) / wall
            await browser.close()
    finally:
        server.stop()
    tracebacks = log.read_text(errors="replace").count("Traceback")
    if tracebacks:
        stats.errors.append(f"server log has {tracebacks} traceback(s): {log}")
    return {
        "sessions": args.sessions, "seconds": args.seconds, "chapters": len(titles),
        "open_p50_ms": pct(stats.opens, 0.5), "open_p95_ms": pct(stats.opens, 0.95),
        "clicks": len(stats.clicks), "missed_clicks": stats.misses, "click_p50_ms": pct(stats.clicks, 0.5),
        "click_p95_ms": pct(stats.clicks, 0.95),
        "filters": len(stats.filters), "lost_switches": stats.lost_switches,
        "reverted_switches": stats.reverted_switches, "filter_p50_ms": pct(stats.filters, 0.5),
        "filter_p95_ms": pct(stats.filters, 0.95),
        "errors": len(stats.errors), "error_samples": stats.errors[:10], "server_tracebacks": tracebacks,
        "browser_cores": round(browser_cores, 2), "server_cores": round(server_cores, 2),
        "cores_on_machine": psutil.cpu_count(), "load_average": [round(x, 1) for x in psutil.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--data", help="content directory (default: the bundled data/)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds one action may take before it is an error")
    ap.add_argument("--log", default=str(ROOT / "test-results" / "server-stress.log"))
    ap.add_argument("--json", help="also write the result as JSON to this file")
    args = ap.parse_args(argv)
    result = asyncio.run(run(args))
    print(f"{result['sessions']} sessions × {result['seconds']:.0f} s on {result['chapters']} chapters: "
          f"page open → drawn p50 {result['open_p50_ms']} ms, p95 {result['open_p95_ms']} ms; "
          f"{result['clicks']} clicks ({result['missed_clicks']} between nodes), click → panel p50 {result['click_p50_ms']} ms, p95 {result['click_p95_ms']} ms; "
          f"{result['filters']} filter switches ({result['lost_switches']} never flipped, {result['reverted_switches']} flipped back by the server), p50 {result['filter_p50_ms']} ms, p95 {result['filter_p95_ms']} ms; "
          f"errors {result['errors']} (server tracebacks {result['server_tracebacks']}); "
          f"browsers {result['browser_cores']} cores, server {result['server_cores']} cores of "
          f"{result['cores_on_machine']} (load average {result['load_average'][0]})")
    for sample in result["error_samples"]:
        print("  error:", sample)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
