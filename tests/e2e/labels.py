"""What a reader sees of the graph's words: label boxes at the drawn font size, theme names and route numbers.

Used by the browser tests (tests/e2e/test_graph_labels.py) and by ``python -m tests.e2e.measure_labels``.
Boxes come from ``window.topicGraph.labelBoxes()`` (the rectangles the graph drew its names into); on a
build without that hook, from vis-network's own label geometry (``labelModule.size`` after the last draw).
All boxes are in viewport CSS pixels.
"""

from __future__ import annotations

import math
from typing import Any

LABEL_BOXES = """() => {
  const g = window.topicGraph;
  if (g.labelBoxes) return g.labelBoxes();
  const s = window.__topicGraphActive, net = s.network, box = g.canvasBox(), scale = net.getScale();
  const out = [];
  for (const slug of g.visibleNodes()) {
    const node = net.body.nodes[slug];
    if (!node || !node.labelModule || !node.options.label) continue;
    const px = node.labelModule.fontOptions.size * scale;
    if (px < 9) continue;  // vis leaves a label out below drawThreshold - 1
    const sz = node.labelModule.size;
    if (!sz.width) continue;
    const a = net.canvasToDOM({ x: sz.left, y: sz.top });
    const b = net.canvasToDOM({ x: sz.left + sz.width, y: sz.top + sz.height });
    if (b.x < 0 || b.y < 0 || a.x > box.w || a.y > box.h) continue;  // wholly off the canvas: not seen
    out.push({ slug, text: node.options.label, x: box.x + a.x, y: box.y + a.y, w: b.x - a.x, h: b.y - a.y, px });
  }
  return out;
}"""

# Route step numbers as drawn discs {slug, n, x, y, r}; the fallback repeats the old drawing's formula.
ROUTE_DISCS = """() => {
  const g = window.topicGraph;
  if (g.routeDiscs) return g.routeDiscs();
  const s = window.__topicGraphActive, net = s.network, box = g.canvasBox(), scale = net.getScale();
  const fontPx = (s.v.present ? 16 : 12) / scale;
  return s.v.route.map((slug, i) => {
    const n = s.base.get(slug);
    if (!n || s.hiddenNow.has(slug)) return null;
    const c = net.canvasToDOM({ x: n.x + n.size * 0.8 + fontPx * 0.4, y: n.y - n.size * 0.8 - fontPx * 0.4 });
    return { slug, n: i + 1, x: box.x + c.x, y: box.y + c.y, r: fontPx * 0.85 * scale };
  }).filter(Boolean);
}"""

# Every drawn chapter on screen with its centre (viewport px).
DRAWN = """() => {
  const g = window.topicGraph;
  return g.visibleNodes().map((slug) => [slug, g.nodePosition(slug)]).filter(([, p]) => p);
}"""


def label_boxes(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(LABEL_BOXES))


def overlapping_pairs(boxes: list[dict[str, Any]], slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of boxes whose interiors intersect (touching edges do not count)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] + a["w"] > b["x"] + slack and b["x"] + b["w"] > a["x"] + slack
                    and a["y"] + a["h"] > b["y"] + slack and b["y"] + b["h"] > a["y"] + slack):
                out.append((str(a.get("slug", a.get("text"))), str(b.get("slug", b.get("text")))))
    return out


def cut_by_edge(boxes: list[dict[str, Any]], canvas: dict[str, float], slack: float = 0.5) -> list[str]:
    """Boxes that reach past the canvas edge (a reader sees part of the word)."""
    return [str(b.get("slug", b.get("text"))) for b in boxes
            if b["x"] < canvas["x"] - slack or b["y"] < canvas["y"] - slack
            or b["x"] + b["w"] > canvas["x"] + canvas["w"] + slack
            or b["y"] + b["h"] > canvas["y"] + canvas["h"] + slack]


