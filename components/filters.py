"""Sidebar filters shared by every page (they live in the app frame)."""

from __future__ import annotations

import streamlit as st

from components import state
from components.i18n_ui import difficulty_label, lang, t, type_label
from topicgraph import i18n
from topicgraph.model import DIFFICULTIES, TYPES, UNRATED, Curriculum
from topicgraph.safe_md import literal


def shown_text(total: int, matching: frozenset[str] | set[str] | None, local: set[str] | None = None,
               hide: bool = False, around: str = "", lang: str = "en") -> str:
    """What the graph draws, in words (the local graph counts what it draws, not the whole curriculum).

    >>> shown_text(213, None)
    'Showing 213 of 213 chapters'
    >>> shown_text(213, {"a", "b"})
    'Showing 2 of 213 chapters'
    >>> shown_text(213, None, {"a", "b", "c"}, around="Caching")
    'Showing 3 of 213 chapters: the local graph around Caching'
    >>> shown_text(213, {"a", "x"}, {"a", "b", "c"}, around="Caching")
    'Showing 3 of 213 chapters: the local graph around Caching, 1 of them matching the filters'
    >>> shown_text(213, {"a", "x"}, {"a", "b", "c"}, hide=True, around="Caching")
    'Showing 1 of 213 chapters: the local graph around Caching, matching the filters'
    >>> shown_text(21, {"a", "x"}, {"a", "b", "c"}, around="Кэш", lang="ru")
    'Показано 3 из 21 главы: локальный граф вокруг «Кэш», из них под фильтры подходит 1'
    """
    def say(shown: int, where: str = "") -> str:
        return i18n.t("filters.showing_where" if where else "filters.showing", lang, n=total, shown=shown, where=where)

    if local is None:
        return say(total if matching is None else len(matching))
    where = (i18n.t("filters.local_around", lang, title=around) if around
             else i18n.t("filters.local", lang))
    if matching is None:
        return say(len(local), where)
    both = len(local & set(matching))
    if hide:
        return say(both, where + i18n.t("filters.matching_hidden", lang))
    return say(len(local), where + i18n.t("filters.matching", lang, n=both))


def sidebar_filters(cur: Curriculum, local: set[str] | None = None, around: str = "") -> None:
    """``local``: the chapters the local graph draws on this page (None: the whole graph), around ``around``."""
    names = {t.slug: t.name for t in cur.themes}
    with st.sidebar:
        st.subheader(t("filters.title"))
        st.multiselect(t("filters.themes"), list(names), key=state.THEMES, format_func=names.__getitem__,
                       placeholder=t("filters.all_themes"))
        # Imported notes carry no difficulty or type unless their front matter says so: "Unrated" is offered.
        unrated = (UNRATED,) if cur.is_notes else ()
        levels = {d: difficulty_label(d) for d in (*DIFFICULTIES, *unrated)}  # dicts: see routes._route_controls
        kinds = {k: type_label(k) for k in (*TYPES, *unrated)}
        st.multiselect(t("filters.difficulty"), (*DIFFICULTIES, *unrated), key=state.DIFFICULTY,
                       format_func=levels.__getitem__, placeholder=t("filters.any_difficulty"),
                       help=t("filters.difficulty_help") if unrated else None)
        st.multiselect(t("filters.type"), (*TYPES, *unrated), key=state.TYPE, format_func=kinds.__getitem__,
                       placeholder=t("filters.any_type"), help=t("filters.type_help") if unrated else None)
        st.toggle(t("filters.hide"), key=state.HIDE, help=t("filters.hide_help"))
        # Chapter titles are content: shown as typed, never as Markdown.
        st.markdown(literal(shown_text(len(cur.chapters), state.matching(cur), local, state.hide_unmatched(),
                                       around[:80], lang())))
        if state.filters().active:
            st.button(t("filters.clear"), on_click=state.clear_filters, icon=":material/filter_alt_off:")
