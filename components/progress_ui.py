"""Reading progress in the UI: the status control in the reader, statuses for the graph's rings, bars in the
sidebar and on theme pages. The store is topicgraph/progress.py; this module only talks to it.

Tracking is per browser tab: it is on when the tab has a profile (``?profile=name`` in the URL, chosen in
Settings). Every store call goes through :func:`attempt`, so a database that is unreachable, locked,
read-only or corrupt becomes a message (what, where, what to do) and never an exception in a page: the
graph and the reader keep working.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import streamlit as st

from components import account, state
from components.i18n_ui import lang, t
from topicgraph import i18n
from topicgraph import progress as p
from topicgraph.curricula import local_statuses
from topicgraph.model import Chapter, Curriculum
from topicgraph.progress import people as pp
from topicgraph.safe_md import literal

T = TypeVar("T")
HIDE_DONE = "p_hide_done"
LIST_MAX = 50  # longest list of chapters a page renders (the rest are counted)
_VIEW, _ERROR, _OPENED, _NOTICE = "_p_view", "_p_error", "_p_opened", account.NOTICE
_UNSAVED = "_p_unsaved"  # why the last status click was not saved; kept until a later one is


@dataclass
class View:
    """What this tab knows of its profile's progress (kept in the session, written through on changes)."""

    profile: str
    statuses: dict[str, str] = field(default_factory=dict)
    marks_reading: bool = True
    #: Store keys of this curriculum's chapters are ``prefix + slug`` (see topicgraph/curricula.py).
    prefix: str = ""
    # Shapes derived from ``statuses`` for one curriculum (the graph's rings, the done set), rebuilt
    # only when a status changes, not on every click: name -> (curriculum, value).
    _derived: dict[str, tuple[Curriculum, Any]] = field(default_factory=dict, repr=False, compare=False)

    def set(self, slug: str, status: str) -> None:
        """Record a status this tab saved (the store already has it)."""
        self.statuses[slug] = status
        self._derived.clear()

    def derived(self, name: str, cur: Curriculum, build: Callable[[], T]) -> T:
        kept = self._derived.get(name)
        if kept is not None and kept[0] is cur:
            return cast(T, kept[1])
        value = build()
        self._derived[name] = (cur, value)
        return value


def md_escape(text: str) -> str:
    """Our own text with paths in it for Markdown-rendering widgets. Untrusted text (profile names, slugs, file
    names) goes through :func:`topicgraph.safe_md.literal` instead: no links, no icon codes, no markup."""
    for ch in "\\`*_[]()<>#|~$!{}":
        text = text.replace(ch, "\\" + ch)
    return text


def config() -> p.StoreConfig:
    """Where progress is stored: ``$TOPICGRAPH_DB``, else secrets.toml ``[connections.progress] url``, else the
    default SQLite file."""
    secret: str | None = None
    try:
        secret = st.secrets["connections"]["progress"]["url"]
    except Exception:  # no secrets.toml, no such section, or a malformed file: fall back to the default
        secret = None
    return p.StoreConfig.resolve(secrets_url=secret if isinstance(secret, str) else None)


@st.cache_resource(show_spinner=False)
def _open(url: str, source: str) -> p.ProgressStore:
    # One engine (and pool) per database for the whole server; a failure is not cached, so it is retried.
    return p.ProgressStore.open(p.StoreConfig(url, source))


def store() -> p.ProgressStore:
    cfg = config()
    return _open(cfg.url, cfg.source)


def attempt(action: Callable[[p.ProgressStore], T]) -> T | None:
    """Run ``action`` on the store; on failure remember the error for the messages and return None."""
    try:
        result = action(store())
    except p.StoreUnavailable as e:
        st.session_state[_ERROR] = e
        return None
    st.session_state[_ERROR] = None
    return result


def error() -> p.StoreUnavailable | None:
    err = st.session_state.get(_ERROR)
    return err if isinstance(err, p.StoreUnavailable) else None


def tracking() -> bool:
    """Whether this tab tracks progress: signed in (sign-in mode) or a profile chosen (open mode)."""
    return account.person() is not None if account.signin_mode() else state.profile() is not None


