"""Settings: progress tracking for this browser tab (profile, where it is stored, export/import, reset)."""

import streamlit as st

from components import account, curricula_ui, profiles_ui, state
from components import progress_ui as ui
from components.compat import run_inside_frame
from topicgraph import progress as p
from topicgraph.safe_md import literal

run_inside_frame()
cur = state.explorer().curriculum
st.title("Settings", anchor=False)
st.subheader("Progress tracking", anchor=False)
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
        st.success(f"Tracking as **{literal(v.profile)}** in this tab. Other people pick their own profile.",
                   icon=":material/check_circle:")
elif on and not signin:
    st.info("Choose or create a profile to start tracking.", icon=":material/person:")
elif not signin:
    st.info("Tracking is off in this tab: nothing is recorded and the graph shows no progress.")

if account.sees_location():  # host, user and path: the one person without sign-in, or an admin
    st.text_input("Stored in", cfg.where, disabled=True,
                  help=f"From {cfg.source}. Set TOPICGRAPH_DB or [connections.progress] url in secrets.toml.")
    kinds = {"sqlite": "SQLite file", "postgresql": "PostgreSQL database"}
    st.caption(f"{kinds.get(cfg.backend, cfg.backend + ' database')}, configured by {cfg.source}.")

if v is not None:
    def _marks() -> None:
        if ui.attempt(lambda s: s.set_marks_reading(v.profile, st.session_state["_w_marks"])) is not None:
            v.marks_reading = st.session_state["_w_marks"]

    st.session_state["_w_marks"] = v.marks_reading
    st.toggle("Opening a chapter marks it as reading", key="_w_marks", on_change=_marks,
              help="On: the first time you open a chapter it becomes 'Reading'. Off: only your clicks set a status.")
    st.caption("Opening a chapter " + ("marks it **Reading** (unless it already has a status)." if v.marks_reading
                                       else "does **not** change its status."))

    st.subheader("Export, import, reset", anchor=False)
    curricula_ui.settings_scope()  # export, import and reset act on the curriculum shown
    exported = ui.attempt(lambda s: curricula_ui.export_progress(s, v.profile))
    if exported is not None:
        st.download_button(curricula_ui.scoped("Export my progress (JSON)", "curricula.export"), exported,
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
            st.session_state["_p_import"] = ("error", f"Not imported: {ui.md_escape(str(e))}. Nothing was changed.")
            return
        if result is not None:
            st.session_state["_p_import"] = ("success",
                                             f"Imported {literal(upload.name)}: {ui.md_escape(str(result))}.")

    st.file_uploader(curricula_ui.scoped("Import progress (a JSON export)", "curricula.import"), type=["json"],
                     key="_w_import", on_change=_import,
                     max_upload_size=-(-cfg.limits.max_bytes // 1_000_000),  # MB: the browser refuses more
                     help="Merged into your progress: a chapter takes the file's status only if it is newer.")
    kind, msg = st.session_state.pop("_p_import", ("", ""))
    if kind:
        (st.error if kind == "error" else st.success)(msg)

    if st.button(curricula_ui.scoped("Reset my progress…", "curricula.reset"), icon=":material/restart_alt:"):
        st.session_state["_p_confirm"] = True
    if st.session_state.get("_p_confirm"):
        shown = literal(account.display_name() or v.profile)
        st.warning(curricula_ui.scoped(f"Forget all {len(v.statuses)} statuses of **{shown}**? Export first to keep "
                                       "a copy.", "curricula.reset_confirm", n=len(v.statuses), who=shown))
        yes, no = st.columns(2)
        if yes.button("Yes, reset", type="primary"):
            st.session_state["_p_confirm"] = False
            removed_rows = ui.attempt(lambda s: curricula_ui.reset_progress(s, v.profile))
            if removed_rows is not None:
                st.session_state["_p_msg"] = ("success", curricula_ui.scoped(
                    f"Progress reset: {removed_rows} statuses forgotten.", "curricula.reset_done", n=removed_rows))
                st.rerun()
        if no.button("Cancel"):
            st.session_state["_p_confirm"] = False
            st.rerun()

    if not signin:
        profiles_ui.delete_current(v.profile, len(v.statuses))

    removed = p.removed_chapters(cur, v.statuses)
    st.subheader("Removed chapters", anchor=False)
    if removed:
        st.caption("Chapters you have a status for that are no longer in the content. Kept, never deleted silently.")
        shown = removed[:ui.LIST_MAX]  # a page never renders an unbounded list
        st.markdown("\n".join(f"- {literal(slug)}: {p.STATUS_LABELS[v.statuses[slug]]}" for slug in shown))
        if len(removed) > len(shown):
            st.caption(f"… and {len(removed) - len(shown):,} more (an export lists them all).")
    else:
        st.caption("None: every chapter you have a status for is in the content.")

profiles_ui.admin_section()
