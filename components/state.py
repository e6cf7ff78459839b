"""The view's state: its session-state keys and the URL (the only module writing ``st.query_params``).

The URL holds the view (``?chapter=…&theme=…&difficulty=…&type=…&mode=hide``): it is read
once when a session starts and rewritten whenever the view changes, so any URL can be
shared and restores the same view.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, replace

import networkx as nx
import streamlit as st

from components.compat import browser_session, fragment_rerun, history_navigation
from components.graph.payload import GraphPayload, build_payload
from components.notices import unknown_curriculum, url_notices
from topicgraph.curricula import Choice, choices
from topicgraph.graph import build_graph
from topicgraph.i18n import DEFAULT_LANG, language_from, t
from topicgraph.i18n.content import languages, localize
from topicgraph.i18n.search import BilingualSearch, StemmedIndex
from topicgraph.layout import LayoutJob, Positions
from topicgraph.loader import read_curriculum
from topicgraph.model import DIFFICULTIES, Chapter, Curriculum
from topicgraph.query import Filters, matching_set
from topicgraph.search import SearchIndex
from topicgraph.watch import ContentWatch

THEMES, DIFFICULTY, TYPE, HIDE, CHAPTER = "f_theme", "f_difficulty", "f_type", "f_hide", "chapter"
# View parameters beyond the filters: a route (``route=goal`` or ``route=from..to``), the local-graph
# depth around the selection (``depth=1..3``) and presenter mode (``present=1``).
ROUTE, DEPTH, PRESENT = "v_route", "v_depth", "v_present"
# The progress profile this tab tracks as (``profile=name``; none = tracking off), see components/progress_ui.py.
PROFILE = "v_profile"
# The interface and content language chosen in this tab (``lang=ru``; none = the browser's, else English).
LANG = "v_lang"
# Which curriculum this tab shows when $TOPICGRAPH_DATA names several (``c=id``), and the notes-only
# "orphans" filter (``orphans=1``: notes no link reaches or leaves).
CURRICULUM, ORPHANS = "v_curriculum", "f_orphans"
# The theme a theme page shows (``/themes?theme=slug``). Not a filter: reading a theme page leaves the
# graph's and the catalog's filters alone; its "Open in graph" sets the filter.
THEME_PAGE = "v_theme_page"
THEMES_PAGE = "themes"  # that page's url_path
_PAGE = "_tg_page"
_STARTED, _NOTICES, _FULL_RERUN, _EXPLORER = "_tg_started", "_tg_notices", "_tg_full_rerun", "_tg_explorer"
# A ``c=`` in the first URL that names no curriculum (said in a notice), and a link's view waiting for the
# full run that switches to the curriculum it names (see :func:`navigate`).
_UNKNOWN_C, _PENDING = "_tg_unknown_c", "_tg_pending_view"


@dataclass(frozen=True)
class Explorer:
    """Everything derived from one version of the content; shared by all sessions."""

    curriculum: Curriculum
    graph: nx.DiGraph
    positions: Positions
    payload: GraphPayload
    search: SearchIndex | BilingualSearch  # full-text index (SQLite FTS5); per language, see _localized
    lang: str = DEFAULT_LANG  # the language of the curriculum's texts (topicgraph.i18n.content.localize)


@st.cache_resource(show_spinner="Loading the curriculum…", max_entries=4)
def _content(root: str, signature: str) -> tuple[Curriculum, nx.DiGraph]:
    cur = read_curriculum(root)
    return cur, build_graph(cur)


@st.cache_resource(show_spinner=False, max_entries=4)
def _layout(root: str, signature: str) -> LayoutJob:
    # Started once per content version for all sessions; a fresh layout of a big curriculum
    # runs in a thread (see LayoutJob), a stored one is read at once.
    cur, g = _content(root, signature)
    return LayoutJob(g, cur)


@st.cache_resource(show_spinner=False, max_entries=4)
def _explorer(root: str, signature: str) -> Explorer:
    cur, g = _content(root, signature)
    positions = _layout(root, signature).result()
    ex = Explorer(cur, g, positions, build_payload(cur, g, positions), SearchIndex(cur.chapters))
    settle_heap()
    return ex


def settle_heap() -> None:
    """Take what is alive now (the content just loaded, Streamlit's modules) out of later garbage collections.

    Streamlit runs a full ``gc.collect()`` after every script run (``runner.postScriptGC``), and a
    full collection walks every tracked object: with 5,000 chapters loaded (chapters, graph, payload)
    that was ~100 ms of server CPU per click. ``gc.freeze()`` moves today's objects to the permanent
    generation; reference counting still frees them. ``unfreeze`` and one collection first, so a
    replaced content version that only cycles still hold is reclaimed now rather than kept.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False, max_entries=4)
