"""Measure the graph's words on the bundled curriculum (not a test): ``python -m tests.e2e.measure_labels``.

Per viewport and view (the first open, busy chapters selected, a 14-step route): drawn node labels,
overlapping label pairs (boxes at the drawn font size), labels cut by the canvas edge, theme names
overlapping a node label, theme names nearer another theme's centroid of drawn chapters than their
own, and route numbers colliding with another number or a label. ``--shots DIR`` saves a PNG per view.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import BUNDLED, ROOT
from tests.e2e.helpers import open_app, wait_still
from tests.e2e.labels import words_report
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, Server
from topicgraph.loader import read_curriculum

VIEWPORTS = ((1440, 900), (1280, 720), (390, 844))
BUSY = ("consensus-protocols", "replication-sharding", "quorum-replication", "transactions-isolation",
        "kafka-log-storage", "caching-strategies")
VIEWS = ("/", *(f"/?chapter={s}" for s in BUSY), "/?route=consensus-protocols")


def main() -> None:
    from playwright.sync_api import sync_playwright

    shots = Path(sys.argv[sys.argv.index("--shots") + 1]) if "--shots" in sys.argv else None
    theme_of = {c.slug: c.theme for c in read_curriculum(BUNDLED).chapters}
    server = Server(BUNDLED, ROOT / "test-results" / "server-measure-labels.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in VIEWPORTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.set_default_timeout(120_000)  # shared machines can be slow
                totals = [0, 0, 0]
                for view in VIEWS:
                    open_app(page, server.url + view)
                    wait_still(page)
                    page.wait_for_timeout(500)
                    r = words_report(page, theme_of)
                    totals[0] += len(r["overlaps"])
                    totals[1] += len(r["misplaced"])
                    totals[2] += len(r["cut"])
                    print(f"{width}x{height} {view}: {r['labels']} labels, {len(r['overlaps'])} overlapping pairs, "
                          f"{len(r['cut'])} cut, {len(r['theme_overlaps'])} theme name/label overlaps, "
                          f"{len(r['misplaced'])}/{r['themes']} theme names misplaced {r['misplaced']}, "
                          f"{len(r['discs'])} route-number collisions", flush=True)
                    if shots:
                        shots.mkdir(parents=True, exist_ok=True)
                        name = view.strip("/?").replace("=", "-").replace("&", "_") or "home"
                        page.screenshot(path=str(shots / f"{width}x{height}-{name}.png"))
                print(f"{width}x{height} TOTAL over {len(VIEWS)} views: {totals[0]} overlapping pairs, "
                      f"{totals[1]} misplaced theme names, {totals[2]} cut labels", flush=True)
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