def view(*, fresh: bool = False) -> View | None:
    """This tab's profile and its statuses, or None when tracking is off or the store failed.

    The profile is the signed-in person's, or (without sign-in) an existing profile chosen in Settings or by
    ``?profile=``; it is never created here. Read from the database on every full run (``fresh``:
    :func:`refresh`, before the page) and kept for the fragment reruns in between; this tab's own changes
    are written through."""
    current = st.session_state.get(_VIEW)
    if (not fresh and isinstance(current, View) and current.profile == account.cached_profile()
            and current.prefix == state.current_choice().prefix):
        return current  # a fragment rerun: the profile was resolved on this run's full run
    profile = account.profile(attempt, lambda: error() is not None)
    if profile is None:
        st.session_state[_VIEW] = None
        return None
    prefix = state.current_choice().prefix
    mine = isinstance(current, View) and current.profile == profile and current.prefix == prefix
    if not fresh and (error() is not None or mine):
        return current if mine and isinstance(current, View) else None

    def load(s: p.ProgressStore) -> View | None:
        statuses = s.statuses(profile)
        if not statuses and not account.signin_mode() and profile not in pp.named_profiles(s):
            return None  # deleted since it was chosen (in another tab)
        return View(profile, local_statuses(statuses, prefix), s.marks_reading(profile), prefix)

    loaded = attempt(load)
    if loaded is None and error() is None:
        account.forget(profile)
        state.set_profile(None)
        account.notice(t("progress.deleted"))
    if (isinstance(current, View) and loaded is not None and (current.profile, current.statuses,
                                                              current.marks_reading, current.prefix) ==
            (loaded.profile, loaded.statuses, loaded.marks_reading, loaded.prefix)):
        loaded = current  # nothing changed in the store: keep what was derived from it (tallies, done set)
    st.session_state[_VIEW] = loaded
    if loaded is not None and store().read_only is not None:
        st.session_state[_ERROR] = store().read_only  # readable, but nothing new can be saved: say so now
    return loaded


def _opened(cur: Curriculum, v: View) -> None:
    """Opening a chapter marks it "reading" (when the profile wants that), once per opening."""
    chapter = state.selected(cur)
    slug = chapter.slug if chapter else None
    if slug == st.session_state.get(_OPENED):
        return
    st.session_state[_OPENED] = slug
    if slug and v.marks_reading and v.statuses.get(slug, p.NOT_STARTED) == p.NOT_STARTED \
            and attempt(lambda s: s.mark_reading(v.profile, v.prefix + slug)) is not None:
        v.set(slug, p.READING)


def statuses(cur: Curriculum) -> dict[str, str]:
    """Reading status per chapter slug for the graph's rings ({} when tracking is off); shared, read-only."""
    v = view()
    if v is None:
        return {}
    _opened(cur, v)
    return v.derived("statuses", cur, lambda: {slug: s for slug, s in v.statuses.items()
                                               if s != p.NOT_STARTED and cur.get(slug) is not None})


def done_chapters(cur: Curriculum) -> frozenset[str] | None:
    """Chapters done or skipped, or None when tracking is off."""
    v = view()
    if v is None:
        return None
    return v.derived("done", cur, lambda: frozenset(slug for slug, s in v.statuses.items()
                                                    if s in (p.DONE, p.SKIPPED) and cur.get(slug) is not None))


def hidden_done(cur: Curriculum) -> frozenset[str]:
    """Chapters to take off the graph when "Hide done and skipped" is on (the open chapter always stays)."""
    if not st.session_state.get(HIDE_DONE):
        return frozenset()
    chapter = state.selected(cur)
    return (done_chapters(cur) or frozenset()) - ({chapter.slug} if chapter else set())


def without_done(cur: Curriculum, local: set[str] | None) -> set[str] | None:
    """The graph's ``local`` set without done and skipped chapters (unchanged when the switch is off)."""
    hidden = hidden_done(cur)
    if not hidden:
        return local
    return (local if local is not None else {c.slug for c in cur.chapters}) - hidden


