"""The study planner's pure core on the bundled curriculum: order, budget, fit and cuts, re-plans, reviews, .ics."""

from __future__ import annotations

import random
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import BUNDLED
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum
from topicgraph.planner import REVIEW, Budget, Plan, Request, Spec, SpecError, behind, make_plan
from topicgraph.planner import ics as ics_mod
from topicgraph.planner.reviews import first_card, good_intervals, review
from topicgraph.routes import path_to

MON = date(2026, 12, 7)  # a Monday


@pytest.fixture(scope="module")
def bundled() -> tuple[Curriculum, nx.DiGraph]:
    cur = read_curriculum(BUNDLED)
    return cur, build_graph(cur)


def prereqs(cur: Curriculum, slug: str) -> tuple[str, ...]:
    c = cur.get(slug)
    return c.prerequisites if c else ()


def reading_days(plan: Plan) -> dict[str, date]:
    """The day each chapter's (last part) is read."""
    found: dict[str, date] = {}
    for d in plan.days:
        for i in d.reads:
            if not i.done:
                found[i.slug] = d.day
    return found


def check_plan(cur: Curriculum, g: nx.DiGraph, plan: Plan) -> None:
    """What must hold for every plan."""
    req = plan.request
    finished = req.done | req.skipped
    position = {s: k for k, s in enumerate(plan.order)}
    first_day: dict[str, date] = {}
    for d in plan.days:
        assert d.used <= d.budget, f"{d.day}: {d.used} min planned on a {d.budget} min day"
        for i in d.reads:
            first_day.setdefault(i.slug, d.day)
    last_day = reading_days(plan)
    for slug in plan.order:
        assert slug not in finished
        for p in prereqs(cur, slug):
            if p in finished:
                continue
            assert p in position and position[p] < position[slug], f"{p} must come before {slug}"
            if slug in first_day and p in last_day:
                assert last_day[p] <= first_day[slug]
    # every goal's route is on the plan (minus what is finished)
    for goal in req.goals:
        if goal in cur.chapter_map and goal not in finished:
            route = {s.slug for s in path_to(cur, g, goal, finished)}
            if not req.drop_optional:
                assert route <= set(plan.order), goal
    assert len(set(plan.order)) == len(plan.order)
    if plan.fit.fits:
        assert set(last_day) == set(plan.order) and all(d <= req.target for d in last_day.values())


def test_a_goal_gets_its_route_in_reading_order_and_days(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(("consensus-protocols",), MON, MON + timedelta(days=13), Budget(10, 20)))
    route = [s.slug for s in path_to(cur, g, "consensus-protocols")]
    assert plan.order[-1] == "consensus-protocols" and set(route) <= set(plan.order)
    assert plan.fit.fits and plan.fit.finish is not None and plan.fit.finish <= plan.request.target
    check_plan(cur, g, plan)
    assert plan.today_reads() == [i.slug for i in plan.days[0].reads]