def _russian_index(root: str, signature: str) -> StemmedIndex | None:
    # Built on first use (a Russian reader, or a Cyrillic query), once per content version for all sessions.
    cur = _content(root, signature)[0]
    return StemmedIndex(localize(cur, "ru").chapters, "ru") if "ru" in languages(cur) else None


@st.cache_resource(show_spinner=False, max_entries=8)
def _localized(root: str, signature: str, lang: str) -> Explorer:
    """The explorer in *lang*: the same facts, graph and positions; texts, theme names, graph labels
    and search in that language (English where a text has no translation)."""
    base = _explorer(root, signature)
    search = BilingualSearch(lang, base.search, lambda: _russian_index(root, signature))
    if lang == DEFAULT_LANG:
        return replace(base, search=search)
    cur = localize(base.curriculum, lang)
    payload = build_payload(cur, base.graph, base.positions)
    payload.structure["difficulties"] = [t(f"difficulty.{d}", lang) for d in DIFFICULTIES]
    key = f"{payload.key}-{lang}"  # a new key: a tab that switches language gets the new labels sent
    payload.structure["key"] = key
    return Explorer(cur, base.graph, base.positions, replace(payload, key=key), search, lang)


@st.cache_resource(show_spinner=False, max_entries=4, on_release=lambda w: w.close())
def _watch(root: str) -> ContentWatch:
    # One watcher per content directory for the whole server.
    return ContentWatch(root)


def _wait_for_layout(job: LayoutJob) -> None:
    """While a big curriculum is laid out for the first time, show how far it got."""
    if job.done:
        return
    lang = language()
    bar = st.progress(0.0, text=t("state.layout_start", lang, n=job.chapters))
    while not job.wait(0.3):
        bar.progress(job.fraction, text=t("state.layout_progress", lang, n=job.chapters, done=job.themes_done,
                                          themes=job.themes))
    bar.empty()


def load_explorer(*, fresh: bool = True) -> Explorer:
    """The curriculum at ``$TOPICGRAPH_DATA`` (or bundled ``data/``), reloaded when a file changes.

    The frame calls this once per run, ``fresh``: every file's size and mtime are checked
    (``content_signature``). Pages take the result from :func:`explorer`; the graph fragment's own
    reruns use :func:`current_explorer`, which trusts the file watcher instead.
    """
    root = str(current_choice().root.resolve())
    key = (root, _watch(root).signature(fresh=fresh))
    _wait_for_layout(_layout(*key))
    st.session_state[_EXPLORER] = ex = _localized(*key, language())
    return ex


def language() -> str:
    """The language of this run: ``?lang=`` (read from the URL on a session's first run and on
    Back/Forward, else the choice kept in the session) > the browser's language > English."""
    if not st.session_state.get(_STARTED) or history_navigation():
        chosen = language_from(st.query_params.get("lang"))
    else:
        chosen = st.session_state.get(LANG)
    return chosen or language_from(st.context.locale) or DEFAULT_LANG


def set_language(lang: str | None) -> None:
    """Choose the language for this tab (it goes into the URL); None = follow the browser."""
    st.session_state[LANG] = language_from(lang)


@st.cache_resource(show_spinner=False, ttl=60)
def _choices(env: str) -> list[Choice]:
    return choices()


def all_choices() -> list[Choice]:
    """The curricula named in ``$TOPICGRAPH_DATA`` (one when it names one folder)."""
    return _choices(os.environ.get("TOPICGRAPH_DATA", ""))


