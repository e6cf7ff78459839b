"""The bidirectional graph view: vis-network inside an ``st.components.v2`` component.

This is the only module that talks to Streamlit's component API. The component's
inline JS is a few hundred bytes that import the real module from ``static/`` once
per page; the graph's structure is sent once per session (the browser keeps it), and
every other render sends only the view. Clicks come back as trigger values.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import parse_qs

import streamlit as st

from components.assets import ensure_assets, publish_detail
from components.graph.payload import GraphPayload, build_payload
from topicgraph.i18n import t
from topicgraph.query import Filters, matching_set

__all__ = ["GraphPayload", "build_payload", "graph_view"]

_FILES = ensure_assets()
_BASE = st.get_option("server.baseUrlPath").strip("/")
_STATIC = ("/" + _BASE if _BASE else "") + "/app/static/vendor/"

# The loader: import the module once per page, forward every render to it, and load its CSS
# into this component's shadow root. On first use it also starts fetching the sibling modules and
# vis-network, in parallel with the entry module (else each waits for the one before it).
_LOADER = """
const MODULE = __MODULE__, CSS = __CSS__, SIBLINGS = __SIBLINGS__, VIS = __VIS__;
export default function (component) {
  const root = component.parentElement;
  if (!window.__topicGraphModule) {
    for (const href of SIBLINGS) {
      const l = document.createElement("link");
      l.rel = "modulepreload"; l.href = new URL(href, document.baseURI).href;
      document.head.appendChild(l);
    }
    if (!window.__topicGraphVis && !(window.vis && window.vis.Network)) {
      window.__topicGraphVis = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = VIS; s.async = true;
        s.onload = () => resolve(window.vis);
        s.onerror = () => { window.__topicGraphVis = null; reject(new Error(VIS)); };
        document.head.appendChild(s);
      });
      window.__topicGraphVis.catch(() => {});  // reported by the module, which retries
    }
  }
  if (!root.querySelector("link[data-topic-graph]")) {
    const link = document.createElement("link");
    link.rel = "stylesheet"; link.href = CSS; link.setAttribute("data-topic-graph", "");
    root.appendChild(link);
  }
  // A blob: module cannot resolve a bare path, so make the URL absolute.
  window.__topicGraphModule = window.__topicGraphModule || import(new URL(MODULE, document.baseURI).href);
  let cleanup = null, gone = false;
  window.__topicGraphModule.then((m) => { if (!gone) cleanup = m.default(component); },
    // No graph module, no graph: the page must still send the rest of itself.
    () => { if (component.data && component.data.waiting) component.setTriggerValue("drawn", "failed"); });
  return () => { gone = true; if (cleanup) cleanup(); };
}
""".replace("__MODULE__", json.dumps(_STATIC + _FILES["js"])).replace("__CSS__", json.dumps(_STATIC + _FILES["css"])) \
 .replace("__SIBLINGS__", json.dumps([_STATIC + n for n in _FILES["siblings"].split()])) \
 .replace("__VIS__", json.dumps(_STATIC + _FILES["vis"]))

_component = st.components.v2.component("topic_graph", js=_LOADER)


def graph_view(
    payload: GraphPayload,
    *,
    selected: str | None,
    matching: set[str] | None,
    mode: str,
    themes: tuple[str, ...],
    on_select: Callable[[str | None], None],
    on_theme: Callable[[str], None],
    on_nav: Callable[[dict[str, str]], None],
    on_present: Callable[[bool], None],
    height: int = 680,
    key: str = "topic-graph",
    route: list[str] | None = None,
    local: set[str] | None = None,
    status: dict[str, str] | None = None,
    present: bool = False,
    marked: Collection[str] | None = None,
    filters: Filters | None = None,
    on_drawn: Callable[[], None] | None = None,
) -> None:
    """Draw the graph. A click on a node calls ``on_select(slug)``, a click on a legend entry
    ``on_theme(slug)``, a chapter link clicked in the page ``on_nav(query)`` (its URL's parameters:
    the new view) and the Present button ``on_present(on)``, all before the rerun, so that rerun
    already shows the result.

    ``route``: an ordered reading route to draw numbered and highlighted (the rest faded);
    ``local``: draw only these chapters (the local graph around the selection), framed;
    ``status``: reading status per chapter (``done``, ``reading``, ``skipped``) drawn as rings;
    ``present``: presenter mode (large labels, graph fills the screen);
    ``marked``: chapters to mark (search hits): ringed, never faded, their names placed first; the
    camera does not move for them;
    ``filters``: the filters behind ``matching``: when nothing matches, the canvas names the one to clear;
    ``on_drawn``: called once the browser has drawn the graph (or failed to), when the page waits for
    that before sending the rest of itself."""
    sent, sent_matching = f"_{key}_sent", f"_{key}_sent_matching"

    def triggered() -> None:
        value = st.session_state[key]
        if isinstance(value.get("need"), str):  # the page lost the structure (remount): send it again
            st.session_state.pop(sent, None)
            st.session_state.pop(sent_matching, None)
        if isinstance(value.get("clicked"), str):
            on_select(value["clicked"])
        if isinstance(value.get("theme"), str):
            on_theme(value["theme"])
        if isinstance(value.get("close"), str):  # Esc
            on_select(None)
        if isinstance(value.get("nav"), str):  # a chapter link clicked in the page: its URL is the new view
            on_nav({k: v[-1] for k, v in parse_qs(value["nav"].lstrip("?")).items()})
        if isinstance(value.get("present"), bool):
            on_present(value["present"])
        if value.get("drawn") is not None and on_drawn is not None:
            on_drawn()

    matching_list, matching_key = _indices(payload, matching)
    data: dict[str, Any] = {
        "graphKey": payload.key,
        "selected": selected,
        "selectedIndex": payload.index.get(selected) if selected else None,
        "matchingKey": matching_key,
        "mode": mode,
        "themes": list(themes),
        "dark": st.context.theme.type == "dark",
        "height": height,
        "visUrl": _STATIC + _FILES["vis"],
        "route": [payload.index[s] for s in route if s in payload.index] if route else None,
        "local": sorted(payload.index[s] for s in local if s in payload.index) if local is not None else None,
        "status": {str(payload.index[s]): v for s, v in status.items() if s in payload.index} if status else None,
        "present": present,
        "marked": sorted(payload.index[s] for s in marked if s in payload.index) if marked else None,
        "waiting": on_drawn is not None,  # the page sends the rest of itself once the graph is drawn
    }
    if matching is not None and not matching and filters is not None:
        data["empty"] = _filter_to_clear(payload, filters)
    if payload.lod:
        data["detailUrl"] = _STATIC + _publish(payload)
    if st.session_state.get(sent) != payload.key:
        data["graph"] = payload.structure
        st.session_state[sent] = payload.key
        st.session_state.pop(sent_matching, None)
    # The matching chapters (thousands of indices on a big curriculum) travel only when they change;
    # the browser keeps the last lists by key.
    if matching_key is not None and st.session_state.get(sent_matching) != matching_key:
        data["matching"] = matching_list
        st.session_state[sent_matching] = matching_key
    _component(key=key, data=data, on_clicked_change=triggered, on_theme_change=triggered,
               on_need_change=triggered, on_nav_change=triggered, on_close_change=triggered,
               on_present_change=triggered, on_drawn_change=triggered)


_published: dict[str, str] = {}


def _publish(payload: GraphPayload) -> str:
    """The detail files of *payload*, written under ``static/`` once per content version."""
    if payload.key not in _published:
        _published[payload.key] = publish_detail(payload.key, payload.detail)
    return _published[payload.key]


_last_indices: dict[str, Any] = {}


def _indices(payload: GraphPayload, matching: set[str] | None) -> tuple[list[int] | None, str | None]:
    """The matching set as sorted node indices and a key naming that list. The last answer is reused
    while the set is the same object (the filters' matching set is cached per content and filters)."""
    if matching is None:
        return None, None
    cached = _last_indices.get(payload.key)
    if cached is not None and cached[0] is matching:
        return cached[1], cached[2]
    out = sorted(payload.index[s] for s in matching if s in payload.index)
    key = hashlib.sha1(json.dumps(out).encode()).hexdigest()[:12]
    _last_indices.clear()
    _last_indices[payload.key] = (matching, out, key)
    return out, key


_FIELDS = (("types", "type"), ("difficulties", "difficulty"), ("themes", "theme"))


def _filter_to_clear(payload: GraphPayload, filters: Filters) -> dict[str, Any]:
    """The one filter (URL parameter, a label naming it and the clear button's text, in the
    payload's language) whose removal brings chapters back; all of them when no single one does.
    Types and difficulties go before themes (the reader's main choice)."""
    cur, lang = payload.curriculum, payload.lang
    names = {th["slug"]: th["name"] for th in payload.structure["themes"]}
    for attr, param in _FIELDS:
        values = getattr(filters, attr)
        if not values or cur is None:
            continue
        if matching_set(cur, dataclasses.replace(filters, **{attr: ()})):
            shown = ", ".join(names.get(v, v) if attr == "themes" else _value_label(param, v, lang) for v in values)
            label = f"{t(f'graph.filter.{param}', lang)} ({shown[:60]})"
            return {"params": [param], "label": label, "text": t("graph.clear_one", lang, label=label)}
    text = t("graph.clear_all", lang)
    return {"params": [p for _, p in _FIELDS], "label": text, "text": text}


def _value_label(param: str, value: str, lang: str) -> str:
    """A difficulty or type as the reader's language names it, in lower case inside the label (a
    value outside the catalog as typed)."""
    try:
        return t(f"{param}.{value}", lang).lower()
    except KeyError:
        return value.replace("-", " ")
