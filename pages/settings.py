"""Settings: progress tracking for this browser tab (profile, where it is stored, export/import, reset)."""

import streamlit as st

from components import progress_ui as ui
from components import state
from components.compat import run_inside_frame
from topicgraph import progress as p

run_inside_frame()
cur = state.explorer().curriculum
st.title("Settings", anchor=False)
st.subheader("Progress tracking", anchor=False)
cfg = ui.config()


def _track() -> None:
    if not st.session_state["_w_track"]:
        state.set_profile(None)


def _choose() -> None:
    state.set_profile(st.session_state["_w_profile"])


def _create() -> None:
    try:
        name = p.clean_profile_name(st.session_state.get("_w_new", ""))
    except ValueError as e:
        st.session_state["_p_msg"] = ("error", str(e))
        return
    if ui.attempt(lambda s: s.create_profile(name)) is not None:
        state.set_profile(name)
        st.session_state["_w_new"] = ""


st.session_state["_w_track"] = st.session_state.get("_w_track", False) or ui.tracking()
on = st.toggle("Track my progress", key="_w_track", on_change=_track,
               help="For this browser tab. Your profile goes into the page address, so a bookmark keeps it.")
profiles = ui.attempt(lambda s: s.profiles()) if on else None
if on and profiles is not None:
    if state.profile() and state.profile() not in profiles:
        profiles = [*profiles, state.profile() or ""]
    st.session_state["_w_profile"] = state.profile()
    st.selectbox("Profile", profiles, key="_w_profile", on_change=_choose,
                 placeholder="Choose your profile…" if profiles else "No profiles yet: create one below")
    with st.form("new-profile", border=False, enter_to_submit=True):
        st.text_input("New profile", key="_w_new", max_chars=p.NAME_MAX, placeholder="Your name")
        st.form_submit_button("Create and use it", on_click=_create, icon=":material/person_add:")
kind, msg = st.session_state.pop("_p_msg", ("", ""))
if kind == "error":
    st.error(msg, icon=":material/error:")
elif kind == "success":
    st.success(msg, icon=":material/check_circle:")

v = ui.view(fresh=True)
err = ui.error()
if err is not None:
    st.error(ui.unavailable_message(err), icon=":material/sync_problem:")
elif v is not None:
    st.success(f"Tracking as **{ui.md_escape(v.profile)}** in this tab. Other people pick their own profile.",
               icon=":material/check_circle:")
elif on:
    st.info("Choose or create a profile to start tracking.", icon=":material/person:")
else:
    st.info("Tracking is off in this tab: nothing is recorded and the graph shows no progress.")

if ui.location_visible():  # it names the database user, host and port
    st.text_input("Stored in", cfg.where, disabled=True,
                  help=f"From {cfg.source}. Set TOPICGRAPH_DB or [connections.progress] url in "
                       ".streamlit/secrets.toml.")
kinds = {"sqlite": "SQLite file", "postgresql": "PostgreSQL database"}
st.caption(f"{kinds.get(cfg.backend, cfg.backend + ' database')}, "
           f"configured by {cfg.source}.")

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
    exported = ui.attempt(lambda s: s.export_json(v.profile))
    if exported is not None:
        st.download_button("Export my progress (JSON)", exported, file_name="progress.json",
                           mime="application/json", icon=":material/download:")
    def _import() -> None:  # on upload: the sidebar, drawn after this callback, already shows the merge
        upload = st.session_state.get("_w_import")
        if upload is None or v is None:
            return
        try:
            known = {c.slug for c in cur.chapters}  # other chapters are counted and named, not stored
            result = ui.attempt(lambda s: s.import_json(v.profile, upload.getvalue(), known))
        except p.ProgressFileError as e:
            st.session_state["_p_import"] = ("error", f"Not imported: {ui.md_escape(str(e))}. Nothing was changed.")
            return
        if result is not None:
            st.session_state["_p_import"] = ("success", f"Imported {ui.md_escape(upload.name)}: "
                                                        f"{ui.md_escape(str(result))}.")

    st.file_uploader("Import progress (a JSON export)", type=["json"], key="_w_import", on_change=_import,
                     help="Merged into your progress: a chapter takes the file's status only if it is newer.")
    kind, msg = st.session_state.pop("_p_import", ("", ""))
    if kind:
        (st.error if kind == "error" else st.success)(msg)

    if st.button("Reset my progress…", icon=":material/restart_alt:"):
        st.session_state["_p_confirm"] = True
    if st.session_state.get("_p_confirm"):
        st.warning(f"Forget all {len(v.statuses)} statuses of **{ui.md_escape(v.profile)}**? Export first to keep "
                   "a copy.")
        yes, no = st.columns(2)
        if yes.button("Yes, reset", type="primary"):
            st.session_state["_p_confirm"] = False
            removed_rows = ui.attempt(lambda s: s.reset(v.profile))
            if removed_rows is not None:
                st.session_state["_p_msg"] = ("success", f"Progress reset: {removed_rows} statuses forgotten.")
                st.rerun()
        if no.button("Cancel"):
            st.session_state["_p_confirm"] = False
            st.rerun()

    removed = p.removed_chapters(cur, v.statuses)
    st.subheader("Removed chapters", anchor=False)
    if removed:
        st.caption("Chapters you have a status for that are no longer in the content. Kept, never deleted silently.")
        shown = removed[:ui.LIST_MAX]  # a page never renders an unbounded list
        st.markdown("\n".join(f"- {ui.md_escape(slug)}: {p.STATUS_LABELS[v.statuses[slug]]}" for slug in shown))
        if len(removed) > len(shown):
            st.caption(f"… and {len(removed) - len(shown):,} more (an export lists them all).")
    else:
        st.caption("None: every chapter you have a status for is in the content.")
