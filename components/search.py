"""The search box: full-text search over every chapter (title, summary, text), hits with their snippet.

A Streamlit ``text_input`` (``type="search"``, ``live``) inside a fragment, so typing reruns only
the box and its hits and nothing but the typed text and at most :data:`HITS` hits travel per
keystroke (no list of every title). The hits float over the page under the box (search.css) and
are marked on the graph (:func:`marked`, passed to the graph view, which marks them without moving
the view): once the hits stay a moment, the box sends them to :func:`mark_listener` beside the graph,
which reruns the graph's fragment only.
A typo is corrected ("Did you mean …"). Choosing a hit selects the chapter (the graph centres it)
and empties the box; Enter opens the top hit; Esc hides the list. Snippets are Markdown-escaped
text with the matched words in bold: never HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import state
from components.i18n_ui import difficulty_label, found_in, t
from components.state import Explorer
from topicgraph.search import Hit

HITS = 6
BOX, HITS_BOX = "search-box", "search-hits"  # container keys (CSS classes st-key-…) the keyboard helper uses
_GEN, _OPENED, _KEYS = "_search_gen", "_search_opened", "search-keys"
_MARKED, _MARKS = "_search_marked", "search-marks"  # the hits the graph marks; the listener's key
#: Milliseconds the hits must stay the same before the graph marks them: marking reruns the graph's
#: fragment, so it waits until typing pauses instead of rerunning it on every keystroke.
MARK_DELAY_MS = 600
_EVENT = "topicgraph-search-marks"  # a window event from the box to the listener beside the graph
_CSS = Path(__file__).with_name("search.css").read_text(encoding="utf-8")
assert "<" not in _CSS  # Streamlit's sanitiser drops a <style> whose text looks like markup

# Enter in the box opens the top hit; ArrowDown/ArrowUp walk from the box through the hits.
# The text travels with the Enter trigger, so it does not matter whether the box's own
# commit of the same text arrives before or after it.
_KEYS_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const hits = () => [...document.querySelectorAll(`.${data.hits} button`)];
  const input = () => document.querySelector(`.${data.box} input`);
  const onKey = (e) => {
    const t = e.target;
    if (!(t instanceof Element) || !t.closest(`.${data.box}`) || e.isComposing) return;
    if (t.tagName === "INPUT") {
      if (e.key === "Enter" && t.value.trim()) setTriggerValue("enter", t.value);
      else if (e.key === "ArrowDown" && hits().length) { e.preventDefault(); hits()[0].focus(); }
      else if (e.key === "Escape") { e.preventDefault(); t.blur(); }  // hides the list (search.css)
    } else if (e.key === "Escape") {
      if (t.closest(`.${data.hits}`)) { e.preventDefault(); t.blur(); }  // not Esc = close the chapter
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const all = hits();
      if (!all.includes(t)) return;
      const i = all.indexOf(t) + (e.key === "ArrowDown" ? 1 : -1);
      e.preventDefault();
      if (i < 0) { const box = input(); if (box) box.focus(); } else if (all[i]) all[i].focus();
    }
  };
  document.addEventListener("keydown", onKey, true);
  // Hits on screen that the graph does not mark yet: send them to the graph's fragment (the listener
  // there reruns it) once they have stayed a moment.
  const has = window.__topicGraphSearchMarks ?? data.marked;
  const timer = data.pending === has ? null : setTimeout(() => {
    window.__topicGraphSearchMarks = data.pending;
    window.dispatchEvent(new CustomEvent(data.event, { detail: data.pending }));
  }, data.delay);
  return () => { document.removeEventListener("keydown", onKey, true); if (timer) clearTimeout(timer); };
}
"""
_keys = st.components.v2.component("search_keys", js=_KEYS_JS)

