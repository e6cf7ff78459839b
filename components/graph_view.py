"""The bidirectional graph view: vis-network inside an ``st.components.v2`` component.

This is the only module that talks to Streamlit's component API. The component's
inline JS is a few hundred bytes that import the real module from ``static/`` once
per page; the graph's structure is sent once per session (the browser keeps it), and
every other render sends only the view. Clicks come back as trigger values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import networkx as nx
import streamlit as st

from components.assets import ensure_assets
from topicgraph.graph import degree_map
from topicgraph.model import DIFFICULTIES, EDGE_KINDS, Curriculum

_FILES = ensure_assets()
_BASE = st.get_option("server.baseUrlPath").strip("/")
_STATIC = ("/" + _BASE if _BASE else "") + "/app/static/vendor/"

# The loader: import the module once per page, forward every render to it, and load its CSS
# into this component's shadow root.
_LOADER = """
const MODULE = __MODULE__, CSS = __CSS__;
export default function (component) {
  const root = component.parentElement;
  if (!root.querySelector("link[data-topic-graph]")) {
    const link = document.createElement("link");
    link.rel = "stylesheet"; link.href = CSS; link.setAttribute("data-topic-graph", "");
    root.appendChild(link);
  }
  // A blob: module cannot resolve a bare path, so make the URL absolute.
  window.__topicGraphModule = window.__topicGraphModule || import(new URL(MODULE, document.baseURI).href);
  let cleanup = null, gone = false;
  window.__topicGraphModule.then((m) => { if (!gone) cleanup = m.default(component); });
  return () => { gone = true; if (cleanup) cleanup(); };
}
""".replace("__MODULE__", json.dumps(_STATIC + _FILES["js"])).replace("__CSS__", json.dumps(_STATIC + _FILES["css"]))

_component = st.components.v2.component("topic_graph", js=_LOADER)


@dataclass(frozen=True)
class GraphPayload:
    """The static part of the drawing, built once per content version and cached."""

    key: str
    structure: dict[str, Any]
    index: dict[str, int]  # slug -> node position, so views can name chapters by number


def build_payload(curriculum: Curriculum, g: nx.DiGraph, positions: dict[str, tuple[float, float]]) -> GraphPayload:
    """Nodes as ``[slug, label, title, theme, difficulty, size, x, y]``, edges as ``[from, to, kind]``
    (indices), so the one message that carries the structure stays small."""
    theme_index = {t.slug: i for i, t in enumerate(curriculum.themes)}
    index = {c.slug: i for i, c in enumerate(curriculum.chapters)}
    degrees = degree_map(g)
    nodes = []
    for c in curriculum.chapters:
        x, y = positions.get(c.slug, (0.0, 0.0))
        size = round(7 + 3.2 * degrees[c.slug] ** 0.5, 1)
        nodes.append([c.slug, _short(c.title), c.title, theme_index[c.theme], DIFFICULTIES.index(c.difficulty),
                      size, x, y])
    edges = [[index[u], index[v], EDGE_KINDS.index(d["kind"])] for u, v, d in g.edges(data=True)]
    structure: dict[str, Any] = {
        "nodes": nodes,
        "edges": edges,
        "themes": [{"slug": t.slug, "name": t.name, "color": t.color} for t in curriculum.themes],
        "difficulties": [d.capitalize() for d in DIFFICULTIES],
        "edgeKinds": list(EDGE_KINDS),
    }
    key = hashlib.sha1(json.dumps(structure, separators=(",", ":")).encode()).hexdigest()[:12]
    structure["key"] = key
    return GraphPayload(key, structure, index)


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
    themes: tuple[str, ...],
    on_select: Callable[[str | None], None],
    on_theme: Callable[[str], None],
    height: int = 680,
    key: str = "topic-graph",
    route: list[str] | None = None,
    local: set[str] | None = None,
    status: dict[str, str] | None = None,
    present: bool = False,
) -> None:
    """Draw the graph. A click on a node calls ``on_select(slug)`` and a click on a legend
    entry ``on_theme(slug)``, both before the rerun, so that rerun already shows the result.

    ``route``: an ordered reading route to draw numbered and highlighted (the rest faded);
    ``local``: draw only these chapters (the local graph around the selection), framed;
    ``status``: reading status per chapter (``done``, ``reading``, ``skipped``) drawn as rings;
    ``present``: presenter mode (large labels, graph fills the screen)."""
    sent = f"_{key}_sent"

    def triggered() -> None:
        value = st.session_state[key]
        if isinstance(value.get("need"), str):  # the page lost the structure (remount): send it again
            st.session_state.pop(sent, None)
        if isinstance(value.get("clicked"), str):
            on_select(value["clicked"])
        if isinstance(value.get("theme"), str):
            on_theme(value["theme"])
        if isinstance(value.get("close"), str):  # Esc
            on_select(None)
        # Imported here: state imports this module for the payload.
        from components import state

        if isinstance(value.get("nav"), str):  # a chapter link clicked in the page: its URL is the new view
            query = {k: v[-1] for k, v in parse_qs(value["nav"].lstrip("?")).items()}
            state.restore_from_url(query, state.explorer().curriculum)
        if isinstance(value.get("present"), bool):
            state.set_presenting(value["present"])

    data: dict[str, Any] = {
        "graphKey": payload.key,
        "selected": selected,
        "matching": sorted(payload.index[s] for s in matching if s in payload.index) if matching is not None else None,
        "mode": mode,
        "themes": list(themes),
        "dark": st.context.theme.type == "dark",
        "height": height,
        "visUrl": _STATIC + _FILES["vis"],
        "route": [payload.index[s] for s in route if s in payload.index] if route else None,
        "local": sorted(payload.index[s] for s in local if s in payload.index) if local is not None else None,
        "status": {str(payload.index[s]): v for s, v in status.items() if s in payload.index} if status else None,
        "present": present,
    }
    if st.session_state.get(sent) != payload.key:
        data["graph"] = payload.structure
        st.session_state[sent] = payload.key
    _component(key=key, data=data, on_clicked_change=triggered, on_theme_change=triggered,
               on_need_change=triggered, on_nav_change=triggered, on_close_change=triggered,
               on_present_change=triggered)