def test_related_chapters_stay_together(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    goals = ("consensus-protocols", "rate-limiter-case")
    plan = make_plan(cur, g, Request(goals, MON, MON + timedelta(days=30), Budget(30, 60)))
    a = [s.slug for s in path_to(cur, g, goals[0])]
    b = [s.slug for s in path_to(cur, g, goals[1])]
    # the first goal's whole route comes before anything only the second one needs
    only_b = [s for s in b if s not in a]
    assert max(plan.order.index(s) for s in a) < min(plan.order.index(s) for s in only_b)
    check_plan(cur, g, plan)


def test_a_theme_goal_plans_the_whole_theme(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(("databases",), MON, MON + timedelta(days=60), Budget(30, 60)))
    theme = {c.slug for c in cur.chapters if "databases" in c.themes}
    assert theme <= set(plan.order)
    check_plan(cur, g, plan)


def test_the_budget_is_never_exceeded_and_long_chapters_are_split(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(("rag-architecture",), MON, MON + timedelta(days=40), Budget(1, 1), wpm=100))
    check_plan(cur, g, plan)
    split = [i for d in plan.days for i in d.reads if i.parts > 1]
    assert split, "a chapter longer than a day is read in parts"
    assert all(1 <= i.part <= i.parts for i in split)


def test_days_off_get_nothing(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    off = frozenset({MON + timedelta(days=1)})
    plan = make_plan(cur, g, Request(("databases",), MON, MON + timedelta(days=30),
                                     Budget(20, 40, days_off=off, weekdays_off=frozenset({2}))))
    for d in plan.days:
        if d.day in off or d.day.weekday() == 2:
            assert d.budget == 0 and not d.items
    check_plan(cur, g, plan)


def test_when_it_does_not_fit_it_says_by_how_much_and_each_cut_works(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    req = Request(("consensus-protocols", "vector-databases", "llm-serving"), MON, MON + timedelta(days=4),
                  Budget(5, 10))
    plan = make_plan(cur, g, req)
    assert not plan.fit.fits and plan.fit.short > 0 and plan.fit.late > 0
    assert plan.fit.need > plan.fit.available or plan.fit.late
    kinds = {c.kind: c for c in plan.cuts}
    assert {"move-date", "raise-time"} <= set(kinds)
    # each cut, applied, gives the figures it promised
    moved = make_plan(cur, g, Request(req.goals, MON, kinds["move-date"].target or MON, req.budget))
    assert moved.fit.fits and moved.fit.finish == kinds["move-date"].finish
    raised_budget = kinds["raise-time"].budget
    assert raised_budget is not None
    raised = make_plan(cur, g, Request(req.goals, MON, req.target, raised_budget))
    assert raised.fit.fits
    lower = Budget(raised_budget.weekday - 5, raised_budget.weekend - 5)  # the smallest raise (in 5-min steps)
    assert not make_plan(cur, g, Request(req.goals, MON, req.target, lower)).fit.fits
    if "drop-optional" in kinds:
        cut = kinds["drop-optional"]
        lean = make_plan(cur, g, Request(req.goals, MON, req.target, req.budget, drop_optional=True))
        assert lean.fit.chapters == cut.chapters < plan.fit.chapters
        assert not set(cut.dropped) & set(lean.order)
        check_plan(cur, g, lean)  # prerequisites all kept


def test_dropping_optional_chapters_keeps_every_prerequisite(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    for goal in ("consensus-protocols", "redis-architecture", "llm-serving", "kafka-architecture"):
        if goal not in cur.chapter_map:
            continue
        full = make_plan(cur, g, Request((goal,), MON, MON + timedelta(days=3), Budget(5, 5)))
        lean = make_plan(cur, g, Request((goal,), MON, MON + timedelta(days=3), Budget(5, 5), drop_optional=True))
        needed = nx.ancestors(nx.subgraph_view(g, filter_edge=lambda u, v: "prerequisite" in g.edges[u, v]["kinds"]),
                              goal)
        assert needed | {goal} <= set(lean.order) and set(lean.order) <= set(full.order)
        assert set(full.order) - set(lean.order) == set(full.optional)


def test_re_plan_after_done_and_skipped(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    spec = Spec(("consensus-protocols",), MON + timedelta(days=20), Budget(10, 20))
    first = make_plan(cur, g, spec.request(MON))
    two = first.today_reads()[:2] or list(first.order[:2])
    again = make_plan(cur, g, spec.request(MON, done=two, done_today=two))
    assert not set(two) & set(again.order) and len(again.order) == len(first.order) - 2
    # done today: shown on today and counted in today's budget; the numbered chapters move up
    assert [i.slug for i in again.days[0].reads if i.done] == sorted(two, key=lambda s: (
        ["easy", "medium", "hard", "expert"].index(cur.chapter_map[s].difficulty), s))
    assert again.today_reads() == [s for s in first.today_reads() if s not in two]
    check_plan(cur, g, again)
    skipped = make_plan(cur, g, spec.request(MON, skipped=[first.order[0]]))
    assert first.order[0] not in skipped.order
    check_plan(cur, g, skipped)


def test_falling_behind_is_reported_with_a_catch_up(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    spec = Spec(("consensus-protocols", "databases"), MON + timedelta(days=30), Budget(20, 40))
    baseline = make_plan(cur, g, spec.request(MON)).schedule()
    wed = MON + timedelta(days=2)
    first_two_days = [s for d, slugs in baseline.items() if d < wed.isoformat() for s in slugs]
    late = behind(cur, g, baseline, spec.request(wed, done=first_two_days[:1]))
    assert late.chapters == tuple(first_two_days[1:]) and late.minutes > 0
    assert late.until is not None and late.until.weekday() == 6 and late.extra_per_day % 5 == 0
    assert late.text().startswith(f"{len(late.chapters)} chapters behind, +{late.extra_per_day} min a day until")
    # the catch-up budget really covers the missed minutes on those days
    boosted = late.budget(spec.budget)
    assert sum(boosted.minutes(d) - spec.budget.minutes(d) for d in late.days) >= late.minutes
    # the re-plan from Wednesday still reads what was missed, first
    replan = make_plan(cur, g, spec.request(wed, done=first_two_days[:1]))
    assert set(late.chapters) <= set(replan.order)
    check_plan(cur, g, replan)
    assert behind(cur, g, baseline, spec.request(wed, done=first_two_days)).text() == "On track."


def test_reviews_are_scheduled_and_take_their_time(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    card = first_card(MON - timedelta(days=5))
    due = card.due.date()
    req = Request(("consensus-protocols",), MON, MON + timedelta(days=20), Budget(10, 20),
                  done=frozenset({"cap-theorem"}), reviews={"cap-theorem": due})
    plan = make_plan(cur, g, req)
    first = plan.days[0]
    assert [i.slug for i in first.reviews][:1] == ["cap-theorem"]  # overdue: first thing today
    assert first.items[0].kind == REVIEW and first.used <= first.budget
    # chapters read in the plan come back after FSRS's first interval
    gap = good_intervals()[0]
    read_on = reading_days(plan)
    for d in plan.days:
        for i in d.reviews:
            if i.projected and i.slug in read_on and d.day - read_on[i.slug] < timedelta(days=gap + 30):
                assert (d.day - read_on[i.slug]).days >= gap
    assert plan.fit.review_minutes == sum(i.minutes for d in plan.days if d.day <= req.target for i in d.reviews)
    assert plan.fit.review_minutes > 0
    none = make_plan(cur, g, Request(req.goals, MON, req.target, req.budget, done=req.done), intervals=())
    assert none.fit.review_minutes == 0


def test_fsrs_ratings_move_the_next_review() -> None:
    card = first_card(MON)
    days = {r: (review(card, r, MON + timedelta(days=2)).due.date() - MON).days for r in ("again", "hard", "good",
                                                                                              "easy")}
    assert days["again"] < days["hard"] < days["good"] < days["easy"]
    with pytest.raises(ValueError):
        review(card, "meh", MON)


def test_spec_round_trip_and_bad_values() -> None:
    spec = Spec(("databases", "cap-theorem"), date(2027, 1, 15), Budget(90, 180, frozenset({date(2026, 12, 25)}),
                                                                       frozenset({6})), wpm=180)
    assert Spec.from_json(spec.to_json()) == spec
    for bad, field in (({"goals": "x", "target": "2027-01-01"}, "goals"),
                       ({"goals": [], "target": "2027-01-01", "weekday": -5}, "weekday"),
                       ({"goals": [], "target": "2027-01-01", "wpm": 5}, "wpm"),
                       ({"goals": [], "target": "soon"}, "target")):
        with pytest.raises(SpecError) as err:
            Spec.from_dict(bad)
        assert err.value.field == field


def test_unknown_goals_are_reported_not_fatal(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(("cap-theorem", "no-such-thing"), MON, MON + timedelta(days=5)))
    assert plan.unknown_goals == ("no-such-thing",) and plan.order[-1] == "cap-theorem"


def test_the_whole_curriculum(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(tuple(c.slug for c in cur.chapters), MON, date(2027, 1, 15), Budget(90, 180)))
    assert len(plan.order) == len(cur.chapters) and plan.fit.fits
    check_plan(cur, g, plan)


# --------------------------------------------------------------------------- property tests


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_goal_sets_dates_and_budgets(bundled: tuple[Curriculum, nx.DiGraph], data: st.DataObject) -> None:
    cur, g = bundled
    slugs = sorted(cur.chapter_map)
    themes = sorted(cur.theme_map)
    goals = data.draw(st.lists(st.sampled_from(slugs + themes), min_size=1, max_size=8, unique=True))
    done = data.draw(st.lists(st.sampled_from(slugs), max_size=20, unique=True))
    skipped = data.draw(st.lists(st.sampled_from(slugs), max_size=5, unique=True))
    start = MON + timedelta(days=data.draw(st.integers(0, 6)))
    days = data.draw(st.integers(0, 60))
    budget = Budget(data.draw(st.integers(0, 120)), data.draw(st.integers(0, 240)),
                    weekdays_off=frozenset(data.draw(st.lists(st.integers(0, 6), max_size=3))))
    wpm = data.draw(st.integers(80, 400))
    reviews = {s: start + timedelta(days=data.draw(st.integers(-10, 10))) for s in done[:5]}
    req = Request(tuple(goals), start, start + timedelta(days=days), budget, wpm, frozenset(done),
                  frozenset(skipped) - frozenset(done), reviews=reviews,
                  drop_optional=data.draw(st.booleans()))
    plan = make_plan(cur, g, req)
    check_plan(cur, g, plan)
    if not plan.fit.fits and plan.order:
        assert plan.fit.late > 0
        for cut in plan.cuts:
            if cut.kind == "move-date" and cut.target:
                assert make_plan(cur, g, Request(req.goals, start, cut.target, budget, wpm, req.done, req.skipped,
                                                 reviews=reviews, drop_optional=req.drop_optional)).fit.fits


def test_seeded_random_goal_sets_are_deterministic(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    rng = random.Random(18)
    slugs = sorted(cur.chapter_map)
    for _ in range(20):
        goals = tuple(rng.sample(slugs, rng.randint(1, 10)))
        req = Request(goals, MON, MON + timedelta(days=rng.randint(1, 40)), Budget(rng.randint(5, 90),
                                                                                     rng.randint(5, 180)))
        a, b = make_plan(cur, g, req), make_plan(cur, g, req)
        assert a == b
        check_plan(cur, g, a)


# --------------------------------------------------------------------------- calendar


def _events(data: bytes) -> dict[str, tuple[int, str, str]]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): (int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "")), str(e["DESCRIPTION"]) if
                            "DESCRIPTION" in e else "") for e in cal.walk("VEVENT")}


def test_ics_uids_stay_and_sequence_goes_up_on_change(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    spec = Spec(("consensus-protocols",), MON + timedelta(days=14), Budget(10, 20))
    first = make_plan(cur, g, spec.request(MON))
    seq1 = ics_mod.sequences({}, first)
    one = _events(ics_mod.to_ics(first, cur, "abc123", seq1, "http://localhost:8501"))
    study_days = [d for d in first.days if d.items]
    assert len(one) == len(study_days) and all(s == 0 for s, _, _ in one.values())
    d0 = study_days[0]
    uid0 = ics_mod.uid("abc123", d0.day)
    title = cur.chapter_map[d0.reads[0].slug].title
    assert title in one[uid0][2] and f"http://localhost:8501/?chapter={d0.reads[0].slug}" in one[uid0][2]
    # the same plan again: nothing changes
    assert ics_mod.sequences(seq1, first) == seq1
    # two chapters done: changed days get SEQUENCE 1, same UIDs; days that emptied are cancelled
    two = first.order[:2]
    second = make_plan(cur, g, spec.request(MON, done=two, done_today=two))
    seq2 = ics_mod.sequences(seq1, second)
    again = _events(ics_mod.to_ics(second, cur, "abc123", seq2, "http://localhost:8501"))
    assert set(one) <= set(again)
    changed = [u for u in one if again[u][2] != one[u][2] or again[u][1] == "CANCELLED"]
    assert changed and all(again[u][0] == one[u][0] + 1 for u in changed)
    assert all(again[u][0] == one[u][0] for u in one if u not in changed)


def test_edge_cases_a_past_date_and_no_study_days(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    past = make_plan(cur, g, Request(("cap-theorem",), MON, MON - timedelta(days=3), Budget(30, 60)))
    assert not past.fit.fits and past.fit.available == 0 and past.fit.finish == MON
    assert [c.kind for c in past.cuts] == ["move-date"] or "move-date" in {c.kind for c in past.cuts}
    never = make_plan(cur, g, Request(("cap-theorem",), MON, MON + timedelta(days=10),
                                      Budget(30, 60, weekdays_off=frozenset(range(7)))))
    assert not never.fit.fits and never.fit.finish is None and never.fit.study_days == 0
    assert all(not d.items for d in never.days)
    assert "move-date" not in {c.kind for c in never.cuts}
    check_plan(cur, g, never)
    nothing = make_plan(cur, g, Request((), MON, MON + timedelta(days=3)))
    assert nothing.order == () and nothing.fit.fits
