"""What the graph view sends to the browser, built once per content version (no Streamlit here).

Up to :data:`LOD_MIN` chapters the first message carries the whole drawing: nodes as
``[slug, label, title, theme, difficulty, size, x, y]`` and edges as ``[from, to, kind]`` (indices).

Above it the first message is a *theme overview* (one bubble per theme: centre, radius, chapter
count; link counts between themes; each chapter's theme by index), and every theme's chapters are a
separate *detail* file the browser fetches when the reader zooms into or opens that theme, or a
chapter in it is selected. A detail file holds the theme's chapters as
``[index, slug, label, title, theme, difficulty, size, x, y]``, every link touching them as
``[from, to, kind]`` (indices) and, in ``ext``, the records of the chapters at the other end.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from topicgraph import i18n
from topicgraph.graph import degree_map
from topicgraph.model import EDGE_KINDS, LEVELS, Curriculum

# Above this many chapters the browser gets the overview first. Measured (bench/results.md): the
# full drawing still zooms at >= 40 fps at 1,000 chapters and drops to 7 fps at 5,000.
LOD_MIN = 1500
# Most chapters the browser draws at once in the overview mode (whole themes are opened until it is
# reached); the bench's 1,000-chapter full drawing is the measured fluid size.
LOD_BUDGET = 1000


@dataclass(frozen=True)
class GraphPayload:
    """The static part of the drawing, built once per content version and cached."""

    key: str
    structure: dict[str, Any]  # carries ``ui`` (ui_texts) and ``locale``: the graph's words in its language
    index: dict[str, int]  # slug -> node position, so views can name chapters by number
    detail: dict[int, bytes] = field(default_factory=dict)  # theme index -> JSON (overview mode only)
    # The content it was built from (not sent): what a filter with no match should clear.
    curriculum: Curriculum | None = field(default=None, compare=False, repr=False)

    @property
    def lod(self) -> bool:
        return bool(self.detail)

    @property
    def lang(self) -> str:
        """The interface language the payload was built for (its curriculum's)."""
        return str(self.structure.get("locale", i18n.DEFAULT_LANG))


_UI_PREFIX = "graph."


def ui_texts(lang: str) -> dict[str, Any]:
    """Every ``graph.*`` catalog entry in *lang* (English where it lacks one), keyed without the
    prefix: what the component's JavaScript shows. A plural stays a mapping of CLDR forms, which
    the browser picks with ``Intl.PluralRules``; placeholders (``{n}``) are filled in there.

    >>> ui_texts("ru")["fit"], ui_texts("en")["describe"]["one"][:7]
    ('⤢ Весь граф', '{title}')
    """
    keys = [k for k in i18n.catalog(i18n.DEFAULT_LANG) if k.startswith(_UI_PREFIX)]
    out: dict[str, Any] = {}
    for key in keys:
        entry = i18n.catalog(lang).get(key) if lang in i18n.LANGS else None
        entry = i18n.catalog(i18n.DEFAULT_LANG)[key] if entry is None else entry
        out[key[len(_UI_PREFIX):]] = dict(entry) if isinstance(entry, dict) else i18n.t(key, lang)
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def build_payload(curriculum: Curriculum, g: nx.DiGraph, positions: dict[str, tuple[float, float]],
                  lod_min: int = LOD_MIN, lang: str | None = None) -> GraphPayload:
    """The drawing of *curriculum*: whole when it has at most *lod_min* chapters, else an overview
    plus one detail file per theme. Its words (toolbar, legend, announcements, difficulty names)
    are in *lang*, by default the curriculum's language.

    >>> from topicgraph.loader import read_curriculum
    >>> from topicgraph.graph import build_graph
    >>> cur = read_curriculum("tests/fixtures/content"); g = build_graph(cur)
    >>> pos = {c.slug: (0.0, 0.0) for c in cur.chapters}
    >>> build_payload(cur, g, pos).lod, build_payload(cur, g, pos, lod_min=1).lod
    (False, True)
    """
    theme_index = {t.slug: i for i, t in enumerate(curriculum.themes)}
    index = {c.slug: i for i, c in enumerate(curriculum.chapters)}
    degrees = degree_map(g)
    records = []
    for c in curriculum.chapters:
        x, y = positions.get(c.slug, (0.0, 0.0))
        size = round(7 + 3.2 * degrees[c.slug] ** 0.5, 1)
        records.append([c.slug, _short(c.title), c.title, theme_index[c.theme], LEVELS.index(c.difficulty),
                        size, x, y])
    edges = [[index[u], index[v], EDGE_KINDS.index(d["kind"])] for u, v, d in g.edges(data=True)]
    lang = lang or curriculum.lang
    lang = lang if lang in i18n.LANGS else i18n.DEFAULT_LANG
    common: dict[str, Any] = {
        "themes": [{"slug": t.slug, "name": t.name, "color": t.color} for t in curriculum.themes],
        "difficulties": [_level_name(d, lang) for d in LEVELS],
        "edgeKinds": list(EDGE_KINDS),
        "locale": lang,
        "ui": ui_texts(lang),
    }
    if len(records) <= lod_min:
        structure = {"nodes": records, "edges": edges, **common}
        key = hashlib.sha1(_dumps(structure).encode()).hexdigest()[:12]
        structure["key"] = key
        return GraphPayload(key, structure, index, curriculum=curriculum)
    structure, detail = _overview(records, edges, common)
    digest = hashlib.sha1(_dumps(structure).encode())
    for t in sorted(detail):
        digest.update(detail[t])
    key = digest.hexdigest()[:12]
    structure["key"] = key
    return GraphPayload(key, structure, index, detail, curriculum)


def _overview(records: list[list[Any]], edges: list[list[int]], common: dict[str, Any]
              ) -> tuple[dict[str, Any], dict[int, bytes]]:
    themes = common["themes"]
    theme_of = [r[3] for r in records]
    members: dict[int, list[int]] = {i: [] for i in range(len(themes))}
    for i, t in enumerate(theme_of):
        members[t].append(i)
    bubbles = []
    for t in range(len(themes)):
        pts = [(records[i][6], records[i][7]) for i in members[t]]
        if not pts:
            bubbles.append({"n": 0, "x": 0.0, "y": 0.0, "r": 0.0})
            continue
        cx, cy = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        # The radius that holds 90% of the theme: a few far-flung chapters should not blow up the bubble.
        dists = sorted(math.hypot(x - cx, y - cy) for x, y in pts)
        r = max(dists[int(0.9 * (len(dists) - 1))], 30.0)
        bubbles.append({"n": len(pts), "x": round(cx, 1), "y": round(cy, 1), "r": round(r, 1)})
    between: Counter[tuple[int, int]] = Counter()
    touching: dict[int, list[list[int]]] = {t: [] for t in range(len(themes))}
    for e in edges:
        a, b = theme_of[e[0]], theme_of[e[1]]
        touching[a].append(e)
        if a != b:
            touching[b].append(e)
            between[(min(a, b), max(a, b))] += 1
    detail: dict[int, bytes] = {}
    for t, own in members.items():
        if not own:
            continue
        mine = set(own)
        ext = sorted({i for e in touching[t] for i in e[:2]} - mine)
        detail[t] = _dumps({
            "theme": t,
            "nodes": [[i, *records[i]] for i in own],
            "ext": [[i, *records[i]] for i in ext],
            "edges": touching[t],
        }).encode()
    structure = {
        **common,
        "lod": {"budget": LOD_BUDGET, "chapters": len(records), "links": len(edges)},
        "themes": [{**th, **b} for th, b in zip(themes, bubbles, strict=True)],
        "themeOf": theme_of,
        "themeEdges": [[a, b, n] for (a, b), n in sorted(between.items())],
    }
    return structure, detail


def _level_name(level: str, lang: str) -> str:
    try:
        return i18n.t(f"difficulty.{level}", lang)
    except KeyError:  # "unrated" (imported notes) may have no catalog entry
        return level.capitalize()


def _short(title: str, limit: int = 34) -> str:
    """Node labels stay short; the tooltip and the panel carry the full title.

    >>> _short("Consensus protocols (short summary)")
    'Consensus protocols'
    """
    title = title.replace(" (short summary)", "")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
