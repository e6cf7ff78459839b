"""Exports of the current (filtered) view: JSON, GraphML, a CSV catalog and a standalone HTML page.

Every function takes the curriculum, its graph and a :class:`~topicgraph.query.Filters`
value, so the CLI and the app produce byte-identical files for the same view.
"""

from __future__ import annotations

import html
import io
import json
import re
from typing import Any

import networkx as nx
import pandas as pd

from .catalog import reading_minutes
from .i18n import DEFAULT_LANG, LANGS, t
from .model import Curriculum
from .query import Filters, filter_chapters, matching_set
from .stats import word_count

FORMATS = ("json", "graphml", "csv", "html")
MIME = {"json": "application/json", "graphml": "application/graphml+xml", "csv": "text/csv", "html": "text/html"}
CATALOG_COLUMNS = ["slug", "title", "themes", "difficulty", "type", "updated", "words", "minutes",
                   "links_in", "links_out"]


def filtered_graph(curriculum: Curriculum, g: nx.DiGraph, filters: Filters) -> nx.DiGraph:
    """The chapters matching *filters* and the links between them (a copy, in curriculum order).

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from datetime import datetime
    >>> def ch(slug, theme, nxt):
    ...     return Chapter(slug, slug, (theme,), "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(nxt, "Context", "why"), (nxt,), "body")
    >>> from topicgraph.graph import build_graph
    >>> cur = Curriculum((), (ch("a", "x", "b"), ch("b", "x", "c"), ch("c", "y", "a")))
    >>> sorted(filtered_graph(cur, build_graph(cur), Filters(themes=("x",))).edges)
    [('a', 'b'), ('b', 'a')]
    """
    keep = [c.slug for c in filter_chapters(curriculum, filters) if c.slug in g]
    sub = nx.DiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep)
    sub.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if u in sub and v in sub)
    return sub


def to_json(curriculum: Curriculum, g: nx.DiGraph, filters: Filters) -> str:
    """``networkx`` node-link JSON (``nodes``, ``links``) of the filtered graph."""
    data = nx.node_link_data(filtered_graph(curriculum, g, filters), edges="links")
    return json.dumps(data, default=list, indent=1, ensure_ascii=False) + "\n"


def to_graphml(curriculum: Curriculum, g: nx.DiGraph, filters: Filters) -> str:
    """GraphML of the filtered graph; tuple attributes (themes, kinds) become comma-separated strings."""
    sub = filtered_graph(curriculum, g, filters)
    flat = nx.DiGraph()
    flat.add_nodes_from(
        (n, {k: ",".join(v) if isinstance(v, tuple) else v for k, v in d.items() if v is not None})
        for n, d in sub.nodes(data=True)
    )
    flat.add_edges_from((u, v, {"kind": d["kind"], "kinds": ",".join(d["kinds"])}) for u, v, d in sub.edges(data=True))
    return "\n".join(nx.generate_graphml(flat)) + "\n"


def catalog(curriculum: Curriculum, g: nx.DiGraph, filters: Filters) -> pd.DataFrame:
    """One row per matching chapter. ``links_in``/``links_out`` count links in the whole curriculum
    (a chapter's place in the graph does not change with the view)."""
    rows = []
    for c in filter_chapters(curriculum, filters):
        words = word_count(c.body)
        rows.append({
            "slug": c.slug, "title": c.title, "themes": ",".join(c.themes), "difficulty": c.difficulty,
            "type": c.type, "updated": c.updated.isoformat(), "words": words,
            "minutes": reading_minutes(words),
            "links_in": g.in_degree(c.slug) if c.slug in g else 0,
            "links_out": g.out_degree(c.slug) if c.slug in g else 0,
        })
    return pd.DataFrame(rows, columns=CATALOG_COLUMNS)


def to_csv(curriculum: Curriculum, g: nx.DiGraph, filters: Filters) -> str:
    buf = io.StringIO()
    catalog(curriculum, g, filters).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _lang(curriculum: Curriculum, lang: str | None) -> str:
    lang = lang or curriculum.lang
    return lang if lang in LANGS else DEFAULT_LANG


def _value_name(param: str, value: str, lang: str) -> str:
    """A difficulty or type as *lang* names it; English keeps the value as written (the CLI's words)."""
    if lang == DEFAULT_LANG:
        return value
    try:
        return t(f"{param}.{value}", lang).lower()
    except KeyError:
        return value


