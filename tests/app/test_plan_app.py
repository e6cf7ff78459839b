"""The Plan page in Streamlit's AppTest with a real SQLite store: make a plan, see it by day, re-plan after
chapters are done, cuts when it does not fit, today's chapters on the start page, reviews in the reader, and
the team's plan versus actual."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.unit.test_progress_app import add_profiles, make_app
from topicgraph import progress as p
from topicgraph.planner import Spec
from topicgraph.progress.plans import PlanStore

TODAY = "2026-12-07"  # a Monday


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TOPICGRAPH_TODAY", TODAY)
    return str(tmp_path / "progress.sqlite")


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def day_text(at: AppTest, day: str) -> str:
    """The text of one day's card on the Plan page."""
    box = at.get("flex_container")
    found = [b for b in box if getattr(b, "key", None) == f"plan-day-{day}"]  # type: ignore[attr-defined]
    assert found, f"no card for {day}"
    return "\n".join(m.value for m in found[0].markdown)


def open_plan(monkeypatch: pytest.MonkeyPatch, db: str, **params: str) -> AppTest:
    if "profile" in params:
        add_profiles(db, params["profile"])  # made in Settings: a URL never creates a profile
    at = make_app(monkeypatch, db, **params)
    at.switch_page("pages/plan.py")
    at.run()
    assert not at.exception, at.exception
    return at


def store(db: str) -> p.ProgressStore:
    return p.ProgressStore.open(p.StoreConfig(p.as_url(db)))


def test_without_tracking_it_says_to_turn_it_on(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db)
    assert "turn on “Track my progress” in Settings" in at.info[0].value
    assert not Path(db).exists()


def test_make_a_plan_then_mark_two_done_and_see_it_re_planned(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db, profile="Ada", goal="redis-architecture")
    goals = at.multiselect(key="plan-goals")
    assert goals.value == ["redis-architecture"]  # from the reader's "Make a study plan to it"
    at.number_input(key="plan-weekday").set_value(0.05)  # 3 minutes a weekday
    at.number_input(key="plan-weekend").set_value(0.05)
    at.date_input(key="plan-target").set_value(date(2026, 12, 18))
    at.button(key="plan-save").click().run()
    assert not at.exception
    assert "It fits" in at.success[0].value
    today = day_text(at, TODAY)
    assert today.splitlines()[1].startswith("1. [") and len([ln for ln in today.splitlines() if ln[:1].isdigit()]) >= 2
    first_two = [line.split("](/?chapter=")[1].split(")")[0] for line in today.splitlines() if line[:2] in ("1.", "2.")]
    s = store(db)
    saved = PlanStore(s).plan("Ada")
    assert saved is not None and Spec.from_json(saved.spec).goals == ("redis-architecture",)
    for slug in first_two:
        s.set_status("Ada", slug, p.DONE, at=datetime(2026, 12, 7, 9, tzinfo=timezone.utc))  # done "today"
    s.close()
    at.run()
    assert not at.exception
    again = day_text(at, TODAY)
    for slug in first_two:
        assert any(line.startswith("- ✓") and f"chapter={slug})" in line for line in again.splitlines())
        assert not any(line[:2].isdigit() or (line[:1].isdigit() and f"chapter={slug})" in line)
                       for line in again.splitlines() if f"chapter={slug})" in line and not line.startswith("- "))
    # today's budget counts the two done chapters, so the numbers moved: what was 3rd is now 1st
    numbered = [line for line in again.splitlines() if line[:1].isdigit()]
    before = [line for line in today.splitlines() if line[:1].isdigit()]
    assert [n.split(". ", 1)[1] for n in numbered] == [b.split(". ", 1)[1] for b in before[2:]]
    assert "redis-architecture" in markdown(at)


