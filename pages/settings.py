"""Settings: progress tracking for this browser tab (profile, where it is stored, export/import, reset)."""

import streamlit as st

from components import account, curricula_ui, profiles_ui, state
from components import progress_ui as ui
from components.compat import run_inside_frame
from components.i18n_ui import lang, t
from topicgraph import progress as p
from topicgraph.safe_md import literal

run_inside_frame()
cur = state.explorer().curriculum
st.title(t("settings.title"), anchor=False)
curricula_ui.url_notices()  # unknown values in the URL, said once
st.subheader(t("settings.tracking"), anchor=False)
cfg = ui.config()
signin = account.signin_mode()
if signin:
    profiles_ui.signed_in_section()
    on = account.person() is not None
else:
    on = profiles_ui.choose_section()
profiles_ui.messages()

v = ui.view(fresh=True)
err = ui.error()
if err is not None:
    st.error(ui.unavailable_message(err), icon=":material/sync_problem:")
elif v is not None:
    if not signin:
        st.success(t("settings.tracking_as", name=literal(v.profile)), icon=":material/check_circle:")
elif on and not signin:
    st.info(t("settings.choose"), icon=":material/person:")
elif not signin:
    st.info(t("settings.off"))

if account.sees_location():  # host, user and path: the one person without sign-in, or an admin
    st.text_input(t("settings.stored_in"), cfg.where, disabled=True, help=t("settings.stored_help", source=cfg.source))
    kind = (t(f"settings.kind.{cfg.backend}") if cfg.backend in ("sqlite", "postgresql")
            else t("settings.kind.other", backend=cfg.backend))
    st.caption(t("settings.configured_by", kind=kind, source=cfg.source))

if v is not None:
    def _marks() -> None:
        if ui.attempt(lambda s: s.set_marks_reading(v.profile, st.session_state["_w_marks"])) is not None:
            v.marks_reading = st.session_state["_w_marks"]

    st.session_state["_w_marks"] = v.marks_reading
    st.toggle(t("settings.marks"), key="_w_marks", on_change=_marks, help=t("settings.marks_help"))
    st.caption(t("settings.marks_on") if v.marks_reading else t("settings.marks_off"))

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

    if not signin:
        profiles_ui.delete_current(v.profile, len(v.statuses))

    def status_label(status: str) -> str:
        return t(f"status.{status}")

    removed = p.removed_chapters(cur, v.statuses)
    st.subheader(t("settings.removed"), anchor=False)
    if removed:
        st.caption(t("settings.removed_note"))
        shown = removed[:ui.LIST_MAX]  # a page never renders an unbounded list
        st.markdown("\n".join(f"- {literal(slug)}: {status_label(v.statuses[slug])}" for slug in shown))
        if len(removed) > len(shown):
            st.caption(t("settings.removed_more", n=len(removed) - len(shown)))
    else:
        st.caption(t("settings.removed_none"))

profiles_ui.admin_section()
