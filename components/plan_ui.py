"""The study plan in the UI: the Plan page's form and days, today's chapters for the graph and the start page,
the review buttons in the reader, the .ics download and the team's plan versus actual.

Render only: planning is :mod:`topicgraph.planner`, storage :class:`topicgraph.progress.plans.PlanStore`.
A plan belongs to a progress profile (it is stored with the progress), so it needs tracking on. Every store
call goes through :func:`components.progress_ui.attempt`: a database failure is a message, never a crash.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from babel.dates import format_date as _babel_date

from components import account, progress_ui, state
from components.i18n_ui import lang, t
from components.start_here import chapter_link, md_escape
from components.state import Explorer
from topicgraph import progress as p
from topicgraph.i18n import DEFAULT_LANG
from topicgraph.model import Chapter, Curriculum
from topicgraph.planner import (
    DEFAULT_WPM,
    Behind,
    Budget,
    Cut,
    Day,
    Plan,
    Spec,
    SpecError,
    behind,
    ics,
    make_plan,
    plan_vs_actual,
)
from topicgraph.planner.reviews import RATING_LABELS, cards_for, due_dates, first_card, from_json, review, to_json
from topicgraph.progress.plans import PlanStore, StoredPlan
from topicgraph.safe_md import literal

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # stored values
DAYS_SHOWN, DAYS_MAX = 21, 400  # days listed at first / at most
_CACHE, _MSG = "_plan_cache", "_plan_msg"
UTC = timezone.utc
T = TypeVar("T")


def today() -> date:
    """Today (UTC, like the store's times); ``$TOPICGRAPH_TODAY`` (YYYY-MM-DD) fixes it for tests and demos."""
    fixed = os.environ.get("TOPICGRAPH_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return datetime.now(UTC).date()


def is_lead() -> bool:
    """Who may give the team a plan: everyone in single-user mode (no sign-in configured); with sign-in,
    an admin (``[topicgraph] admins``)."""
    return not account.signin_mode() or account.is_admin()


# --------------------------------------------------------------------------- the current plan


@dataclass(frozen=True)
class Current:
    """This profile's plan as stored and as it stands today."""

    stored: StoredPlan
    spec: Spec
    plan: Plan
    behind: Behind
    team: bool  # the team's plan (the person has none of their own)


def _read(action: Callable[[p.ProgressStore], T]) -> T | None:
    """A read for the plan: None when the store fails. Unlike ``progress_ui.attempt`` it leaves the tab's
    store message alone (a successful read must not hide that the database is read-only)."""
    try:
        return action(progress_ui.store())
    except p.StoreUnavailable:
        return None


def _finished(v: progress_ui.View, cur: Curriculum) -> tuple[set[str], set[str]]:
    done = {s for s, st_ in v.statuses.items() if st_ == p.DONE and s in cur.chapter_map}
    skipped = {s for s, st_ in v.statuses.items() if st_ == p.SKIPPED and s in cur.chapter_map}
    return done, skipped


def current(ex: Explorer) -> Current | None:
    """The plan of this tab's profile (its own, else the team's), re-planned from today with its progress.

    Kept for the session until the statuses, the stored plan, the review cards or the day change."""
    v = progress_ui.view()
    if v is None:
        return None
    cur = ex.curriculum
    found = _read(lambda s: (PlanStore(s).plan(v.profile), PlanStore(s).team_plan()))
    if found is None:
        return None
    own, team = found
    stored = own or team
    if stored is None:
        return None
    token = v.derived("plan.token", cur, object)  # a new object whenever a status changes
    key = (v.profile, stored.key, stored.updated_at, stored.spec, stored.baseline, id(token), today(),
           st.session_state.get("_plan_cards_version", 0), id(cur))
    kept = st.session_state.get(_CACHE)
    if isinstance(kept, tuple) and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    try:
        spec = Spec.from_json(stored.spec)
    except SpecError as e:
        st.session_state[_MSG] = t("plan.stored_unreadable", error=literal(str(e), limit=200))
        return None
    entries = v.derived("plan.entries", cur, lambda: _read(lambda s: s.entries(v.profile)) or [])
    done, skipped = _finished(v, cur)
    now = today()
    done_at = {e.chapter: e.updated_at for e in entries if e.chapter in done}
    done_today = {s for s, at in done_at.items() if at.astimezone(UTC).date() == now}
    done_today |= {e.chapter for e in entries if e.chapter in skipped and e.updated_at.astimezone(UTC).date() == now}
    cards = _read(lambda s: PlanStore(s).cards(v.profile)) or {}
    stored_cards = {}
    for slug, c in cards.items():
        try:
            stored_cards[slug] = from_json(c.card)
        except (ValueError, KeyError, TypeError):
            continue  # a damaged card: the chapter starts again from when it was done
    due = due_dates(cards_for({s: at for s, at in done_at.items() if s not in done_today}, stored_cards))
    req = spec.request(now, done=done, skipped=skipped, done_today=done_today, reviews=due)
    plan = make_plan(cur, ex.graph, req)
    try:
        baseline = json.loads(stored.baseline)
    except ValueError:
        baseline = {}
    late = behind(cur, ex.graph, baseline if isinstance(baseline, dict) else {}, req)
    result = Current(stored, spec, plan, late, own is None)
    st.session_state[_CACHE] = (key, result)
    return result


def today_route(ex: Explorer) -> list[str] | None:
    """Today's chapters still to read, in order, for the graph to number (None without a plan)."""
    if not progress_ui.tracking():
        return None
    c = current(ex)
    if c is None:
        return None
    return c.plan.today_reads() or None


# --------------------------------------------------------------------------- pieces for other pages


def _minutes(n: int) -> str:
    h, m = divmod(int(n), 60)
    return t("time.hm", h=h, m=m) if h and m else t("time.h", h=h) if h else t("time.min", m=m)


def _day(d: date, key: str = "fmt.day") -> str:
    """A date as the catalog's babel pattern *key* writes it: "Mon 07 Dec" / «пн, 7 дек.»."""
    return str(_babel_date(d, t(key), locale=lang()))


def _weekday_name(w: str) -> str:
    return t(f"weekday.{w[:3].lower()}")


def rating_label(rating: str) -> str:
    return t(f"plan.rating.{rating}") if rating in RATING_LABELS else rating


def behind_text(late: Behind) -> str:
    """:meth:`Behind.text` in the interface language ("2 chapters behind, +20 min a day until Friday (11 Dec)")."""
    return late.text(lang())


def cut_text(cut: Cut, before: Budget, target: date) -> str:
    """A cut's sentence (:meth:`Cut.text`) in the interface language: our own words and numbers only."""
    return cut.text(lang())


def today_card(ex: Explorer, on_select: Callable[[str | None], None]) -> None:
    """On the start page, first: today's chapters and reviews from the plan, the first one to open here."""
    if not progress_ui.tracking():
        return
    c = current(ex)
    if c is None:
        return
    cur = ex.curriculum
    day = c.plan.today
    with st.container(border=True, key="start-plan"):
        st.markdown(t("plan.today_team") if c.team else t("plan.today"))
        reads = c.plan.today_reads()
        reviews = [i.slug for i in day.reviews] if day else []
        if not reads and not reviews:
            st.caption(t("plan.nothing_today") if c.plan.order else t("plan.all_read"))
        lines = [f"{n}. {chapter_link(cur.chapter_map[s])}" for n, s in enumerate(reads, 1) if s in cur.chapter_map]
        lines += [t("plan.review_line", link=chapter_link(cur.chapter_map[s])) for s in reviews if s in cur.chapter_map]
        if lines:
            st.markdown("\n".join(lines[:20]))
        if c.behind.chapters:
            st.caption(behind_text(c.behind))
        first = (reads or reviews or [""])[0]
        if first:
            st.button(t("plan.open_here", title=md_escape(cur.chapter_map[first].title)), key="start-plan-open",
                      icon=":material/event_note:", on_click=on_select, args=(first,))
        st.page_link("pages/plan.py", label=t("plan.whole"), icon=":material/calendar_month:")


def _rate(slug: str, rating: str) -> None:
    v = progress_ui.view()
    if v is None:
        return
    now = datetime.now(UTC)

    def go(s: p.ProgressStore) -> bool:
        ps = PlanStore(s)
        stored = ps.cards(v.profile).get(slug)
        if stored is not None:
            card = from_json(stored.card)
        else:
            at = next((e.updated_at for e in s.entries(v.profile) if e.chapter == slug), now)
            card = first_card(at)
        new = review(card, rating, now)
        ps.save_card(v.profile, slug, to_json(new), new.due, rating)
        return True

    if progress_ui.attempt(go):
        st.session_state["_plan_cards_version"] = st.session_state.get("_plan_cards_version", 0) + 1
        st.session_state[_MSG] = t("plan.reviewed", rating=rating_label(rating))
    state.request_full_rerun()


def review_control(chapter: Chapter) -> None:
    """For a done chapter: when its review is due, and Again / Hard / Good / Easy (FSRS)."""
    v = progress_ui.view()
    if v is None or v.statuses.get(chapter.slug) != p.DONE:
        return
    stored = _read(lambda s: PlanStore(s).cards(v.profile).get(chapter.slug))
    if stored is not None:
        try:
            due = from_json(stored.card).due.astimezone(UTC).date()
        except (ValueError, KeyError, TypeError):
            due = today()
    else:
        at = next((e.updated_at for e in (_read(lambda s: s.entries(v.profile)) or [])
                   if e.chapter == chapter.slug), datetime.now(UTC))
        due = first_card(at).due.astimezone(UTC).date()
    now = today()
    with st.container(key="review-control"):
        if due <= now:
            st.caption(t("plan.review_due"))
        else:
            st.caption(t("plan.next_review", date=_day(due), n=(due - now).days))
        with st.container(horizontal=True, gap="small"):
            for rating in RATING_LABELS:
                st.button(rating_label(rating), key=f"review-{rating}-{chapter.slug}", on_click=_rate,
                          args=(chapter.slug, rating),
                          type="primary" if rating == "good" and due <= now else "secondary")


def reader_top(chapter: Chapter) -> None:
    """Under the reader's badges: the status control, then the review buttons of a done chapter."""
    progress_ui.status_control(chapter)
    review_control(chapter)


# --------------------------------------------------------------------------- the Plan page


def _goal_options(cur: Curriculum) -> list[str]:
    found: list[str] | None = cur.memo.get("plan_ui.goals")
    if found is None:
        themes = [f"theme:{t.slug}" for t in sorted(cur.themes, key=lambda t: t.order)]
        chapters = sorted((c.slug for c in cur.chapters), key=lambda s: cur.chapter_map[s].title.lower())
        found = themes + chapters
        cur.memo["plan_ui.goals"] = found
    return found


def _goal_label(cur: Curriculum, option: str) -> str:
    if option.startswith("theme:"):
        theme = cur.theme_map.get(option[6:])
        return t("plan.goal_theme", name=theme.name) if theme else option
    c = cur.get(option)
    return c.title if c else option


def _goals_from(spec: Spec | None, cur: Curriculum) -> list[str]:
    if spec is None:
        return []
    return [f"theme:{g}" if g in cur.theme_map and g not in cur.chapter_map else g for g in spec.goals
            if g in cur.chapter_map or g in cur.theme_map]


def _spec_from_form(cur: Curriculum) -> Spec:
    ss = st.session_state
    goals = tuple(g[6:] if g.startswith("theme:") else g for g in ss.get("plan-goals", []))
    off = ss.get("plan-off-range") or ()
    days_off: set[date] = set()
    if isinstance(off, (list, tuple)) and len(off) == 2 and all(isinstance(d, date) for d in off):
        start, end = off
        days_off = {start + timedelta(days=k) for k in range(min((end - start).days + 1, 366))}
    return Spec(goals, ss["plan-target"], Budget(round(ss["plan-weekday"] * 60), round(ss["plan-weekend"] * 60),
                                                 frozenset(days_off),
                                                 frozenset(WEEKDAYS.index(w) for w in ss.get("plan-weekdays-off", []))),
                int(ss["plan-wpm"]), bool(ss.get("plan-lean", False)))


def _save(ex: Explorer, spec: Spec, team: bool = False) -> None:
    """Store *spec* as this profile's plan (or the team's) with today's days as its baseline."""
    v = progress_ui.view()
    if v is None:
        return
    done, skipped = _finished(v, ex.curriculum)
    plan = make_plan(ex.curriculum, ex.graph, spec.request(today(), done=done, skipped=skipped))
    baseline = json.dumps(plan.schedule(), sort_keys=True)
    if progress_ui.attempt(lambda s: PlanStore(s).save(v.profile, spec.to_json(), baseline, team=team)) is not None:
        st.session_state[_MSG] = t("plan.saved_team") if team else t("plan.saved")
    state.request_full_rerun()


def _on_save(ex: Explorer) -> None:
    if not st.session_state.get("plan-goals"):
        st.session_state[_MSG] = t("plan.pick_goal")
        return
    _save(ex, _spec_from_form(ex.curriculum))


def _apply(ex: Explorer, spec: Spec) -> None:
    for key in [k for k in st.session_state if str(k).startswith("plan-")]:
        del st.session_state[key]  # the form shows the new spec
    _save(ex, spec)


def form(ex: Explorer, existing: Current | None) -> None:
    """Goals, target date, hours per weekday / weekend day, days off and pace; Save stores the plan."""
    cur = ex.curriculum
    spec = existing.spec if existing else None
    ss = st.session_state
    wanted = st.query_params.get("goal")  # from the reader's "Plan a route" (/plan?goal=slug)
    options = _goal_options(cur)
    if "plan-goals" not in ss:
        ss["plan-goals"] = _goals_from(spec, cur)
    if wanted and wanted in cur.chapter_map and wanted not in ss["plan-goals"]:
        ss["plan-goals"] = [*ss["plan-goals"], wanted]
    ss.setdefault("plan-target", max(spec.target, today()) if spec else today() + timedelta(days=42))
    ss.setdefault("plan-weekday", (spec.budget.weekday if spec else 90) / 60)
    ss.setdefault("plan-weekend", (spec.budget.weekend if spec else 180) / 60)
    ss.setdefault("plan-weekdays-off", [WEEKDAYS[w] for w in sorted(spec.budget.weekdays_off)] if spec else [])
    ss.setdefault("plan-wpm", spec.wpm if spec else DEFAULT_WPM)
    ss.setdefault("plan-lean", spec.drop_optional if spec else False)
    with st.container(border=True, key="plan-form"):
        st.multiselect(t("plan.goals"), options, key="plan-goals",
                       format_func=lambda o: _goal_label(cur, o), placeholder=t("plan.goals_placeholder"),
                       help=t("plan.goals_help"))
        a, b, c = st.columns(3)
        a.date_input(t("plan.target"), key="plan-target", min_value=today(), format="YYYY-MM-DD")
        b.number_input(t("plan.weekday_hours"), key="plan-weekday", min_value=0.0, max_value=24.0, step=0.25)
        c.number_input(t("plan.weekend_hours"), key="plan-weekend", min_value=0.0, max_value=24.0, step=0.25)
        a, b, c = st.columns(3)
        a.multiselect(t("plan.weekdays_off"), WEEKDAYS, key="plan-weekdays-off", format_func=_weekday_name)
        b.date_input(t("plan.days_off"), value=[], key="plan-off-range", format="YYYY-MM-DD")
        c.number_input(t("plan.wpm", wpm=DEFAULT_WPM), key="plan-wpm", min_value=50,
                       max_value=1000, step=10)
        st.checkbox(t("plan.lean"), key="plan-lean")
        st.button(t("plan.save") if existing is None or existing.team else t("plan.update"), key="plan-save",
                  type="primary", icon=":material/event_available:", on_click=_on_save, args=(ex,))


def _fit_report(ex: Explorer, c: Current) -> None:
    plan, fit = c.plan, c.plan.fit
    req = plan.request
    if not plan.order:
        st.success(t("plan.nothing_left"), icon=":material/check_circle:")
        return
    head = t("plan.head", n=fit.chapters, read=_minutes(fit.read_minutes), review=_minutes(fit.review_minutes),
             date=_day(req.target, "fmt.day_year"), available=_minutes(fit.available))
    if fit.fits:
        st.success(t("plan.fits", head=head, date=_day(fit.finish) if fit.finish else ""),
                   icon=":material/event_available:")
        return
    with st.container(border=True, key="plan-fit"):
        more = (t("plan.need_more", time=_minutes(fit.per_study_day), days=fit.study_days) if fit.study_days
                else t("plan.no_study_days"))
        st.error(t("plan.no_fit", short=_minutes(fit.short), date=_day(req.target), n=fit.late, head=head, more=more),
                 icon=":material/event_busy:")
        for cut in plan.cuts:
            _cut_row(ex, c, cut)


def _cut_row(ex: Explorer, c: Current, cut: Cut) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(cut_text(cut, c.spec.budget, c.plan.request.target))  # our own sentence: numbers and dates
    spec = c.spec
    if cut.kind == "drop-optional":
        new = Spec(spec.goals, spec.target, spec.budget, spec.wpm, True)
    elif cut.kind == "move-date" and cut.target:
        new = Spec(spec.goals, cut.target, spec.budget, spec.wpm, spec.drop_optional)
    elif cut.kind == "raise-time" and cut.budget:
        new = Spec(spec.goals, spec.target, cut.budget, spec.wpm, spec.drop_optional)
    else:
        return
    right.button(t("plan.apply"), key=f"plan-cut-{cut.kind}", on_click=_apply, args=(ex, new), disabled=c.team)


def _behind(ex: Explorer, c: Current) -> None:
    late = c.behind
    if not late.chapters:
        return
    with st.container(border=True, key="plan-behind"):
        st.warning(t("plan.replanned", behind=behind_text(late)), icon=":material/update:")
        a, b = st.columns(2)
        if late.until is not None:
            spec = c.spec
            catch = Spec(spec.goals, spec.target, late.budget(spec.budget), spec.wpm, spec.drop_optional)
            a.button(t("plan.catch_up", extra=late.extra_per_day, weekday=_day(late.until, "fmt.weekday"),
                       date=_day(late.until)), key="plan-catch-up",
                     on_click=_apply, args=(ex, catch), disabled=c.team)
        b.button(t("plan.rebase"), key="plan-rebase", on_click=_save, args=(ex, c.spec), disabled=c.team,
                 help=t("plan.rebase_help"))


def _day_lines(cur: Curriculum, d: Day) -> str:
    lines: list[str] = []
    n = 0
    for i in d.items:
        ch = cur.get(i.slug)
        if ch is None:
            continue
        part = t("plan.part", part=i.part, parts=i.parts) if i.parts > 1 else ""
        extra = t("plan.optional") if i.optional else ""
        if i.kind == "review":
            lines.append(t("plan.day_review", link=chapter_link(ch), minutes=i.minutes))
        elif i.done:
            lines.append(t("plan.day_done", link=chapter_link(ch)))
        else:
            n += 1
            lines.append(t("plan.day_read", n=str(n), link=chapter_link(ch), part=part, minutes=i.minutes,
                           extra=extra))
    return "\n".join(lines)


def days(ex: Explorer, c: Current) -> None:
    """The plan by day: numbered chapters (links to the graph), reviews, minutes used of the day's budget."""
    cur = ex.curriculum
    plan = c.plan
    shown = [d for d in plan.days if d.items][:DAYS_MAX]
    if not shown:
        return
    st.subheader(t("plan.by_day"), anchor=False)
    everything = st.toggle(t("plan.show_all", n=len(shown)), key="plan-all-days") if len(shown) > DAYS_SHOWN \
        else True
    for d in shown if everything else shown[:DAYS_SHOWN]:
        late = t("plan.after_date") if d.day > plan.request.target else ""
        label = t("plan.day_today") if d.day == plan.request.today else _day(d.day)
        with st.container(border=True, key=f"plan-day-{d.day.isoformat()}"):
            st.markdown(t("plan.day_head", label=label, used=d.used, budget=d.budget, late=late))
            st.markdown(_day_lines(cur, d))


def calendar(ex: Explorer, c: Current) -> None:
    """The .ics download: SEQUENCE counts are kept with the plan, so a re-import updates the events."""
    try:
        previous = json.loads(c.stored.calendar)
    except ValueError:
        previous = {}
    seqs = ics.sequences(previous if isinstance(previous, dict) else {}, c.plan)
    if seqs != previous:
        progress_ui.attempt(lambda s: PlanStore(s).set_calendar(c.stored.key, json.dumps(seqs, sort_keys=True)))
    try:
        base = str(st.context.url or "").split("?")[0].rsplit("/plan", 1)[0] or "http://localhost:8501"
    except Exception:
        base = "http://localhost:8501"
    query = state.link_query() + (f"lang={lang()}&" if lang() != DEFAULT_LANG else "")
    data = ics.to_ics(c.plan, ex.curriculum, c.stored.uid, seqs, base, name=t("plan.title"), lang=lang(),
                      query=query)
    st.download_button(t("plan.ics"), data, file_name="study-plan.ics", mime="text/calendar",
                       key="plan-ics", icon=":material/calendar_add_on:", on_click="ignore",
                       help=t("plan.ics_help"))


def team_controls(ex: Explorer, c: Current | None) -> None:
    if c is None or c.team or not is_lead():
        return
    st.button(t("plan.to_team"), key="plan-to-team", icon=":material/groups:",
              on_click=_save, args=(ex, c.spec, True),
              help=t("plan.to_team_help"))


def messages() -> None:
    msg = st.session_state.pop(_MSG, None)
    if msg:
        st.toast(msg, icon=":material/event_note:")


def plan_page(ex: Explorer) -> None:
    messages()
    if not progress_ui.tracking():
        st.info(t("plan.needs_tracking"),
                icon=":material/checklist:")
        st.page_link("pages/settings.py", label=t("plan.open_settings"), icon=":material/settings:")
        return
    c = current(ex)
    err = progress_ui.error()
    if err is not None:
        st.error(progress_ui.unavailable_message(err), icon=":material/sync_problem:")
        return
    if c is not None and c.team:
        st.info(t("plan.follow_team", owner=literal(c.stored.owner)),
                icon=":material/groups:")
    form(ex, c)
    if c is None:
        st.caption(t("plan.empty"))
        return
    if c.plan.unknown_goals:
        st.caption(t("plan.left_out", goals=literal(", ".join(c.plan.unknown_goals), limit=200)))
    _behind(ex, c)
    _fit_report(ex, c)
    with st.container(horizontal=True, gap="small"):
        calendar(ex, c)
        team_controls(ex, c)
    days(ex, c)


# --------------------------------------------------------------------------- the team


def team_section(ex: Explorer, names: list[str], rows: list[tuple[str, str, str, datetime]]) -> None:
    """/team: the team's plan versus what each person has done (chapters due by today, done of them)."""
    cur = ex.curriculum
    stored = _read(lambda s: PlanStore(s).team_plan())
    st.subheader(t("plan.team_header"), anchor=False)
    if stored is None:
        st.caption(t("plan.no_team_plan"))
        return
    try:
        spec = Spec.from_json(stored.spec)
        baseline: dict[str, Any] = json.loads(stored.baseline)
    except (SpecError, ValueError):
        st.caption(t("plan.team_unreadable"))
        return
    now = today()
    finished: dict[str, set[str]] = {n: set() for n in names}
    for name, slug, status, _ in rows:
        if status in (p.DONE, p.SKIPPED) and name in finished:
            finished[name].add(slug)
    table = []
    for name in names:
        f = plan_vs_actual(baseline, now, finished[name])
        table.append({t("plan.col.profile"): name, t("plan.col.due"): f["due"], t("plan.col.done_due"): f["done_due"],
                      t("plan.col.behind"): f["behind"], t("plan.col.done"): f["done"],
                      t("plan.col.planned"): f["planned"]})
    goals = ", ".join(_goal_label(cur, g if g in cur.chapter_map else f"theme:{g}") for g in spec.goals)
    st.caption(t("plan.team_from", owner=literal(stored.owner), goals=literal(goals, limit=200),
                 date=_day(spec.target, "fmt.day_year")))
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