def test_when_it_does_not_fit_the_cuts_are_offered_and_apply(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db, profile="Ada")
    at.multiselect(key="plan-goals").set_value(["theme:ai-engineering", "redis-architecture"])
    at.number_input(key="plan-weekday").set_value(0.02)
    at.number_input(key="plan-weekend").set_value(0.0)
    at.date_input(key="plan-target").set_value(date(2026, 12, 8))
    at.button(key="plan-save").click().run()
    assert not at.exception
    err = at.error[0].value
    assert "It does not fit" in err and "short before" in err and "would be late" in err
    assert any("Move the date to" in m.value for m in at.markdown)
    at.button(key="plan-cut-move-date").click().run()
    assert not at.exception and "It fits" in at.success[0].value


def test_todays_chapters_come_first_on_the_start_page_and_reviews_in_the_reader(
        monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    s = store(db)
    spec = Spec(("redis-architecture",), date(2026, 12, 20))
    PlanStore(s).save("Ada", spec.to_json(), "{}")
    s.set_status("Ada", "caching-strategies", p.DONE)
    s.close()
    at = make_app(monkeypatch, db, profile="Ada")
    at.run()
    assert not at.exception
    text = markdown(at)
    assert "**Today in your plan**" in text and text.index("Today in your plan") < text.index("Or begin a theme")
    assert at.button(key="start-plan-open") is not None
    # a done chapter: its review, rated in the reader
    at = make_app(monkeypatch, db, profile="Ada", chapter="caching-strategies")
    at.run()
    assert not at.exception
    at.button(key="review-good-caching-strategies").click().run()
    assert not at.exception
    s = store(db)
    card = PlanStore(s).cards("Ada")["caching-strategies"]
    s.close()
    assert card.reps == 1 and card.last_rating == "good"


def test_a_lead_gives_the_team_a_plan_and_team_shows_plan_versus_actual(
        monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db, profile="Lead")
    at.multiselect(key="plan-goals").set_value(["redis-architecture"])
    at.date_input(key="plan-target").set_value(date(2026, 12, 18))
    at.button(key="plan-save").click().run()
    at.button(key="plan-to-team").click().run()
    assert not at.exception
    s = store(db)
    team = PlanStore(s).team_plan()
    assert team is not None and team.owner == "Lead"
    baseline = json.loads(team.baseline)
    s.set_status("Grace", next(iter(baseline.values()))[0], p.DONE)
    s.create_profile("Linus")
    s.close()
    # Grace has no plan of her own: she follows the team's
    at = open_plan(monkeypatch, db, profile="Grace")
    assert "You follow the team's plan (from Lead)" in at.info[0].value
    monkeypatch.setenv("TOPICGRAPH_TODAY", "2026-12-30")  # everything was due by now
    at = make_app(monkeypatch, db)
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception
    table = at.dataframe[-1].value.set_index("profile")
    planned = len({s for slugs in baseline.values() for s in slugs})
    assert table.loc["Grace", "done of those"] == 1 and table.loc["Grace", "behind"] == planned - 1
    assert table.loc["Linus", "done of those"] == 0 and table.loc["Linus", "planned by today"] == planned


def test_behind_says_by_how_much_and_the_catch_up_applies(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    s = store(db)
    spec = Spec(("redis-architecture",), date(2026, 12, 20))
    # saved last week: three chapters were due before today, none is done
    baseline = {"2026-12-03": ["system-types", "scalable-systems"], "2026-12-04": ["data-storage-overview"]}
    PlanStore(s).save("Ada", spec.to_json(), json.dumps(baseline))
    s.close()
    at = open_plan(monkeypatch, db, profile="Ada")
    warning = at.warning[0].value
    assert warning.startswith("3 chapters behind, +5 min a day until Friday")
    assert at.get("download_button"), "the .ics download is offered"
    at.button(key="plan-catch-up").click().run()
    assert not at.exception
    s = store(db)
    saved = Spec.from_json(PlanStore(s).plan("Ada").spec)  # type: ignore[union-attr]
    s.close()
    assert saved.budget.extra and all(m == 5 for m in saved.budget.extra.values())
    assert min(saved.budget.extra) == date(2026, 12, 7) and max(saved.budget.extra) == date(2026, 12, 11)
    assert not at.warning  # the new baseline starts today: on track
