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

from components import account, progress_ui, state
from components.start_here import chapter_link, md_escape
from components.state import Explorer
from topicgraph import progress as p
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

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
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
        st.session_state[_MSG] = f"The stored plan cannot be read ({literal(str(e), limit=200)}); make a new one."
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
    return f"{h} h {m} min" if h and m else f"{h} h" if h else f"{m} min"


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
        st.markdown("**Today in your plan**" + (" (the team's)" if c.team else ""))
        reads = c.plan.today_reads()
        reviews = [i.slug for i in day.reviews] if day else []
        if not reads and not reviews:
            st.caption("Nothing left for today." if c.plan.order else "Every chapter of the plan is read.")
        lines = [f"{n}. {chapter_link(cur.chapter_map[s])}" for n, s in enumerate(reads, 1) if s in cur.chapter_map]
        lines += [f"- Review {chapter_link(cur.chapter_map[s])}" for s in reviews if s in cur.chapter_map]
        if lines:
            st.markdown("\n".join(lines[:20]))
        if c.behind.chapters:
            st.caption(c.behind.text())
        first = (reads or reviews or [""])[0]
        if first:
            st.button(f"Open “{md_escape(cur.chapter_map[first].title)}” here", key="start-plan-open",
                      icon=":material/event_note:", on_click=on_select, args=(first,))
        st.page_link("pages/plan.py", label="The whole plan", icon=":material/calendar_month:")


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
        st.session_state[_MSG] = f"Reviewed: {RATING_LABELS[rating]}."
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
            st.caption("Review due: how well do you remember this chapter?")
        else:
            st.caption(f"Next review {due:%a %d %b} (in {(due - now).days} days). Reviewed it already? Rate it:")
        with st.container(horizontal=True, gap="small"):
            for rating, label in RATING_LABELS.items():
                st.button(label, key=f"review-{rating}-{chapter.slug}", on_click=_rate, args=(chapter.slug, rating),
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
        t = cur.theme_map.get(option[6:])
        return f"Theme: {t.name}" if t else option
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
        st.session_state[_MSG] = "The team's plan is saved." if team else "Plan saved."
    state.request_full_rerun()


def _on_save(ex: Explorer) -> None:
    if not st.session_state.get("plan-goals"):
        st.session_state[_MSG] = "Pick at least one goal."
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
        st.multiselect("Goals: chapters or whole themes", options, key="plan-goals",
                       format_func=lambda o: _goal_label(cur, o), placeholder="Type to search chapters and themes",
                       help="The plan reads each goal's prerequisites and context chain first, in reading order.")
        a, b, c = st.columns(3)
        a.date_input("Target date", key="plan-target", min_value=today(), format="YYYY-MM-DD")
        b.number_input("Hours per weekday", key="plan-weekday", min_value=0.0, max_value=24.0, step=0.25)
        c.number_input("Hours per weekend day", key="plan-weekend", min_value=0.0, max_value=24.0, step=0.25)
        a, b, c = st.columns(3)
        a.multiselect("Weekdays off", WEEKDAYS, key="plan-weekdays-off")
        b.date_input("Days off (a range, optional)", value=[], key="plan-off-range", format="YYYY-MM-DD")
        c.number_input(f"Words per minute (default {DEFAULT_WPM})", key="plan-wpm", min_value=50,
                       max_value=1000, step=10)
        st.checkbox("Leave out optional context chapters (prerequisites always stay)", key="plan-lean")
        st.button("Save plan" if existing is None or existing.team else "Update plan", key="plan-save",
                  type="primary", icon=":material/event_available:", on_click=_on_save, args=(ex,))


def _fit_report(ex: Explorer, c: Current) -> None:
    plan, fit = c.plan, c.plan.fit
    req = plan.request
    if not plan.order:
        st.success("Nothing left to read for these goals.", icon=":material/check_circle:")
        return
    head = (f"{fit.chapters} chapters · {_minutes(fit.read_minutes)} of reading + {_minutes(fit.review_minutes)} of "
            f"reviews by {req.target:%a %d %b %Y} · {_minutes(fit.available)} available")
    if fit.fits:
        st.success(f"It fits: {head}. Last chapter on {fit.finish:%a %d %b}.", icon=":material/event_available:")
        return
    with st.container(border=True, key="plan-fit"):
        more = (f"You would need about {_minutes(fit.per_study_day)} a study day on average over "
                f"{fit.study_days} study days" if fit.study_days else "There are no study days before the date")
        st.error(f"It does not fit: {_minutes(fit.short)} short before {req.target:%a %d %b}, {fit.late} chapters "
                 f"would be late. {head}. {more}.", icon=":material/event_busy:")
        for cut in plan.cuts:
            _cut_row(ex, c, cut)


def _cut_row(ex: Explorer, c: Current, cut: Cut) -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(cut.text)  # our own sentence: numbers and dates
    spec = c.spec
    if cut.kind == "drop-optional":
        new = Spec(spec.goals, spec.target, spec.budget, spec.wpm, True)
    elif cut.kind == "move-date" and cut.target:
        new = Spec(spec.goals, cut.target, spec.budget, spec.wpm, spec.drop_optional)
    elif cut.kind == "raise-time" and cut.budget:
        new = Spec(spec.goals, spec.target, cut.budget, spec.wpm, spec.drop_optional)
    else:
        return
    right.button("Apply", key=f"plan-cut-{cut.kind}", on_click=_apply, args=(ex, new), disabled=c.team)


def _behind(ex: Explorer, c: Current) -> None:
    late = c.behind
    if not late.chapters:
        return
    with st.container(border=True, key="plan-behind"):
        st.warning(late.text() + ". The days below are re-planned from today.", icon=":material/update:")
        a, b = st.columns(2)
        if late.until is not None:
            spec = c.spec
            catch = Spec(spec.goals, spec.target, late.budget(spec.budget), spec.wpm, spec.drop_optional)
            a.button(f"Catch up: +{late.extra_per_day} min a day until {late.until:%A}", key="plan-catch-up",
                     on_click=_apply, args=(ex, catch), disabled=c.team)
        b.button("Accept the new days", key="plan-rebase", on_click=_save, args=(ex, c.spec), disabled=c.team,
                 help="Make today's re-plan the plan to measure against.")


def _day_lines(cur: Curriculum, d: Day) -> str:
    lines: list[str] = []
    n = 0
    for i in d.items:
        ch = cur.get(i.slug)
        if ch is None:
            continue
        part = f" (part {i.part} of {i.parts})" if i.parts > 1 else ""
        extra = " · optional" if i.optional else ""
        if i.kind == "review":
            lines.append(f"- Review {chapter_link(ch)} · {i.minutes} min")
        elif i.done:
            lines.append(f"- ✓ {chapter_link(ch)} · done")
        else:
            n += 1
            lines.append(f"{n}. {chapter_link(ch)}{part} · {i.minutes} min{extra}")
    return "\n".join(lines)


def days(ex: Explorer, c: Current) -> None:
    """The plan by day: numbered chapters (links to the graph), reviews, minutes used of the day's budget."""
    cur = ex.curriculum
    plan = c.plan
    shown = [d for d in plan.days if d.items][:DAYS_MAX]
    if not shown:
        return
    st.subheader("Day by day", anchor=False)
    everything = st.toggle(f"Show all {len(shown)} study days", key="plan-all-days") if len(shown) > DAYS_SHOWN \
        else True
    for d in shown if everything else shown[:DAYS_SHOWN]:
        late = " · after your date" if d.day > plan.request.target else ""
        label = "Today" if d.day == plan.request.today else f"{d.day:%a %d %b}"
        with st.container(border=True, key=f"plan-day-{d.day.isoformat()}"):
            st.markdown(f"**{label}** · {d.used} of {d.budget} min{late}")
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
    data = ics.to_ics(c.plan, ex.curriculum, c.stored.uid, seqs, base)
    st.download_button("Add to calendar (.ics)", data, file_name="study-plan.ics", mime="text/calendar",
                       key="plan-ics", icon=":material/calendar_add_on:", on_click="ignore",
                       help="One event per study day. Importing it again updates the events, it does not copy them.")


def team_controls(ex: Explorer, c: Current | None) -> None:
    if c is None or c.team or not is_lead():
        return
    st.button("Give this plan to the team", key="plan-to-team", icon=":material/groups:",
              on_click=_save, args=(ex, c.spec, True),
              help="Everyone without a plan of their own follows it; /team shows plan versus actual per person.")


def messages() -> None:
    msg = st.session_state.pop(_MSG, None)
    if msg:
        st.toast(msg, icon=":material/event_note:")


def plan_page(ex: Explorer) -> None:
    messages()
    if not progress_ui.tracking():
        st.info("A plan is kept with your progress: turn on “Track my progress” in Settings first.",
                icon=":material/checklist:")
        st.page_link("pages/settings.py", label="Open Settings", icon=":material/settings:")
        return
    c = current(ex)
    err = progress_ui.error()
    if err is not None:
        st.error(progress_ui.unavailable_message(err), icon=":material/sync_problem:")
        return
    if c is not None and c.team:
        st.info(f"You follow the team's plan (from {literal(c.stored.owner)}). Save your own to change it.",
                icon=":material/groups:")
    form(ex, c)
    if c is None:
        st.caption("Pick goals and a date, then save: the plan appears here, day by day.")
        return
    if c.plan.unknown_goals:
        st.caption("Left out (no longer in the content): " + literal(", ".join(c.plan.unknown_goals), limit=200))
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
    st.subheader("Team plan versus actual", anchor=False)
    if stored is None:
        st.caption("No team plan yet: a lead saves a plan and gives it to the team on the Plan page.")
        return
    try:
        spec = Spec.from_json(stored.spec)
        baseline: dict[str, Any] = json.loads(stored.baseline)
    except (SpecError, ValueError):
        st.caption("The team plan cannot be read; the lead can save it again.")
        return
    now = today()
    finished: dict[str, set[str]] = {n: set() for n in names}
    for name, slug, status, _ in rows:
        if status in (p.DONE, p.SKIPPED) and name in finished:
            finished[name].add(slug)
    table = []
    for name in names:
        f = plan_vs_actual(baseline, now, finished[name])
        table.append({"profile": name, "planned by today": f["due"], "done of those": f["done_due"],
                      "behind": f["behind"], "done of the plan": f["done"], "plan": f["planned"]})
    goals = ", ".join(_goal_label(cur, g if g in cur.chapter_map else f"theme:{g}") for g in spec.goals)
    st.caption(f"From {literal(stored.owner)}: {literal(goals, limit=200)} by {spec.target:%a %d %b %Y}.")
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
