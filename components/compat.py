"""Workarounds that touch Streamlit internals, kept in this one module.

Streamlit 1.67 keeps a process-wide flag, ``PagesManager.uses_pages_directory``, that is
True at start-up whenever a ``pages/`` folder sits next to the main script. Until the
first ``st.navigation`` call clears it, a request is served in the legacy multipage
mode: the page file runs *without* ``app.py`` (no sidebar filters, no session set-up,
a file-name navigation menu). That happens to the first visitor who opens ``/about``
on a fresh server, and to every AppTest rerun. The layout keeps the ``pages/`` name,
so each page calls :func:`run_inside_frame` first.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_inside_frame() -> None:
    """If this page runs without the app frame, clear the legacy flag and rerun through ``app.py``."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False  # exactly what st.navigation sets
        st.rerun()