def describe(curriculum: Curriculum, filters: Filters, lang: str | None = None) -> str:
    """A one-line name for the view, used as the HTML page's title, in *lang* (by default the
    language of the curriculum's texts).

    >>> describe(Curriculum((), ()), Filters(difficulties=("hard",)))
    'System Design Space: 0 chapters (difficulty: hard)'
    >>> describe(Curriculum((), ()), Filters(difficulties=("hard",)), "ru")
    'System Design Space: 0 глав (сложность: сложная)'
    """
    lang = _lang(curriculum, lang)
    n = len(matching_set(curriculum, filters))  # kept per filters: the menu reruns with every search keystroke
    names = curriculum.theme_map
    def shown(name: str, v: str) -> str:
        return names[v].name if name == "theme" and v in names else _value_name(name, v, lang)

    parts = [f"{t(f'graph.filter.{name}', lang)}: {', '.join(shown(name, v) for v in values)}"
             for name, values in zip(("theme", "difficulty", "type"),
                                     (filters.themes, filters.difficulties, filters.types), strict=True) if values]
    return t("graph.export_title", lang, n=n) + (f" ({'; '.join(parts)})" if parts else "")


# ---- the standalone HTML page (pyvis) ----

# pyvis's template links Bootstrap from a CDN and the vis bundle carries licence URLs and
# the SVG namespace string. Remote tags are removed; URLs left in licence text become
# "hxxp(s)://" (a common way to defang a link); the SVG namespace, which vis needs at run
# time, is rebuilt by string concatenation so the running value is unchanged.
_REMOTE_TAG = re.compile(
    r"<(link|script)\b[^>]*?(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.IGNORECASE)
_SVG_NS = '"http://www.w3.org/2000/svg"'
_URL_SCHEME = re.compile(r"http(s?)://", re.IGNORECASE)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>")
# vis-network's CSS inlines ~200 KB of PNG icons for the navigation and editing buttons, which the
# page switches off; dropping them shrinks the file by a quarter.
_BUTTON_ICONS = re.compile(r'url\("data:image/png;base64,[A-Za-z0-9+/=]*"\)')
_TEMPLATE_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.DOTALL)
# The page: a slim header (title, hint, legend) and the graph filling the rest of the window.
_PAGE_CSS = """
<style>
  html, body { margin: 0; height: 100%; overflow: hidden; font-family: system-ui, sans-serif; background: BG;
               color: FG; }
  body { display: flex; flex-direction: column; }
  body > .card { flex: 1 1 auto; min-height: 0; border: 0; margin: 0; }
  header { flex: 0 0 auto; padding: 4px 12px; font-size: 14px; line-height: 1.35; border-bottom: 1px solid LINE; }
  header small { color: MUTED; }
  header .legend { display: block; font-size: 12px; }
  header .legend span { margin-right: 10px; white-space: nowrap; }
  header .legend i { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 3px; }
  #mynetwork { width: 100% !important; height: 100% !important; float: none !important;
               border: 0 !important; }
  div.vis-tooltip { white-space: pre-line; font: 13px system-ui, sans-serif; max-width: 360px; }
  @media (max-width: 640px) {  /* a phone: one line of legend (swipe it), no hint */
    header small { display: none; }
    header .legend { white-space: nowrap; overflow-x: auto; }
  }
</style>
"""