# Beside the graph, in its fragment: a hit list from the box becomes a trigger, which reruns that
# fragment only (not the page), so the graph gets the hits to mark.
_MARKS_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  window.__topicGraphSearchMarks = data.marked;  // what the graph marks now
  const on = (e) => { if (typeof e.detail === "string") setTriggerValue("mark", e.detail); };
  window.addEventListener(data.event, on);
  return () => window.removeEventListener(data.event, on);
}
"""
_marks = st.components.v2.component("search_marks", js=_MARKS_JS)


def md_escape(text: str) -> str:
    """Text shown literally by ``st.markdown``: every ASCII punctuation character is backslash-escaped
    (CommonMark allows that for all of them), which also disarms ``:emoji:``, ``:red[…]`` and ``$``.

    >>> md_escape("**a** [b](c) :red[d] $e$")
    '\\\\*\\\\*a\\\\*\\\\* \\\\[b\\\\]\\\\(c\\\\) \\\\:red\\\\[d\\\\] \\\\$e\\\\$'
    """
    return "".join("\\" + ch if ch.isascii() and not ch.isalnum() and not ch.isspace() else ch for ch in text)


def snippet_markdown(hit: Hit) -> str:
    """The snippet as Markdown: escaped text, matched words in bold."""
    return "".join(f"**{md_escape(text)}**" if matched else md_escape(text) for text, matched in hit.parts)


def marked() -> list[str]:
    """Slugs of the search hits on screen (best first), for the graph to mark; empty without a search."""
    return list(st.session_state.get(_MARKED, ()))


def mark_listener(ex: Explorer) -> None:
    """Render inside the graph's fragment (no visible part): the search box's hits reach the graph
    through it, rerunning that fragment only. Read them with :func:`marked`."""
    _marks(key=_MARKS, data={"event": _EVENT, "marked": json.dumps(marked())}, on_mark_change=lambda: _mark(ex))


def _mark(ex: Explorer) -> None:
    """The hits on screen stayed a moment (the box sent them): the graph marks them in this run."""
    value = st.session_state.get(_MARKS)
    text = value.get("mark") if value is not None else None
    try:
        slugs = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return
    chapters = ex.curriculum.chapter_map
    valid = isinstance(slugs, list) and len(slugs) <= HITS and all(isinstance(s, str) and s in chapters for s in slugs)
    if valid:
        st.session_state[_MARKED] = tuple(slugs)


def _open(slug: str, on_select: Callable[[str], None]) -> None:
    on_select(slug)
    st.session_state[_MARKED] = ()
    # A new key gives an empty box; the old one's late commits are dropped with it.
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1
    st.session_state[_OPENED] = True


def _enter(ex: Explorer, on_select: Callable[[str], None]) -> None:
    value = st.session_state.get(_KEYS)
    text = value.get("enter") if value is not None else None
    if isinstance(text, str):
        hits = ex.search.search(text, limit=1)
        if hits:
            _open(hits[0].slug, on_select)


@st.fragment
def _box(ex: Explorer, on_select: Callable[[str], None], aside: Callable[[], None] | None) -> None:
    if st.session_state.pop(_OPENED, False):  # a hit was opened: the graph and reader must follow
        st.rerun(scope="app")
    cur = ex.curriculum
    with st.container(key=BOX):
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            query = st.text_input(
                t("search.label"), key=f"search-q-{st.session_state.get(_GEN, 0)}", type="search", live="250ms",
                placeholder=t("search.placeholder"),
                label_visibility="collapsed", width="stretch",
            ) or ""
            if aside is not None:
                aside()
        found = ex.search.find(query, limit=HITS) if query.strip() else None
        _keys(key=_KEYS, data={"box": f"st-key-{BOX}", "hits": f"st-key-{HITS_BOX}", "delay": MARK_DELAY_MS,
                               "pending": json.dumps([h.slug for h in found.hits] if found else []),
                               "marked": json.dumps(marked()), "event": _EVENT},
              on_enter_change=lambda: _enter(ex, on_select))
        # The hits' place: a run with an empty box replaces old hits at once, together with the box,
        # instead of leaving them on screen until the whole page has rerun.
        slot = st.empty()
        if found is None:
            return
        hits = found.hits
        with slot.container(key=HITS_BOX, gap="xsmall"):
            if found.corrected:
                st.caption(t("search.corrected", query=md_escape(query.strip()), word=md_escape(found.corrected)))
            elif not hits:
                st.caption(t("search.none", query=md_escape(query.strip())))
            found_in(hits)  # hits from the other language's text say so
            themes, shown = cur.theme_map, state.matching(cur)
            for i, hit in enumerate(hits):
                chapter = cur.chapter_map[hit.slug]
                theme = themes[chapter.theme].name if chapter.theme in themes else chapter.theme
                if shown is not None and hit.slug not in shown:
                    theme = t("search.outside", theme=theme)
                with st.container(gap=None):
                    st.button(md_escape(hit.title), key=f"search-hit-{i}", type="tertiary", on_click=_open,
                              args=(hit.slug, on_select), icon=":material/article:")
                    st.caption(f"{md_escape(theme)} · {difficulty_label(chapter.difficulty)} — {snippet_markdown(hit)}")


#: The most hits the catalog lists for one search (the table shows them all; snippets cost per row).
CATALOG_HITS = 500


def catalog_search(ex: Explorer) -> list[Hit] | None:
    """The catalog's search box: the same full-text, typo-tolerant search as the graph page's.
    Returns the hits, best first (None with an empty box), after a "Did you mean" line if a typo
    was corrected."""
    text = st.text_input(t("search.label"), key="catalog-q", icon=":material/search:",
                         placeholder=t("search.catalog_placeholder")) or ""
    if not text.strip():
        return None
    found = ex.search.find(text, limit=CATALOG_HITS)
    if found.corrected:
        st.caption(t("search.corrected", query=md_escape(text.strip()), word=md_escape(found.corrected)))
    return found.hits


def search_box(ex: Explorer, *, on_select: Callable[[str], None], aside: Callable[[], None] | None = None) -> None:
    """The search box; ``aside()`` renders on the same row, to its right (e.g. the export menu).
    Both rerun with each search (cheap: nothing is built until a download is clicked)."""
    st.html(f"<style>{_CSS}</style>")  # the hits' dropdown (style-only HTML takes no room)
    _box(ex, on_select, aside)
