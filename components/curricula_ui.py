"""Several curricula and imported notes folders in the UI: the sidebar's curriculum choice, the
orphans filter and the notices that explain an imported folder (no links, what became a theme); which
curriculum Settings' export, import and reset act on."""

from __future__ import annotations

import re

import streamlit as st

from components import state
from components.i18n_ui import lang, t
from topicgraph import curricula
from topicgraph.model import Curriculum
from topicgraph.progress import ImportResult, ProgressStore
from topicgraph.safe_md import literal

_PICK = "_tg_curriculum_pick"


def _picked() -> None:
    state.switch_curriculum(str(st.session_state[_PICK]))


def curriculum_picker() -> None:
    """A choice between the curricula in ``$TOPICGRAPH_DATA`` (nothing when it names one)."""
    found = state.all_choices()
    if len(found) < 2:
        return
    current = state.current_choice()
    st.session_state[_PICK] = current.id
    names = {c.id: c.name for c in found}
    st.selectbox(t("curricula.pick"), list(names), key=_PICK, format_func=lambda cid: names[cid], on_change=_picked,
                 help=t("curricula.pick_help"))


def url_notices() -> None:
    """What the address named that the view could not use (an unknown ``c=``, chapter or filter value), said once
    on whichever page a session opens first; as plain text: a URL is typed by anyone."""
    for notice in state.take_notices():
        st.warning(literal(notice), icon=":material/help:")


def orphans_filter(cur: Curriculum) -> None:
    """For an imported notes folder: show only the notes that no link reaches or leaves."""
    if not cur.is_notes:
        return
    count = len(state.orphans(cur))
    st.toggle(t("curricula.orphans", n=count), key=state.ORPHANS, help=t("curricula.orphans_help"))


def notes_notices(cur: Curriculum) -> None:
    """What the graph page says about an imported folder: why there are no edges, when there are none."""
    if not cur.is_notes or not cur.chapters:
        return
    if cur.link_count == 0:
        st.info(t("curricula.no_links", n=len(cur.chapters), rule=theme_rule(cur)), icon=":material/info:")


_RULES = ("field", "folder", "dotted", "tag", "one")


def theme_rule(cur: Curriculum) -> str:
    """How an imported folder's notes were put into themes, in the interface language (Markdown-safe)."""
    rule, said = cur.info.get("rule"), cur.info.get("theme_rule")
    if rule not in _RULES:
        return literal(said) if said else t("curricula.the_folders")
    field = re.search(r"'(.+)'", said or "")  # the front-matter field, as topicgraph.notes names it
    return t(f"curricula.rule.{rule}", field=literal(field[1] if field else ""))


PROBLEMS_SHOWN = 1000  # a big vault may have thousands of unresolved links


def problems_title(cur: Curriculum) -> str:
    if cur.is_notes:
        return t("curricula.problems_notes", n=len(cur.problems))
    return t("curricula.problems", n=len(cur.problems))


def problem_list(cur: Curriculum) -> None:
    """The content's problems, closed under their count: plain text (not st.code, whose highlighter script
    loaded before the graph's own and delayed it by 1-3 s: bench/notes_open.py), each problem in the
    reader's language; paths, fields and the file's values as written."""
    with st.expander(problems_title(cur), icon=":material/report:"):
        shown = cur.problems[:PROBLEMS_SHOWN]
        more = len(cur.problems) - len(shown)
        ui = lang()
        st.text("\n".join(p.text(ui) for p in shown) + ("\n" + t("graphpage.more_problems", n=more) if more else ""),
                width="stretch")


# --- Settings: export, import and reset act on the curriculum shown -------------------------------------------


def several() -> bool:
    return len(state.all_choices()) > 1


def scoped(plain: str, key: str, **params: object) -> str:
    """A Settings text as is when there is one curriculum; naming the one shown (``name``) when there are several.
    The name comes from a notes folder's notes.yaml: shown literally."""
    if not several():
        return plain
    return t(key, name=literal(state.current_choice().name), **params)


def settings_scope() -> None:
    """Say, when there are several curricula, that Settings' export, import and reset act on the one shown."""
    if several():
        st.caption(scoped("", "curricula.scope"))


def export_progress(store: ProgressStore, profile: str) -> str:
    """The profile's statuses in the curriculum shown, as an export naming it."""
    return curricula.export_progress(store, profile, state.current_choice())


def export_file_name() -> str:
    return f"progress-{state.current_choice().id}.json" if several() else "progress.json"


def import_progress(store: ProgressStore, profile: str, data: bytes, cur: Curriculum) -> ImportResult:
    """Merge an export into the curriculum shown (an export of another curriculum is refused, naming it)."""
    return curricula.import_progress(store, profile, data, state.current_choice(), [c.slug for c in cur.chapters])


def reset_progress(store: ProgressStore, profile: str) -> int:
    """Forget the profile's statuses in the curriculum shown; the other curricula keep theirs."""
    return curricula.reset_progress(store, profile, state.current_choice())
