"""Workarounds that touch Streamlit internals, and the frame's safety net, kept in this one module.

Streamlit 1.67 keeps a process-wide flag, ``PagesManager.uses_pages_directory``, that is
True at start-up whenever a ``pages/`` folder sits next to the main script. Until the
first ``st.navigation`` call clears it, a request is served in the legacy multipage
mode: the main script runs as one page *inside* an outer, file-name navigation, so the
sidebar widgets it creates get other element ids than in every later run. The first
visitor of a fresh server then lost their filters on their first widget change (Streamlit
dropped the state of the "vanished" widgets). :func:`leave_legacy_pages_mode`, called first
thing by the frame, clears the flag and restarts that one run the normal way before any
widget exists; session state and the URL's query parameters are untouched. Pages still call
:func:`run_inside_frame` for runs that start with a page file (``/about`` on a fresh server,
AppTest).
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

log = get_logger("topicgraph.app")
SHORT_ERROR = ("Something went wrong while showing this page. The error was logged on the server; "
               "the other pages and the rest of the content still work.")


def leave_legacy_pages_mode() -> None:
    """In the frame, before any widget: leave Streamlit's legacy pages/ mode and rerun normally."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # exactly what st.navigation sets
        st.rerun()


def run_inside_frame() -> None:
    """If this page runs without the app frame, clear the legacy flag and rerun through ``app.py``."""
    leave_legacy_pages_mode()


def run_page(page: Any) -> None:
    """``page.run()``, but an unexpected error is logged with the page and content path and the
    visitor sees one short sentence, never a traceback (``client.showErrorDetails = "none"``
    covers errors raised anywhere else)."""
    try:
        page.run()
    except Exception:
        log.exception("error on page %r at /%s (content %s)", getattr(page, "title", "?"),
                      getattr(page, "url_path", "?"), os.environ.get("TOPICGRAPH_DATA", "data/"))
        st.error(SHORT_ERROR, icon=":material/error:")


def fragment_rerun() -> bool:
    """True when this run reruns fragments only (a click in the graph), not the whole page."""
    return bool(getattr(get_script_run_ctx(), "fragment_ids_this_run", None))


def browser_session() -> bool:
    """True when a browser runs this session. A browser always sends request headers (Host at least);
    AppTest sends none, and it has no browser that could draw the graph or report anything drawn."""
    return bool(st.context.headers)


def history_navigation() -> bool:
    """True when this run comes from the browser's Back/Forward (Streamlit flags such reruns)."""
    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))
