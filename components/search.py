"""The search box: full-text search over every chapter (title, summary, text), hits with their snippet.

A Streamlit ``text_input`` (``type="search"``, ``live``) inside a fragment, so typing reruns only
the box and its hits and nothing but the typed text and at most :data:`HITS` hits travel per
keystroke (no list of every title). Choosing a hit selects the chapter (the graph centres it)
and empties the box; Enter opens the top hit. Snippets are Markdown-escaped text with the
matched words in bold: never HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import state
from components.i18n_ui import found_in
from components.state import Explorer
from topicgraph.search import Hit

HITS = 6
BOX, HITS_BOX = "search-box", "search-hits"  # container keys (CSS classes st-key-…) the keyboard helper uses
_GEN, _OPENED, _KEYS = "_search_gen", "_search_opened", "search-keys"

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
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const all = hits();
      if (!all.includes(t)) return;
      const i = all.indexOf(t) + (e.key === "ArrowDown" ? 1 : -1);
      e.preventDefault();
      if (i < 0) { const box = input(); if (box) box.focus(); } else if (all[i]) all[i].focus();
    }
  };
  document.addEventListener("keydown", onKey, true);
  return () => document.removeEventListener("keydown", onKey, true);
}
"""
_keys = st.components.v2.component("search_keys", js=_KEYS_JS)


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


def _open(slug: str, on_select: Callable[[str], None]) -> None:
    on_select(slug)
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
                "Search chapters", key=f"search-q-{st.session_state.get(_GEN, 0)}", type="search", live="250ms",
                placeholder="Search chapters…",
                label_visibility="collapsed", width="stretch",
            ) or ""
            if aside is not None:
                aside()
        _keys(key=_KEYS, data={"box": f"st-key-{BOX}", "hits": f"st-key-{HITS_BOX}"},
              on_enter_change=lambda: _enter(ex, on_select))
        # The hits' place: a run with an empty box replaces old hits at once, together with the box,
        # instead of leaving them on screen until the whole page has rerun.
        slot = st.empty()
        if not query.strip():
            return
        hits = ex.search.search(query, limit=HITS)
        with slot.container(key=HITS_BOX, gap="xsmall"):
            if not hits:
                st.caption(f"No chapter mentions “{md_escape(query.strip())}”.")
            found_in(hits)  # hits from the other language's text say so
            themes, shown = cur.theme_map, state.matching(cur)
            for i, hit in enumerate(hits):
                chapter = cur.chapter_map[hit.slug]
                theme = themes[chapter.theme].name if chapter.theme in themes else chapter.theme
                if shown is not None and hit.slug not in shown:
                    theme = f"Outside the filters · {theme}"
                with st.container(gap=None):
                    st.button(md_escape(hit.title), key=f"search-hit-{i}", type="tertiary", on_click=_open,
                              args=(hit.slug, on_select), icon=":material/article:")
                    st.caption(f"{md_escape(theme)} · {chapter.difficulty.capitalize()} — {snippet_markdown(hit)}")


def search_box(ex: Explorer, *, on_select: Callable[[str], None], aside: Callable[[], None] | None = None) -> None:
    """The search box; ``aside()`` renders on the same row, to its right (e.g. the export menu).
    Both rerun with each search (cheap: nothing is built until a download is clicked)."""
    _box(ex, on_select, aside)