def theme_progress(cur: Curriculum, theme_slug: str) -> p.Tally | None:
    """One theme's tally for this tab's profile (None when tracking is off or the theme is unknown)."""
    v = view()
    if v is None or theme_slug not in cur.theme_map:
        return None
    return _tallies(cur, v)[1][theme_slug]


def _tallies(cur: Curriculum, v: View) -> tuple[p.Tally, dict[str, p.Tally]]:
    """Overall and per-theme tallies (a pass over every chapter), kept until a status changes."""
    return v.derived("tallies", cur, lambda: (p.overall(cur, v.statuses), p.theme_tallies(cur, v.statuses)))


def bar_text(name: str, tally: p.Tally, language: str = "en") -> str:
    """``Databases: 2 of 3 done · 67%``; the percentage is rounded down, so 100 % means every counted chapter.

    >>> bar_text("Databases", p.Tally(done=199, reading=0, skipped=1, total=201))
    'Databases: 199 of 200 done · 99% (1 skipped)'
    >>> bar_text("Базы данных", p.Tally(done=199, reading=0, skipped=1, total=201), "ru")
    'Базы данных: прочитано 199 из 200 · 99% (пропущено: 1)'
    """
    pct = math.floor(tally.percent)
    return i18n.t("progress.bar_with_skipped" if tally.skipped else "progress.bar", language, name=md_escape(name),
                  done=tally.done, counted=tally.counted, pct=pct, skipped=tally.skipped)


def progress_bar(name: str, tally: p.Tally) -> None:
    st.progress(tally.fraction, text=bar_text(name, tally, lang()))


def _on_status(key: str, slug: str, current: str) -> None:
    value = st.session_state.get(key)
    v = view()
    if value is None or v is None:  # a click on the selected option deselects it: keep the status
        st.session_state[key] = current
        return
    attempt(lambda s: s.set_status(v.profile, v.prefix + slug, value))  # returns None either way: error() tells
    err = error()
    if err is None:
        v.set(slug, value)
        st.session_state.pop(_UNSAVED, None)
    else:  # not saved: the control shows what is stored, not the click, and the sidebar says why until a
        st.session_state[key] = current  # later click is saved (a successful read clears error())
        st.session_state[_UNSAVED] = describe(err, show_where=location_visible())
    state.request_full_rerun()  # the sidebar bars are outside the graph fragment


def location_visible() -> bool:
    """Whether this visitor may see where progress is stored (a path, or user@host:port/db). Yes when one
    person uses the app (no sign-in configured); with sign-in, only admins (the sign-in code decides)."""
    return account.sees_location()


_ERROR_KINDS = ("config", "unreachable", "locked", "read-only", "corrupt", "newer", "deleted", "replaced", "disk-full",
                "missing-table", "error")


def _said(err: p.StoreUnavailable) -> tuple[str, str, str]:
    """What went wrong and what to do, as plain text in the interface language, and the store's own words
    (its diagnosis, with the driver's message) when they are not the interface language's."""
    if lang() == i18n.DEFAULT_LANG or err.kind not in _ERROR_KINDS:
        return err.what, err.todo, ""
    return t(f"progress.err.{err.kind}"), t(f"progress.todo.{err.kind}"), err.what


def describe(err: p.StoreUnavailable, show_where: bool = True) -> str:
    """:meth:`StoreUnavailable.describe` in the interface language (plain text)."""
    what, todo, detail = _said(err)
    where = f" ({err.where})" if show_where else ""
    return f"{what}{where}. {todo}" + (" " + t("progress.detail", detail=detail) if detail else "")


def unavailable_message(err: p.StoreUnavailable, show_where: bool | None = None) -> str:
    head = t("progress.read_only") if err.kind == "read-only" else t("progress.unavailable")
    shown = location_visible() if show_where is None else show_where
    where = t("progress.where", where=err.where) + "  \n" if shown else ""
    what, todo, detail = _said(err)
    details = "  \n" + t("progress.detail", detail=md_escape(detail)) if detail else ""
    return t("progress.message", head=head, what=md_escape(what)) + f"  \n{where}{md_escape(todo)}{details}"