def disc_collisions(discs: list[dict[str, Any]], boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Route numbers that touch another number or cover a label (a number may touch its own label)."""
    out = []
    for i, d in enumerate(discs):
        for e in discs[i + 1:]:
            if math.hypot(d["x"] - e["x"], d["y"] - e["y"]) < d["r"] + e["r"]:
                out.append((f"#{d['n']}", f"#{e['n']}"))
        for b in boxes:
            if b.get("slug") == d["slug"]:
                continue
            dx = max(b["x"] - d["x"], 0, d["x"] - (b["x"] + b["w"]))
            dy = max(b["y"] - d["y"], 0, d["y"] - (b["y"] + b["h"]))
            if dx * dx + dy * dy < d["r"] ** 2:
                out.append((f"#{d['n']}", str(b.get("slug"))))
    return out


def theme_centroids(page: Any, theme_of: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Centre of each theme's drawn, on-screen chapters (its home theme), in viewport px."""
    sums: dict[str, list[float]] = {}
    for slug, p in page.evaluate(DRAWN):
        t = theme_of.get(slug)
        if t is None:
            continue
        acc = sums.setdefault(t, [0.0, 0.0, 0.0])
        acc[0] += p["x"]
        acc[1] += p["y"]
        acc[2] += 1
    return {t: (a[0] / a[2], a[1] / a[2]) for t, a in sums.items()}


def misplaced_themes(page: Any, theme_of: dict[str, str]) -> list[str]:
    """Theme names whose centre is nearer another theme's centroid than their own (or whose theme
    has no chapter on screen)."""
    centroids = theme_centroids(page, theme_of)
    out = []
    for lab in page.evaluate("() => window.topicGraph.themeLabels()"):
        cx, cy = lab["x"] + lab["w"] / 2, lab["y"] + lab["h"] / 2
        own = centroids.get(lab["slug"])
        if own is None:
            out.append(lab["slug"])
            continue
        mine = math.hypot(cx - own[0], cy - own[1])
        if any(math.hypot(cx - c[0], cy - c[1]) < mine for t, c in centroids.items() if t != lab["slug"]):
            out.append(lab["slug"])
    return out


def theme_boxes(page: Any) -> list[dict[str, Any]]:
    return [{**lab, "slug": "theme:" + lab["slug"]} for lab in page.evaluate("() => window.topicGraph.themeLabels()")]


def dots_under_themes(page: Any) -> list[tuple[str, str]]:
    """(theme name, chapter) pairs where a theme name drawn without a backdrop lies over a chapter's dot."""
    return [tuple(p) for p in page.evaluate("""() => {
        const g = window.topicGraph, out = [];
        const dots = g.visibleNodes().map((s) => [s, g.nodePosition(s), g.nodeRadius(s)]).filter((d) => d[1] && d[2] >= 1);
        for (const t of g.themeLabels()) {
            if (t.backdrop) continue;
            for (const [s, p, r] of dots) {
                // half a pixel of slack: sub-pixel camera differences between placing and measuring
                const q = 0.5;
                if (p.x + r - q > t.x && p.x - r + q < t.x + t.w && p.y + r - q > t.y && p.y - r + q < t.y + t.h) out.push([t.slug, s]);
            }
        }
        return out;
    }""")]


def canvas_box(page: Any) -> dict[str, float]:
    return dict(page.evaluate("() => window.topicGraph.canvasBox()"))


def words_report(page: Any, theme_of: dict[str, str]) -> dict[str, Any]:
    """Everything a reader would notice about the words on the canvas now."""
    boxes = label_boxes(page)
    themes = theme_boxes(page)
    canvas = canvas_box(page)
    discs = list(page.evaluate(ROUTE_DISCS))
    return {
        "labels": len(boxes),
        "overlaps": overlapping_pairs(boxes),
        "theme_overlaps": [p for p in overlapping_pairs(boxes + themes) if p[0].startswith("theme:")
                           or p[1].startswith("theme:")],
        "cut": cut_by_edge(boxes, canvas),
        "misplaced": misplaced_themes(page, theme_of),
        "themes": len(themes),
        "discs": disc_collisions(discs, boxes),
        "dots_under": dots_under_themes(page),
    }
