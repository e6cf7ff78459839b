"""The bidirectional graph view: vis-network inside an ``st.components.v2`` component.

This is the only module that talks to Streamlit's component API. Python sends a
compact description of the graph and the view (selection, matching chapters,
fade/hide) and gets back the slug of a clicked node as a trigger value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st

from topicgraph.model import DIFFICULTIES, EDGE_KINDS, Curriculum

HERE = Path(__file__).resolve().parent
_component = st.components.v2.component(
    "topic_graph",
    js=(HERE / "graph_view.js").read_text(encoding="utf-8"),
    css=(HERE / "graph_view.css").read_text(encoding="utf-8"),
)


@dataclass(frozen=True)
class GraphPayload:
    """The static part of the drawing, built once per content version and cached."""

    key: str
    nodes: list[list[object]]
    edges: list[list[object]]
    themes: list[dict[str, str]]


def build_payload(curriculum: Curriculum, g: nx.DiGraph, positions: dict[str, tuple[float, float]]) -> GraphPayload:
    """Nodes as ``[slug, label, theme index, size, x, y, tooltip]``, edges as ``[from, to, kind index]``.

    Arrays instead of objects keep the bytes sent on every rerun small.
    """
    theme_index = {t.slug: i for i, t in enumerate(curriculum.themes)}
    names = {t.slug: t.name for t in curriculum.themes}
    nodes: list[list[object]] = []
    for c in curriculum.chapters:
        degree = g.degree(c.slug)
        x, y = positions.get(c.slug, (0.0, 0.0))
        tip = f"{c.title}\n{c.difficulty.capitalize()} · {' / '.join(names[t] for t in c.themes)}"
        nodes.append([c.slug, _short(c.title), theme_index[c.theme], round(7 + 3.2 * degree**0.5, 1), x, y, tip])
    edges = [[u, v, EDGE_KINDS.index(d["kind"])] for u, v, d in g.edges(data=True)]
    themes = [{"slug": t.slug, "name": t.name, "color": t.color} for t in curriculum.themes]
    key = hashlib.sha1(json.dumps([nodes, edges, themes]).encode()).hexdigest()[:12]
    return GraphPayload(key, nodes, edges, themes)


def _short(title: str, limit: int = 34) -> str:
    """Node labels stay short; the tooltip and the panel carry the full title."""
    title = title.replace(" (short summary)", "")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def graph_view(
    payload: GraphPayload,
    *,
    selected: str | None,
    matching: set[str] | None,
    mode: str,
    on_select: Callable[[str], None],
    height: int = 640,
    key: str = "topic-graph",
) -> None:
    """Draw the graph; a click on a node calls ``on_select(slug)`` before the rerun.

    Handling the click in the callback (not after the call returns) means the
    rerun already draws the new selection: one round trip per click.
    """
    base = st.get_option("server.baseUrlPath").strip("/")
    data = {
        "graphKey": payload.key,
        "nodes": payload.nodes,
        "edges": payload.edges,
        "themes": payload.themes,
        "edgeKinds": list(EDGE_KINDS),
        "difficulties": list(DIFFICULTIES),
        "selected": selected,
        "matching": sorted(matching) if matching is not None else None,
        "mode": mode,
        "dark": st.context.theme.type == "dark",
        "height": height,
        "visUrl": ("/" + base if base else "") + "/app/static/vendor/vis-network.min.js",
    }

    def clicked() -> None:
        slug = st.session_state[key].get("clicked")
        if isinstance(slug, str):
            on_select(slug)

    _component(key=key, data=data, on_clicked_change=clicked)