def import_summary(result: p.ImportResult) -> str:
    """What an import did, in the interface language (plain text; chapter slugs come from the file)."""
    text = t("settings.import_result", added=result.added, updated=result.updated, kept=result.kept)
    if result.unknown:
        names = ", ".join(result.unknown_first)
        more = result.unknown - len(result.unknown_first)
        listed = t("settings.import_first", k=len(result.unknown_first), names=names, n=more) if more > 0 else names
        text += t("settings.import_unknown", n=result.unknown, listed=listed)
    if result.elsewhere:  # a whole-profile export: the other curricula's statuses were not imported here
        text += t("settings.import_elsewhere", n=result.elsewhere)
    return text


def status_control(chapter: Chapter) -> None:
    """The not started / reading / done / skipped control in the reader."""
    if account.signin_mode() and account.person() is None:
        account.sign_in_button(f"p_sign_in_{chapter.slug}")  # signed out: read, never write
        return
    if not tracking():
        st.page_link("pages/settings.py", label=t("progress.enable"), icon=":material/checklist:",
                     help=t("progress.enable_help"))
        return
    v = view()
    err = error()
    if v is None or err is not None:
        st.caption(t("progress.not_saved_now", what=md_escape(_said(err)[0]) if err else t("progress.store_down")))
        if v is None:
            return
    current = v.statuses.get(chapter.slug, p.NOT_STARTED)
    key = f"p_status_{chapter.slug}_{current}"  # a new widget when the status changes elsewhere
    labels = {status: t(f"status.{status}") for status in p.STATUSES}  # a dict: see routes._route_controls
    st.segmented_control(t("progress.my_status"), p.STATUSES, default=current, format_func=labels.__getitem__,
                         key=key, on_change=_on_status, args=(key, chapter.slug, current),
                         disabled=err is not None and err.kind == "read-only")


def refresh() -> None:
    """Read this tab's progress from the store: once per full run, before the page, so the graph's
    rings and the sidebar's bars (drawn after the page) show the same, current statuses."""
    view(fresh=True)


def sidebar_progress(cur: Curriculum) -> None:
    """Per-theme and overall progress bars in the sidebar (only while tracking; after :func:`refresh`)."""
    v = view()
    account.account_box()
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(literal(notice), icon=":material/person_off:")
    if v is None and not tracking():
        return
    st.subheader(t("progress.title"), anchor=False)
    unsaved = st.session_state.get(_UNSAVED)
    if unsaved:
        st.warning(t("progress.unsaved", why=md_escape(unsaved)), icon=":material/sync_problem:")
    err = error()
    if err is not None or v is None:
        st.warning(unavailable_message(err) if err else t("team.unavailable"), icon=":material/sync_problem:")
        if v is None:
            return
    if not account.signin_mode():  # signed in, the account box above already says who
        st.caption(t("progress.tracking_as", name=literal(v.profile)))
    overall, by_theme = _tallies(cur, v)
    progress_bar(t("progress.overall"), overall)
    with st.expander(t("progress.by_theme"), expanded=True):
        for slug, tally in by_theme.items():
            progress_bar(cur.theme_map[slug].name, tally)
    st.toggle(t("progress.hide_done"), key=HIDE_DONE, help=t("progress.hide_done_help"))


Row = tuple[str, str, str, Any]  # profile, chapter, status, updated_at


def team_labels(names: list[str], rows: list[Row]) -> tuple[list[str], list[Row]]:
    """Profiles and rows with the names people see: a signed-in person's display name (with the e-mail when
    two people share one), a chosen profile's own name."""
    infos = attempt(pp.profile_list) or []
    shown = {i.name: i.display for i in infos}
    count: dict[str, int] = {}
    for i in infos:
        count[i.display] = count.get(i.display, 0) + 1
    for i in infos:
        if count[i.display] > 1:
            shown[i.name] = f"{i.display} ({i.email or i.name[-6:]})"
    label = {n: shown.get(n, n) for n in names}
    return [label[n] for n in names], [(label.get(r[0], r[0]), *r[1:]) for r in rows]
