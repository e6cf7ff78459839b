"""Settings' progress file tools: export, import and reset of the curriculum shown, for the profile tracked."""

from __future__ import annotations

import streamlit as st

from components import account, curricula_ui
from components import progress_ui as ui
from components.i18n_ui import lang, t
from topicgraph import progress as p
from topicgraph.model import Curriculum
from topicgraph.safe_md import literal


def section(v: ui.View, cur: Curriculum, cfg: p.StoreConfig) -> None:
    """Export (a download), import (an upload merged on arrival) and reset with confirmation."""
    st.subheader(t("settings.export_title"), anchor=False)
    curricula_ui.settings_scope()  # export, import and reset act on the curriculum shown
    exported = ui.attempt(lambda s: curricula_ui.export_progress(s, v.profile))
    if exported is not None:
        st.download_button(curricula_ui.scoped(t("settings.export"), "curricula.export"), exported,
                           file_name=curricula_ui.export_file_name(), mime="application/json",
                           icon=":material/download:")

    def _import() -> None:  # on upload: the sidebar, drawn after this callback, already shows the merge
        upload = st.session_state.get("_w_import")
        if upload is None or v is None:
            return
        try:
            # into the curriculum shown; other chapters are counted and named, not stored
            result = ui.attempt(lambda s: curricula_ui.import_progress(s, v.profile, upload.getvalue(), cur))
        except p.ProgressFileError as e:
            st.session_state["_p_import"] = ("error", t("settings.not_imported", error=ui.md_escape(e.text(lang()))))
            return
        if result is not None:
            st.session_state["_p_import"] = ("success", t("settings.imported", name=literal(upload.name),
                                                          result=ui.md_escape(ui.import_summary(result))))

    st.file_uploader(curricula_ui.scoped(t("settings.import"), "curricula.import"), type=["json"],
                     key="_w_import", on_change=_import,
                     max_upload_size=-(-cfg.limits.max_bytes // 1_000_000),  # MB: the browser refuses more
                     help=t("settings.import_help"))
    kind, msg = st.session_state.pop("_p_import", ("", ""))
    if kind:
        (st.error if kind == "error" else st.success)(msg)

    if st.button(curricula_ui.scoped(t("settings.reset"), "curricula.reset"), icon=":material/restart_alt:"):
        st.session_state["_p_confirm"] = True
    if st.session_state.get("_p_confirm"):
        shown = literal(account.display_name() or v.profile)
        st.warning(curricula_ui.scoped(t("settings.reset_confirm", n=len(v.statuses), name=shown),
                                       "curricula.reset_confirm", n=len(v.statuses), who=shown))
        yes, no = st.columns(2)
        if yes.button(t("settings.yes_reset"), type="primary"):
            st.session_state["_p_confirm"] = False
            removed_rows = ui.attempt(lambda s: curricula_ui.reset_progress(s, v.profile))
            if removed_rows is not None:
                st.session_state["_p_msg"] = ("success", curricula_ui.scoped(
                    t("settings.reset_done", n=removed_rows), "curricula.reset_done", n=removed_rows))
                st.rerun()
        if no.button(t("settings.cancel")):
            st.session_state["_p_confirm"] = False
            st.rerun()
