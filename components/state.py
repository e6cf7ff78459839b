"""The view's state: its session-state keys and the URL (the only module writing ``st.query_params``).

The URL holds the view (``?chapter=…&theme=…&difficulty=…&type=…&mode=hide``): it is read
once when a session starts and rewritten whenever the view changes, so any URL can be
shared and restores the same view.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

import networkx as nx
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.graph.payload import GraphPayload, build_payload
from components.notices import url_notices
from topicgraph.curricula import Choice, choices
from topicgraph.graph import build_graph
from topicgraph.layout import LayoutJob, Positions
from topicgraph.loader import read_curriculum
from topicgraph.model import Chapter, Curriculum
from topicgraph.query import Filters, matching_set
from topicgraph.search import SearchIndex
from topicgraph.watch import ContentWatch

THEMES, DIFFICULTY, TYPE, HIDE, CHAPTER = "f_theme", "f_difficulty", "f_type", "f_hide", "chapter"
# View parameters beyond the filters: a route (``route=goal`` or ``route=from..to``), the local-graph
# depth around the selection (``depth=1..3``) and presenter mode (``present=1``).
ROUTE, DEPTH, PRESENT = "v_route", "v_depth", "v_present"
# The progress profile this tab tracks as (``profile=name``; none = tracking off), see components/progress_ui.py.
PROFILE = "v_profile"
# Which curriculum this tab shows when $TOPICGRAPH_DATA names several (``c=id``), and the notes-only
# "orphans" filter (``orphans=1``: notes no link reaches or leaves).
CURRICULUM, ORPHANS = "v_curriculum", "f_orphans"
_STARTED, _NOTICES, _FULL_RERUN, _EXPLORER = "_tg_started", "_tg_notices", "_tg_full_rerun", "_tg_explorer"


@dataclass(frozen=True)
class Explorer:
    """Everything derived from one version of the content; shared by all sessions."""

    curriculum: Curriculum
    graph: nx.DiGraph
    positions: Positions
    payload: GraphPayload
    search: SearchIndex  # full-text index (in-memory SQLite FTS5), built with the rest


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


@st.cache_resource(show_spinner=False, max_entries=4, on_release=lambda w: w.close())
def _watch(root: str) -> ContentWatch:
    # One watcher per content directory for the whole server.
    return ContentWatch(root)


def _wait_for_layout(job: LayoutJob) -> None:
    """While a big curriculum is laid out for the first time, show how far it got."""
    if job.done:
        return
    bar = st.progress(0.0, text=f"Laying out {job.chapters:,} chapters for the first time…")
    while not job.wait(0.3):
        bar.progress(job.fraction, text=f"Laying out {job.chapters:,} chapters for the first time: "
                                        f"{job.themes_done} of {job.themes} themes…")
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
    st.session_state[_EXPLORER] = ex = _explorer(*key)
    return ex


@st.cache_resource(show_spinner=False, ttl=60)
def _choices(env: str) -> list[Choice]:
    return choices()


def all_choices() -> list[Choice]:
    """The curricula named in ``$TOPICGRAPH_DATA`` (one when it names one folder)."""
    return _choices(os.environ.get("TOPICGRAPH_DATA", ""))


def current_choice() -> Choice:
    """The curriculum this tab shows: its own choice, else the URL's ``c``, else the first."""
    found = all_choices()
    wanted = st.session_state.get(CURRICULUM) or st.query_params.get("c")
    pick = next((c for c in found if c.id == wanted), found[0])
    st.session_state[CURRICULUM] = pick.id
    return pick


def switch_curriculum(cid: str) -> None:
    """Show another curriculum: its slugs and themes differ, so the view starts afresh."""
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
    if not _fragment_rerun() and _EXPLORER in st.session_state:
        return explorer()
    return load_explorer(fresh=False)


def start_session(cur: Curriculum) -> None:
    """On a session's first run, restore the view from the URL; unknown values become notices.

    Later runs follow the URL only on Back/Forward: Streamlit pushes a history entry whenever
    :func:`sync_url` changes the URL and reruns the app with the old URL on Back, so the view must
    come from that URL (else the run would write the current view back over it).
    """
    if st.session_state.get(_STARTED):
        if _history_navigation():
            restore_from_url(st.query_params.to_dict(), cur)
            st.session_state.pop(_FULL_RERUN, None)  # this run is already a full one
        return
    st.session_state[_NOTICES] = restore_from_url(st.query_params.to_dict(), cur)
    st.session_state.pop(_FULL_RERUN, None)
    st.session_state[_STARTED] = True


def _fragment_rerun() -> bool:
    """True when this run reruns fragments only (a click in the graph), not the whole page."""
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "fragment_ids_this_run", None))


def _history_navigation() -> bool:
    """True when this run comes from the browser's Back/Forward (Streamlit flags such reruns)."""
    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def restore_from_url(params: dict[str, str], cur: Curriculum) -> list[str]:
    """Set chapter, filters and view parameters from URL parameters; return notices for unknown values.

    Marks a full rerun when the filters changed, so a call from inside the graph fragment
    (a chapter link, Back/Forward) also updates the sidebar.
    """
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
    st.session_state[ORPHANS] = params.get("orphans") == "1" and cur.is_notes
    if (filters(), hide_unmatched()) != before:
        st.session_state[_FULL_RERUN] = True
    return url_notices(params, found, cur)  # capped, shown as plain text


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
    st.session_state[CHAPTER] = slug


def toggle_theme(slug: str) -> None:
    """Add or remove one theme filter (the graph legend does this); the sidebar must redraw."""
    themes = list(st.session_state.get(THEMES, []))
    st.session_state[THEMES] = [t for t in themes if t != slug] if slug in themes else [*themes, slug]
    st.session_state[_FULL_RERUN] = True


def needs_full_rerun() -> bool:
    """True once after a change made inside the graph fragment that the sidebar must show."""
    return bool(st.session_state.pop(_FULL_RERUN, False))


def clear_filters() -> None:
    for key in (THEMES, DIFFICULTY, TYPE):
        st.session_state[key] = []
    st.session_state[ORPHANS] = False


def take_notices() -> list[str]:
    """Notices from the URL, shown once."""
    return st.session_state.pop(_NOTICES, [])


def sync_url() -> None:
    """Write the current view into the URL (only when it differs, to avoid needless messages)."""
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
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
