"""Settings: progress tracking for this browser tab (profile, where it is stored, export/import, reset)."""

import streamlit as st

from components import account, curricula_ui, profiles_ui, progress_files, state
from components import progress_ui as ui
from components.compat import run_inside_frame
from components.i18n_ui import t
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

    progress_files.section(v, cur, cfg)  # export, import and reset of the curriculum shown

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