# Framing and labels, the app's rules: the view is fitted to the window when the page opens and
# whenever the window changes size; names are drawn by this script, not by vis, at a readable size
# (never below LABEL_MIN_PX): most-linked chapters first, a name whose box would overlap one already
# drawn or leave the canvas is left out (zoom in to see it), the full name is on hover (the node's
# tooltip). Names hidden by the neighbourhood highlight (a click) stay hidden. ``window.exportLabels()``
# returns the drawn label boxes (for tests).
_FRAME_JS = """
<script>
(function () {
  var net = window.network;
  if (!net) return;
  var LABEL_PX = __FONT_PX__, LABEL_MIN_PX = __MIN_PX__, MARGIN = 0.92;
  var nodes = net.body.data.nodes;
  var family = getComputedStyle(document.body).fontFamily || "sans-serif";
  var order = nodes.getIds().sort(function (a, b) {
    var na = nodes.get(a), nb = nodes.get(b);
    return (nb.size || 0) - (na.size || 0) || String(na.label).localeCompare(String(nb.label));
  });
  var widths = {}, drawn = [];
  function fit() {
    net.fit({ animation: false });
    net.moveTo({ scale: net.getScale() * MARGIN, animation: false });
  }
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  net.on("afterDrawing", function (ctx) {
    var canvas = net.canvas.frame.canvas, w = canvas.clientWidth, h = canvas.clientHeight;
    var scale = net.getScale(), px = Math.max(LABEL_MIN_PX, LABEL_PX * scale), ratio = net.canvas.pixelRatio || 1;
    var cell = 64, grid = {}, positions = net.getPositions();
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = px + "px " + family;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = __HALO__;
    ctx.fillStyle = __TEXT__;
    drawn = [];
    for (var i = 0; i < order.length; i++) {
      var id = order[i], n = nodes.get(id);
      if (!n || !n.label || n.hidden || !positions[id]) continue;
      var p = net.canvasToDOM(positions[id]), r = (n.size || 10) * scale;
      var key = px + "|" + n.label;
      var tw = widths[key] || (widths[key] = ctx.measureText(n.label).width);
      var box = { x: p.x - tw / 2 - 2, y: p.y + r + 2, w: tw + 4, h: Math.ceil(px * 1.3) };
      if (box.x < 0 || box.y < 0 || box.x + box.w > w || box.y + box.h > h) continue;
      var x0 = Math.floor(box.x / cell), x1 = Math.floor((box.x + box.w) / cell);
      var y0 = Math.floor(box.y / cell), y1 = Math.floor((box.y + box.h) / cell), hit = false, gx, gy, k, list;
      for (gx = x0; gx <= x1 && !hit; gx++) for (gy = y0; gy <= y1 && !hit; gy++) {
        list = grid[gx + "," + gy] || [];
        for (k = 0; k < list.length; k++) if (overlaps(list[k], box)) { hit = true; break; }
      }
      if (hit) continue;
      for (gx = x0; gx <= x1; gx++) {
        for (gy = y0; gy <= y1; gy++) (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(box);
      }
      box.id = id; box.text = n.label; box.px = px;
      drawn.push(box);
      ctx.strokeText(n.label, box.x + 2, box.y + 1);
      ctx.fillText(n.label, box.x + 2, box.y + 1);
    }
    ctx.restore();
  });
  window.exportLabels = function () { return drawn.slice(); };
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { net.setSize("100%", "100%"); net.redraw(); fit(); }, 80);
  });
  fit();
})();
</script>
"""


def offline_html(page: str) -> str:
    """Remove every remote ``<link>``/``<script>`` and neutralise every other ``http(s)://``.

    >>> offline_html('<link href="https://cdn.x/b.css" rel="stylesheet"/><p>see https://x.org</p>')
    '<p>see hxxps://x.org</p>'
    >>> offline_html('createElementNS("http://www.w3.org/2000/svg",t)')
    'createElementNS("ht"+"tp://www.w3.org/2000/svg",t)'
    """
    page = _REMOTE_TAG.sub("", page)
    page = page.replace(_SVG_NS, '"ht"+"tp://www.w3.org/2000/svg"')
    return _URL_SCHEME.sub(r"hxxp\1://", page)


#: Chapter names in the exported page: their size at zoom 1, and the smallest size they are drawn at.
LABEL_PX, LABEL_MIN_PX = 13, 12


