"""The interface language in the page: ``t()`` in the session's language, the sidebar switch, the
"EN only" badge on a chapter shown untranslated and the note on search hits from the other language.

Pages and components write ``from components.i18n_ui import t`` and ``t("about.links")``; the key
goes into both ``topicgraph/i18n/en.yaml`` and ``ru.yaml`` (tests/unit/test_i18n.py checks). Plurals:
``t("count.chapters", n=21)``; numbers and dates: :func:`number`, :func:`when`; labels of the model's
values: :func:`difficulty_label`, :func:`type_label`. Values that came from a user or the content stay
plain text (``literal``), as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import streamlit as st

from components import state
from topicgraph import i18n
from topicgraph.model import Chapter
from topicgraph.search import Hit

SWITCH = "lang-switch"  # the sidebar control's key (CSS class st-key-lang-switch)


def lang() -> str:
    """The language of this run (URL > browser > English), see :func:`components.state.language`."""
    return state.language()


def t(key: str, **params: Any) -> str:
    """:func:`topicgraph.i18n.t` in this run's language. The result is text: show values through
    ``literal`` or ``st.text`` when they came from a user."""
    return i18n.t(key, lang(), **params)


def number(value: float) -> str:
    """``12 345`` (ru) / ``12,345`` (en)."""
    return i18n.format_number(value, lang())


def when(value: datetime) -> str:
    """«5 апреля 2026 г., 21:03» / "April 5, 2026, 21:03"."""
    return i18n.format_datetime(value, lang())


def difficulty_label(difficulty: str) -> str:
    return t(f"difficulty.{difficulty}")


def type_label(kind: str) -> str:
    return t(f"type.{kind}")


def _switched() -> None:
    chosen = st.session_state.get(SWITCH)
    # Clicking the selected button again deselects it: keep the language it showed.
    state.set_language(chosen if isinstance(chosen, str) else state.language())


def language_switch() -> None:
    """Two buttons, English | Русский, the current one selected; a choice goes into the URL (``?lang=``)."""
    current = lang()
    if st.session_state.get(SWITCH) != current:
        st.session_state[SWITCH] = current
    st.segmented_control(t("lang.label"), i18n.LANGS, key=SWITCH, format_func=lambda code: t(f"lang.name.{code}"),
                         on_change=_switched, help=t("lang.help"), selection_mode="single", width="stretch")


def language_badge(chapter: Chapter) -> None:
    """A grey badge when the chapter's text is not in the interface language ("EN only" / «только EN»),
    and a note when its translation is older than the original."""
    ui = lang()
    if chapter.lang != ui:
        st.badge(t("lang.only", code=t(f"lang.code.{chapter.lang}")), color="gray", icon=":material/translate:",
                 help=t("lang.only_help"))
    elif ui != i18n.DEFAULT_LANG and chapter.i18n.get(ui) is not None and chapter.i18n[ui].stale:
        st.badge(t("lang.stale"), color="orange", icon=":material/history:", help=t("lang.stale_help"))


def found_in(hits: Sequence[Hit]) -> None:
    """Say so when the hits come from the other language's text (a Russian query in the English UI)."""
    other = {getattr(h, "lang", lang()) for h in hits} - {lang()}
    if other:
        st.caption(t(f"lang.found_in.{sorted(other)[0]}"))
