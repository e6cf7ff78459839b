"""Settings' profile sections: choose, create and delete a profile (open mode), who is signed in (sign-in
mode), and the admins' list of every profile with reset and delete. Every name is shown as plain text."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from components import account, curricula_ui, state
from components import progress_ui as ui
from components.i18n_ui import t
from topicgraph import progress as p
from topicgraph.progress import people as pp
from topicgraph.safe_md import literal

_MSG, _CONFIRM, _ADMIN_CONFIRM = "_p_msg", "_p_delete_confirm", "_p_admin_confirm"


#: Why a name was refused, by the start of the store's English message (topicgraph/progress): our key.
#: tests/app/test_i18n_pages_app.py checks every refusal the store gives maps to one.
NAME_PROBLEMS = (
    ("A profile with this name already exists", "profiles.bad.taken"),
    ("A profile name cannot contain control characters", "profiles.bad.control"),
    ("A profile name cannot be empty", "profiles.bad.empty"),
    ("A profile name has at most", "profiles.bad.long"),
    ("A profile name cannot contain invisible", "profiles.bad.invisible"),
    ("A profile name must contain a visible", "profiles.bad.visible"),
    ("A profile name cannot start with", "profiles.bad.prefix"),
    ("A profile name cannot mix look-alike", "profiles.bad.mixed"),
)


def name_problem(e: ValueError) -> str:
    """Why a profile name was refused, in the interface language (the store's words when it is new to us)."""
    text = str(e)
    key = next((k for start, k in NAME_PROBLEMS if text.startswith(start)), None)
    word = re.search(r"\((.+)\)\.$", text)  # the look-alike word, as the store quotes it
    return t(key, max=p.NAME_MAX, prefix=pp.IDENTITY_PREFIX, word=word[1] if word else "") if key else text


def say(kind: str, text: str) -> None:
    """A message for the next run (``text`` is already Markdown-safe)."""
    st.session_state[_MSG] = (kind, text)


def messages() -> None:
    kind, msg = st.session_state.pop(_MSG, ("", ""))
    if kind == "error":
        st.error(msg, icon=":material/error:")
    elif kind == "success":
        st.success(msg, icon=":material/check_circle:")


# --------------------------------------------------------------------------- open mode


def _track() -> None:
    if not st.session_state["_w_track"]:
        state.set_profile(None)


def _choose() -> None:
    state.set_profile(st.session_state["_w_profile"])
    account.forget()


def _create() -> None:
    raw = st.session_state.get("_w_new", "")
    try:
        name = ui.attempt(lambda s: pp.create_named(s, raw))
    except ValueError as e:  # not allowed, or taken (after folding case and look-alike letters)
        say("error", literal(name_problem(e)))
        return
    if name is not None:
        state.set_profile(name)
        account.forget()
        st.session_state["_w_new"] = ""
        say("success", t("profiles.created", name=literal(name)))


def choose_section() -> bool:
    """Track on/off, the profile list, "Create", and "Delete this profile". True when tracking is on."""
    st.session_state["_w_track"] = st.session_state.get("_w_track", False) or ui.tracking()
    on = st.toggle(t("profiles.track"), key="_w_track", on_change=_track, help=t("profiles.track_help"))
    names = ui.attempt(pp.named_profiles) if on else None
    if on and names is not None:
        current = state.profile()
        st.session_state["_w_profile"] = current if current in names else None
        st.selectbox(t("profiles.profile"), names, key="_w_profile", on_change=_choose,
                     placeholder=t("profiles.choose") if names else t("profiles.none_yet"))
        with st.form("new-profile", border=False, enter_to_submit=True):
            st.text_input(t("profiles.new"), key="_w_new", max_chars=p.NAME_MAX,
                          placeholder=t("profiles.new_placeholder"))
            st.form_submit_button(t("profiles.create"), on_click=_create, icon=":material/person_add:")
    return on


def delete_current(name: str, statuses: int) -> None:
    """"Delete this profile…" with a confirmation (open mode: anyone on the deployment may, as with reset)."""
    if st.button(t("profiles.delete"), icon=":material/person_remove:"):
        st.session_state[_CONFIRM] = name
    if st.session_state.get(_CONFIRM) != name:
        return
    st.warning(t("profiles.delete_confirm", name=literal(name), n=statuses))
    yes, no = st.columns(2)
    if yes.button(t("profiles.yes_delete"), type="primary", key="_p_delete_yes"):
        st.session_state.pop(_CONFIRM, None)
        if ui.attempt(lambda s: pp.delete_profile(s, name)) is not None or ui.error() is None:
            state.set_profile(None)
            account.forget(name)
            say("success", t("profiles.deleted", name=literal(name)))
        st.rerun()
    if no.button(t("profiles.cancel"), key="_p_delete_no"):
        st.session_state.pop(_CONFIRM, None)
        st.rerun()


# --------------------------------------------------------------------------- sign-in mode


def signed_in_section() -> None:
    """Who is signed in (their progress is theirs alone), or "Sign in"."""
    who = account.person()
    if who is None:
        st.info(t("profiles.sign_in_first"), icon=":material/person:")
        account.sign_in_button("settings_sign_in")
        return
    email = f" ({literal(who.email)})" if who.email else ""
    st.success(t("profiles.signed_in_admin" if account.is_admin() else "profiles.signed_in",
                 name=literal(who.name), email=email), icon=":material/verified_user:")
    account.sign_out_button("settings_sign_out")


def _admin_act(action: str, prefix: str | None = None, curriculum: str = "") -> None:
    """Reset (every status, or with ``prefix`` one curriculum's) or delete the profile being confirmed."""
    target = st.session_state.get(_ADMIN_CONFIRM)
    st.session_state.pop(_ADMIN_CONFIRM, None)
    if not account.is_admin() or not isinstance(target, tuple):  # checked again when it runs
        say("error", t("profiles.admin_only"))
        return
    name, shown = target
    if action == "reset":
        n = ui.attempt(lambda s: s.reset(name, prefix))
        if n is not None and prefix is not None:
            say("success", t("curricula.admin_reset_done", name=literal(shown), curriculum=literal(curriculum), n=n))
        elif n is not None:
            say("success", t("curricula.admin_reset_all_done" if curriculum else "profiles.reset_done",
                             name=literal(shown), n=n))
    else:
        n = ui.attempt(lambda s: pp.delete_profile(s, name))
        if n is not None or ui.error() is None:
            say("success", t("profiles.deleted_with", name=literal(shown), n=n or 0))


_SCOPE = "_w_admin_scope"  # with several curricula: what "Reset" forgets ("shown": the curriculum shown; "all")


def admin_section() -> None:
    """Every profile (name, e-mail, statuses, last change), and reset or delete one, with confirmation. With several
    curricula the statuses counted are those of the curriculum shown, and a reset says which it forgets: that
    curriculum's (the default) or every curriculum's."""
    if not account.is_admin():
        return
    st.subheader(t("profiles.admin_title"), anchor=False)
    several = curricula_ui.several()
    here = state.current_choice()
    infos = ui.attempt(lambda s: pp.profile_list(s, here.prefix if several else None))
    if not infos:
        st.caption(t("profiles.none") if infos is not None else t("profiles.unreadable"))
        return
    if several:
        st.caption(t("curricula.admin_counted", curriculum=literal(here.name)))
    st.dataframe(pd.DataFrame({
        "name": [i.display for i in infos], "e-mail": [i.email or "" for i in infos],
        "signed in": [i.signed_in for i in infos], "statuses": [i.statuses for i in infos],
        "updated": [i.updated for i in infos],
    }), hide_index=True, width="stretch",
        column_config={"name": t("profiles.col.name"), "e-mail": t("profiles.col.email"),
                       "signed in": t("profiles.col.signed_in"),
                       # a column header is plain text: the folder's name as it is
                       "statuses": t("curricula.admin_col_statuses", curriculum=here.name) if several
                       else t("profiles.col.statuses"),
                       "updated": st.column_config.DatetimeColumn(t("profiles.col.updated"),
                                                                  format="YYYY-MM-DD HH:mm")})
    shown = {i.name: i.display + (f" ({i.email})" if i.email else "") for i in infos}
    choice = st.selectbox(t("profiles.manage"), list(shown), format_func=shown.__getitem__, key="_w_admin_pick")
    reset, delete = st.columns(2)
    if choice is not None and reset.button(t("profiles.reset"), icon=":material/restart_alt:"):
        st.session_state[_ADMIN_CONFIRM] = (choice, shown[choice])
        st.session_state["_p_admin_action"] = "reset"
        st.session_state[_SCOPE] = "shown"  # each confirmation starts on the safer choice
    if choice is not None and delete.button(t("profiles.delete_other"), icon=":material/person_remove:"):
        st.session_state[_ADMIN_CONFIRM] = (choice, shown[choice])
        st.session_state["_p_admin_action"] = "delete"
    target = st.session_state.get(_ADMIN_CONFIRM)
    action = st.session_state.get("_p_admin_action", "reset")
    if isinstance(target, tuple):
        args: tuple[str, str | None, str] = (action, None, "")
        if action == "reset" and several:
            names = {"shown": t("curricula.admin_scope_shown", curriculum=literal(here.name)),
                     "all": t("curricula.admin_scope_all", n=len(state.all_choices()))}
            scope = st.radio(t("curricula.admin_scope"), list(names), format_func=names.__getitem__, key=_SCOPE,
                             horizontal=True)
            if scope == "all":
                st.warning(t("curricula.admin_confirm_all", name=literal(target[1]), n=len(state.all_choices())))
                args = (action, None, here.name)
            else:
                st.warning(t("curricula.admin_confirm_shown", name=literal(target[1]),
                             curriculum=literal(here.name)))
                args = (action, here.prefix, here.name)
        else:
            st.warning(t("profiles.confirm_reset" if action == "reset" else "profiles.confirm_delete",
                         name=literal(target[1])))
        yes, no = st.columns(2)
        yes.button(t("profiles.yes_reset" if action == "reset" else "profiles.yes_delete_short"), type="primary",
                   key="_p_admin_yes", on_click=_admin_act, args=args)
        if no.button(t("profiles.cancel"), key="_p_admin_no"):
            st.session_state.pop(_ADMIN_CONFIRM, None)
            st.rerun()