def _vis_options(dark: bool) -> dict[str, Any]:
    return {
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": True},
        # vis draws no names (transparent); the page's script does, by the app's label rules
        "nodes": {"shape": "dot", "font": {"size": LABEL_PX, "color": "rgba(0,0,0,0)", "strokeWidth": 0}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#8a8a8a", "opacity": 0.55}},
    }


def to_html(
    curriculum: Curriculum,
    g: nx.DiGraph,
    positions: dict[str, tuple[float, float]],
    filters: Filters,
    *,
    dark: bool = False,
    lang: str | None = None,
) -> str:
    """A standalone interactive page of the filtered graph, built with pyvis: vis-network inlined,
    stored positions, physics off, nothing fetched from the network. Its words (title, hint, link
    kinds, difficulties) are in *lang*, by default the language of the curriculum's texts.

    Only the fields the drawing needs go into the page (not every graph attribute). Titles go
    in as plain strings, which vis-network shows as text; the node data is embedded with Jinja's
    ``tojson``, which escapes ``<``, ``>``, ``&`` and quotes, so no title can end the script.
    """
    from pyvis.network import Network  # type: ignore[import-untyped]  # only exports need it

    sub = filtered_graph(curriculum, g, filters)
    themes = curriculum.theme_map
    lang = _lang(curriculum, lang)
    title = describe(curriculum, filters, lang)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", neighborhood_highlight=True,
                  bgcolor="#111418" if dark else "#ffffff")  # no font_color: pyvis would put it on every
    # node, over the transparent font of _vis_options, and vis would draw a second name under the page's own
    degrees = dict(g.degree())
    # Nodes are numbered, not named by slug: the page needs no identifiers, and a slug such as
    # "http-evolution" would only add noise to a check for URLs.
    ids = {slug: i for i, slug in enumerate(sub.nodes)}
    for slug in sub.nodes:
        c = curriculum.chapter_map[slug]
        theme = themes.get(c.theme)
        x, y = positions.get(slug, (0.0, 0.0))
        net.add_node(
            ids[slug], label=c.title if len(c.title) <= 34 else c.title[:33].rstrip() + "…",
            title=f"{c.title}\n{theme.name if theme else c.theme} · {_difficulty(c.difficulty, lang)}",
            color=theme.color if theme else "#888888", x=float(x), y=float(y),
            size=round(7 + 3.2 * degrees.get(slug, 0) ** 0.5, 1), shape="dot",
        )
    for u, v, d in sub.edges(data=True):
        kind = d["kind"]
        net.add_edge(ids[u], ids[v], title=t(f"graph.kind.{kind}", lang), dashes=kind == "context",
                     width=2.5 if kind == "prerequisite" else 1)
    net.set_options(json.dumps(_vis_options(dark)))
    page = net.generate_html(notebook=False)
    page = _BUTTON_ICONS.sub("none", _TEMPLATE_COMMENT.sub("", _EMPTY_HEADING.sub("", page)))
    colours = {"BG": "#111418", "FG": "#e6e6e6", "LINE": "#333a44", "MUTED": "#b0b6bf"} if dark else {
        "BG": "#ffffff", "FG": "#222222", "LINE": "#dddddd", "MUTED": "#555555"}
    css = _PAGE_CSS
    for name, value in colours.items():
        css = css.replace(name, value)
    header = f"<title>{html.escape(title)}</title>{css}"
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + header, 1)
    in_view = {curriculum.chapter_map[s].theme for s in sub.nodes}
    legend = "".join(f'<span><i style="background:{html.escape(t.color)}"></i>{html.escape(t.name)}</span>'
                     for t in curriculum.themes if t.slug in in_view)
    page = page.replace("<body>", f"<body>\n<header>{html.escape(title)} <small>· "
                                  f"{html.escape(t('graph.export_hint', lang))}</small>"
                                  f'<span class="legend">{legend}</span></header>', 1)
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    script = _FRAME_JS
    for name, value in {"__FONT_PX__": str(LABEL_PX), "__MIN_PX__": str(LABEL_MIN_PX),
                        "__HALO__": json.dumps(colours["BG"]), "__TEXT__": json.dumps(colours["FG"])}.items():
        script = script.replace(name, value)
    page = page.replace("</body>", script + "</body>", 1)
    return offline_html(page)


def _difficulty(value: str, lang: str) -> str:
    """The difficulty as a reader of *lang* reads it (English keeps the value as written)."""
    if lang == DEFAULT_LANG:
        return value
    try:
        return t(f"difficulty.{value}", lang)
    except KeyError:
        return value


def export(
    fmt: str,
    curriculum: Curriculum,
    g: nx.DiGraph,
    filters: Filters,
    positions: dict[str, tuple[float, float]] | None = None,
) -> str:
    """The view in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(curriculum, g, filters)
    if fmt == "graphml":
        return to_graphml(curriculum, g, filters)
    if fmt == "csv":
        return to_csv(curriculum, g, filters)
    if fmt == "html":
        return to_html(curriculum, g, positions or {}, filters)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