def current_choice() -> Choice:
    """The curriculum this tab shows: on Back/Forward the URL's ``c`` (history names the curriculum with
    the view), else the tab's own choice, else the URL's ``c``, else the first. A ``c`` naming none of
    them is remembered for a notice (:func:`start_session`); the URL is then corrected by :func:`sync_url`."""
    found = all_choices()
    ids = {c.id for c in found}
    in_url = st.query_params.get("c")
    # Back/Forward: history names the curriculum with the view
    wanted = in_url if in_url in ids and history_navigation() else st.session_state.get(CURRICULUM) or in_url
    pick = next((c for c in found if c.id == wanted), found[0])
    if in_url and in_url not in ids and not st.session_state.get(_STARTED):
        st.session_state[_UNKNOWN_C] = in_url
    st.session_state[CURRICULUM] = pick.id
    return pick


def switch_curriculum(cid: str) -> None:
    """Show another curriculum: its slugs and themes differ, so the view starts afresh. The URL then
    names it (:func:`sync_url`), which makes the switch a history entry: Back returns to the one before."""
    st.session_state[CURRICULUM] = cid
    for key in (THEMES, DIFFICULTY, TYPE):
        st.session_state[key] = []
    for key in (CHAPTER, ROUTE, DEPTH):
        st.session_state[key] = None
    st.session_state[ORPHANS] = False


def explorer() -> Explorer:
    """What the frame loaded for this run."""
    return st.session_state.get(_EXPLORER) or load_explorer()


def current_explorer() -> Explorer:
    """For a fragment: in a full run what the frame loaded; in the fragment's own rerun (a click) the
    content again, re-checked only if the file watcher saw a change since the last check, so a
    chapter edited since shows on the next click and an unchanged one costs no ``stat`` per file."""
    if not fragment_rerun() and _EXPLORER in st.session_state:
        return explorer()
    return load_explorer(fresh=False)


def on_page(url_path: str) -> None:
    """Tell the state which page this run shows (the frame calls it before :func:`start_session`):
    on the theme page ``theme=`` names the theme shown, elsewhere it is the theme filter."""
    st.session_state[_PAGE] = url_path


def _themes_page() -> bool:
    return st.session_state.get(_PAGE) == THEMES_PAGE


def start_session(cur: Curriculum) -> None:
    """On a session's first run, restore the view from the URL; unknown values become notices.

    Later runs follow the URL only on Back/Forward: Streamlit pushes a history entry whenever
    :func:`sync_url` changes the URL and reruns the app with the old URL on Back, so the view must
    come from that URL (else the run would write the current view back over it).
    """
    if st.session_state.get(_STARTED):
        pending = st.session_state.pop(_PENDING, None)
        if history_navigation() or pending is not None:
            restore_from_url(pending if pending is not None and not history_navigation()
                             else st.query_params.to_dict(), cur)
            st.session_state.pop(_FULL_RERUN, None)  # this run is already a full one
        return
    notices = restore_from_url(st.query_params.to_dict(), cur)
    unknown = st.session_state.pop(_UNKNOWN_C, None)
    if unknown:
        notices.insert(0, unknown_curriculum(unknown, current_choice().name, [c.id for c in all_choices()],
                                             language()))
    st.session_state[_NOTICES] = notices
    st.session_state.pop(_FULL_RERUN, None)
    st.session_state[_STARTED] = True


def restore_from_url(params: dict[str, str], cur: Curriculum) -> list[str]:
    """Set chapter, filters and view parameters from URL parameters; return notices for unknown values.

    Marks a full rerun when the filters changed, so a call from inside the graph fragment
    (a chapter link, Back/Forward) also updates the sidebar.
    """
    if _themes_page():  # the theme shown, not a filter; the filters stay as they are
        wanted = (params.get("theme") or "").split(",")[0].strip()
        st.session_state[THEME_PAGE] = wanted if wanted in cur.theme_map else None
        st.session_state[PROFILE] = params.get("profile") or None
        shown = {"theme": wanted} if wanted else {}
        found, _ = Filters.from_params(shown, [t.slug for t in cur.themes])
        return url_notices(shown, found, cur)
    before = (filters(), hide_unmatched())
    found, _ = Filters.from_params(params, [t.slug for t in cur.themes])
    st.session_state[THEMES] = list(found.themes)
    st.session_state[DIFFICULTY] = list(found.difficulties)
    st.session_state[TYPE] = list(found.types)
    st.session_state[HIDE] = params.get("mode") == "hide"
    chapter = params.get("chapter") or None
    if chapter and cur.get(chapter) is None:
        chapter = None
    st.session_state[CHAPTER] = chapter
    st.session_state[ROUTE] = params.get("route") or None
    depth = params.get("depth")
    st.session_state[DEPTH] = int(depth) if depth in ("1", "2", "3") else None
    st.session_state[PRESENT] = params.get("present") == "1"
    st.session_state[PROFILE] = params.get("profile") or None
    st.session_state[LANG] = language_from(params.get("lang"))
    st.session_state[ORPHANS] = params.get("orphans") == "1" and cur.is_notes
    if (filters(), hide_unmatched()) != before:
        st.session_state[_FULL_RERUN] = True
    return url_notices(params, found, cur, language())  # capped, shown as plain text


