"""Measure the graph's words on the bundled curriculum (not a test): ``python -m tests.e2e.measure_labels``.

Per viewport and view (the first open, busy chapters selected, a 14-step route): drawn node labels,
overlapping label pairs (boxes at the drawn font size), labels cut by the canvas edge, theme names
overlapping a node label, theme names nearer another theme's centroid of drawn chapters than their
own, route numbers colliding with another number or a label, and theme names over chapter dots without a
backdrop. ``--shots DIR`` saves a PNG per view; ``--walk N`` adds N seeded random chapters, routes and filter
views (``--seed S``); ``--views "/?chapter=a /?route=b"`` measures just those; ``--root DIR`` runs another checkout of the app; ``--lang ru`` and ``--dark`` measure the Russian / dark picture.
"""

from __future__ import annotations

import random
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

    def arg(name: str, default: str) -> str:
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default

    shots = Path(arg("--shots", "")) if "--shots" in sys.argv else None
    cur = read_curriculum(BUNDLED)
    theme_of = {c.slug: c.theme for c in cur.chapters}
    views = arg("--views", "").split() or list(VIEWS)  # e.g. --views "/?route=a /?chapter=b"
    rng = random.Random(int(arg("--seed", "1")))
    slugs = sorted(theme_of)
    for _ in range(int(arg("--walk", "0"))):
        kind = rng.random()
        if kind < 0.6:
            views.append(f"/?chapter={rng.choice(slugs)}")
        elif kind < 0.8:
            views.append(f"/?route={rng.choice(slugs)}")
        else:
            themes = rng.sample(sorted({t.slug for t in cur.themes}), rng.randint(1, 3))
            views.append(f"/?theme={','.join(themes)}&difficulty={rng.choice(['easy', 'medium', 'hard', 'easy,medium'])}")
    lang = arg("--lang", "")
    if lang:
        views = [v + ("&" if "?" in v else "?") + f"lang={lang}" for v in views]
    scheme = "dark" if "--dark" in sys.argv else "light"
    # --root: another checkout of the app (e.g. the commit an issue was measured on), same content and views
    root = Path(arg("--root", str(ROOT)))
    data = BUNDLED if root == ROOT else root / "data"  # an older checkout reads its own content format
    server = Server(data, ROOT / "test-results" / "server-measure-labels.log", root=root)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in VIEWPORTS:
                page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                page.set_default_timeout(120_000)  # shared machines can be slow
                totals = [0, 0, 0, 0, 0]
                for view in views:
                    open_app(page, server.url + view)
                    wait_still(page)
                    page.wait_for_timeout(500)
                    r = words_report(page, theme_of)
                    totals[0] += len(r["overlaps"])
                    totals[1] += len(r["misplaced"])
                    totals[2] += len(r["cut"])
                    totals[3] += len(r["discs"])
                    totals[4] += len(r["dots_under"])
                    print(f"{width}x{height} {view}: {r['labels']} labels, {len(r['overlaps'])} overlapping pairs, "
                          f"{len(r['cut'])} cut, {len(r['theme_overlaps'])} theme name/label overlaps, "
                          f"{len(r['misplaced'])}/{r['themes']} theme names misplaced {r['misplaced']}, "
                          f"{len(r['discs'])} route-number collisions, {len(r['dots_under'])} dots under theme names",
                          flush=True)
                    if shots:
                        shots.mkdir(parents=True, exist_ok=True)
                        name = view.strip("/?").replace("=", "-").replace("&", "_") or "home"
                        page.screenshot(path=str(shots / f"{width}x{height}-{name}.png"))
                print(f"{width}x{height} TOTAL over {len(views)} views: {totals[0]} overlapping pairs, "
                      f"{totals[1]} misplaced theme names, {totals[2]} cut labels, {totals[3]} route-number "
                      f"collisions, {totals[4]} dots under theme names", flush=True)
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
