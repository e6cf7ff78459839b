"""Who this tab tracks as: the signed-in person (when sign-in is configured) or a profile chosen by name.

*Sign-in mode* — ``[auth]`` in secrets.toml (Streamlit's OIDC sign-in) or ``server.trustedUserHeaders`` (an
authenticating proxy): the profile is the person (``id:`` + a hash of issuer and subject, see
topicgraph/progress/profiles.py), taken from ``st.user`` on every run; ``?profile=`` and any widget value are
ignored, so nobody reaches another person's statuses. Signed-out visitors read but cannot write.

*Open mode* (nothing configured: one person, or a demo): a profile is created only in Settings;
``?profile=name`` selects an existing one and says so, in plain text, when there is none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from components import state
from components.i18n_ui import t
from topicgraph import progress as p
from topicgraph.access import PROXY_ISSUER, Person, Policy
from topicgraph.progress import people as pp
from topicgraph.safe_md import literal

_IDENTITY, _CHECKED, _MODE, NOTICE = "_acct_identity", "_acct_checked", "_acct_mode", "_p_notice"


def _secret_section(name: str) -> dict[str, Any] | None:
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets.toml, or a malformed one: nothing configured
        return None
    return section.to_dict() if hasattr(section, "to_dict") else section if isinstance(section, dict) else None


def _mode() -> tuple[bool, bool]:
    """Whether ``[auth]`` and trusted headers are configured, looked up once per session: every view of the
    progress asks, and reading secrets costs ~0.3 ms when there is no secrets.toml."""
    kept = st.session_state.get(_MODE)
    if not isinstance(kept, tuple):
        headers = st.get_option("server.trustedUserHeaders")
        kept = st.session_state[_MODE] = (bool(_secret_section("auth")), isinstance(headers, dict) and bool(headers))
    return kept


def oidc_configured() -> bool:
    return _mode()[0]


def proxy_configured() -> bool:
    return _mode()[1]


def signin_mode() -> bool:
    """True when people sign in (and the profile is their identity)."""
    return oidc_configured() or proxy_configured()


def person() -> Person | None:
    """The signed-in person, or None (signed out, or sign-in not configured)."""
    if not signin_mode():
        return None
    who = Person.from_claims(st.user.to_dict())
    if who is not None and who.issuer == PROXY_ISSUER and not proxy_configured():
        return None  # claims that look like a proxy's, without a proxy configured: not a sign-in
    return who


def policy() -> Policy:
    return Policy.resolve(os.environ, _secret_section("topicgraph"))


def is_admin() -> bool:
    """Admins see and manage every profile. Without sign-in there is one person (or a demo): no admin."""
    return policy().is_admin(person())


def sees_team() -> bool:
    return not signin_mode() or policy().sees_team(person())


def sees_location() -> bool:
    """The database location (host, user, path) is shown to admins, or to the one person without sign-in."""
    return not signin_mode() or is_admin()


def notice(text: str) -> None:
    """A plain-text notice for the sidebar (shown once)."""
    st.session_state[NOTICE] = text


def profile(attempt: Callable[[Callable[[p.ProgressStore], Any]], Any], failed: Callable[[], bool]) -> str | None:
    """The stored profile name this tab reads and writes, or None (not tracking, or signed out).

    ``attempt`` runs a store call and turns a failure into the sidebar's message, ``failed`` tells whether the
    last one failed (progress_ui.attempt and progress_ui.error)."""
    asked = state.profile()
    if signin_mode():
        if asked is not None:
            state.set_profile(None)
            notice(t("account.address_ignored"))
        who = person()
        if who is None:
            return None
        kept = st.session_state.get(_IDENTITY)
        if isinstance(kept, tuple) and kept[0] == who:
            return str(kept[1])
        name = attempt(lambda s: pp.ensure_identity(s, who.issuer, who.subject, who.name, who.email))
        if name is not None:
            st.session_state[_IDENTITY] = (who, name)
        return name if isinstance(name, str) else None
    if asked is None:
        return None
    if st.session_state.get(_CHECKED) == asked:
        return asked
    plausible = len(asked) <= p.NAME_MAX and not asked.startswith(pp.IDENTITY_PREFIX)
    found = attempt(lambda s: pp.find_named(s, asked)) if plausible else None
    if found is None and failed():
        return asked  # the store is down: keep the choice, the sidebar says why nothing shows
    if found is None:
        state.set_profile(None)
        notice(t("account.no_profile", name=asked[:60]))
        return None
    if found != asked:
        state.set_profile(found)
    st.session_state[_CHECKED] = found
    return str(found)


def cached_profile() -> str | None:
    """The profile :func:`profile` resolved last (no store or sign-in look-up), for fragment reruns."""
    if signin_mode():
        kept = st.session_state.get(_IDENTITY)
        return str(kept[1]) if isinstance(kept, tuple) else None
    asked = state.profile()
    return asked if asked is not None and st.session_state.get(_CHECKED) == asked else None


def forget(name: str | None = None) -> None:
    """This tab's profile was deleted (or another was chosen): check the next one again."""
    if name is None or st.session_state.get(_CHECKED) == name:
        st.session_state.pop(_CHECKED, None)


def display_name() -> str | None:
    """The name shown for this tab's profile (a signed-in person's display name)."""
    who = person()
    return who.name if who is not None else state.profile()


def sign_in_button(key: str) -> None:
    """"Sign in" (Streamlit's OIDC flow), or a hint when a proxy does the sign-in."""
    if oidc_configured():
        provider = (_secret_section("topicgraph") or {}).get("provider")
        if st.button(t("account.sign_in"), key=key, icon=":material/login:", type="primary"):
            st.login(provider) if isinstance(provider, str) and provider else st.login()
    else:
        st.caption(t("account.sign_in_proxy"))


def sign_out_button(key: str) -> None:
    if oidc_configured() and st.button(t("account.sign_out"), key=key, icon=":material/logout:"):
        st.session_state.pop(_IDENTITY, None)
        st.logout()


def account_box() -> None:
    """The sidebar's account line: who is signed in and "Sign out", or "Sign in"."""
    if not signin_mode():
        return
    who = person()
    if who is None:
        st.caption(t("account.signed_out"))
        sign_in_button("acct_sign_in")
        return
    st.caption(t("account.signed_in_admin" if is_admin() else "account.signed_in_as", name=literal(who.name, limit=60)))
    sign_out_button("acct_sign_out")


def team_gate() -> None:
    """What the team page says to someone who may not see it."""
    if person() is None:
        st.info(t("account.team_sign_in"), icon=":material/lock:")
        sign_in_button("team_sign_in")
    else:
        st.info(t("account.team_admins"), icon=":material/lock:")