def navigate(params: dict[str, str]) -> None:
    """Show the view a chapter link's URL names (a link clicked in the page, handled by the graph).
    A link naming another curriculum (``c=``) switches to it: the view is restored on the full run
    that loads that curriculum."""
    cid = params.get("c")
    if cid and cid != current_choice().id and cid in {c.id for c in all_choices()}:
        switch_curriculum(cid)
        st.session_state[_PENDING] = params
        request_full_rerun()
        return
    restore_from_url(params, explorer().curriculum)


def route() -> str | None:
    """The raw ``route`` parameter (``goal`` or ``from..to``); components/routes.py interprets it."""
    value = st.session_state.get(ROUTE)
    return value if isinstance(value, str) and value else None


def set_route(value: str | None) -> None:
    st.session_state[ROUTE] = value or None


def depth() -> int | None:
    """Hops around the selected chapter to draw (1-3), or None for the whole graph."""
    value = st.session_state.get(DEPTH)
    return value if value in (1, 2, 3) else None


def set_depth(value: int | None) -> None:
    st.session_state[DEPTH] = value if value in (1, 2, 3) else None


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT, False))


def theme_page() -> str | None:
    """The theme the theme page shows (None: the list of every theme)."""
    value = st.session_state.get(THEME_PAGE)
    return value if isinstance(value, str) and value else None


def show_theme(slug: str | None) -> None:
    st.session_state[THEME_PAGE] = slug or None


def set_presenting(on: bool) -> None:
    st.session_state[PRESENT] = bool(on)


def profile() -> str | None:
    """The progress profile this browser tab tracks as, or None when tracking is off."""
    value = st.session_state.get(PROFILE)
    return value if isinstance(value, str) and value else None


def set_profile(name: str | None) -> None:
    st.session_state[PROFILE] = name or None


def request_full_rerun() -> None:
    """Ask for one whole-app rerun (the sidebar must redraw after a change made inside a fragment)."""
    st.session_state[_FULL_RERUN] = True


def filters() -> Filters:
    return Filters(
        tuple(st.session_state.get(THEMES, ())),
        tuple(st.session_state.get(DIFFICULTY, ())),
        tuple(st.session_state.get(TYPE, ())),
    )


def hide_unmatched() -> bool:
    return bool(st.session_state.get(HIDE, False))


def matching(cur: Curriculum) -> frozenset[str] | None:
    """Slugs matching the filters, or None when no filter is set (everything matches).

    Computed once per content version and filters (kept with the curriculum), not on every click."""
    f = filters()
    found = matching_set(cur, f) if f.active else None
    if st.session_state.get(ORPHANS) and cur.is_notes:
        lonely = orphans(cur)
        found = lonely if found is None else found & lonely
    return found


def orphans(cur: Curriculum) -> frozenset[str]:
    """Notes that link nowhere and that nothing links to (kept with the curriculum)."""
    found: frozenset[str] | None = cur.memo.get("state.orphans")
    if found is None:
        linked = {c.slug for c in cur.chapters if c.next} | {s for c in cur.chapters for s in c.next}
        found = cur.memo.setdefault("state.orphans", frozenset(c.slug for c in cur.chapters) - linked)
    return found


def selected(cur: Curriculum) -> Chapter | None:
    return cur.get(st.session_state.get(CHAPTER))


def select(slug: str | None) -> None:
    if depth() and slug != st.session_state.get(CHAPTER):
        request_full_rerun()  # the local graph moves with the selection: the sidebar's count follows
    st.session_state[CHAPTER] = slug


def toggle_theme(slug: str) -> None:
    """Add or remove one theme filter (the graph legend does this); the sidebar must redraw."""
    themes = list(st.session_state.get(THEMES, []))
    st.session_state[THEMES] = [t for t in themes if t != slug] if slug in themes else [*themes, slug]
    st.session_state[_FULL_RERUN] = True


_DRAWN = "_tg_graph_drawn"


def graph_first() -> bool:
    """True in the graph page's runs before the browser has drawn the graph once this session.

    Such a run sends the graph, the URL notices and the problem list, and not the reader, the search box
    or the sidebar's widgets: the browser renders all a run sends together, fetching each widget type's code as it
    meets it, and the rest of the page delayed the graph's drawing by about 1 s
    (``python -m bench.open_trace``). The graph reports its first drawing (:func:`graph_drawn`) and
    the whole page follows in one more run. Only for a browser: AppTest has none to draw anything."""
    return st.session_state.get(_PAGE) == "" and not st.session_state.get(_DRAWN) and browser_session()


def graph_drawn() -> None:
    """The browser has drawn the graph (or given up on it): the rest of the page may come."""
    if not st.session_state.get(_DRAWN):
        st.session_state[_DRAWN] = True
        st.session_state[_FULL_RERUN] = True


def needs_full_rerun() -> bool:
    """True once after a change made inside the graph fragment that the sidebar must show."""
    return bool(st.session_state.pop(_FULL_RERUN, False))


def clear_filters() -> None:
    for key in (THEMES, DIFFICULTY, TYPE):
        st.session_state[key] = []
    st.session_state[ORPHANS] = False


def take_notices(*, keep: bool = False) -> list[str]:
    """Notices from the URL, shown once (*keep*: show them now and again in the next run)."""
    return list(st.session_state.get(_NOTICES, [])) if keep else st.session_state.pop(_NOTICES, [])


def sync_url() -> None:
    """Write the current view into the URL (only when it differs, to avoid needless messages)."""
    wanted = theme_page_params() if _themes_page() else graph_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def theme_page_params() -> dict[str, str]:
    """/themes?theme=slug: the theme shown (and the profile), nothing else."""
    wanted: dict[str, str] = {}
    if len(all_choices()) > 1:
        wanted["c"] = str(st.session_state.get(CURRICULUM) or all_choices()[0].id)
    if theme_page():
        wanted["theme"] = theme_page() or ""
    if profile():
        wanted["profile"] = profile() or ""
    if st.session_state.get(LANG):
        wanted["lang"] = st.session_state[LANG]
    return wanted


def link_query() -> str:
    """How a link to a view starts its query: ``c=id&`` when there are several curricula, so that a link opened in
    a new tab, bookmarked or copied shows the same curriculum (a plain click keeps it anyway), else nothing."""
    if len(all_choices()) < 2:
        return ""
    return f"c={st.session_state.get(CURRICULUM) or all_choices()[0].id}&"  # ids are slugs: nothing to quote


def open_in_graph(chapter: str | None = None) -> None:
    """Go to the graph page showing the current view (and *chapter*), its address set in the same step:
    one history entry, so Back returns to the page the user came from (not to a graph without it)."""
    if chapter is not None:
        select(chapter)
    st.switch_page("pages/graph.py", query_params=graph_params())


def graph_params() -> dict[str, str]:
    """The graph page's address for the current view."""
    wanted: dict[str, str] = {}
    if len(all_choices()) > 1:
        wanted["c"] = str(st.session_state.get(CURRICULUM) or all_choices()[0].id)
    if st.session_state.get(CHAPTER):
        wanted["chapter"] = st.session_state[CHAPTER]
    wanted.update(filters().to_params())
    if hide_unmatched():
        wanted["mode"] = "hide"
    if st.session_state.get(ORPHANS):
        wanted["orphans"] = "1"
    if route():
        wanted["route"] = route() or ""
    if depth():
        wanted["depth"] = str(depth())
    if presenting():
        wanted["present"] = "1"
    if profile():
        wanted["profile"] = profile() or ""
    if st.session_state.get(LANG):
        wanted["lang"] = st.session_state[LANG]
    return wanted
