"""The study plan in a real browser at 1440×900, 1280×720 and 390×844, light and dark: make a plan on /plan,
see today's chapters numbered on the graph, mark two of them done in the reader, and see the plan re-planned
(ticked on its day) and the graph's numbers move."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURE
from tests.e2e.helpers import MAIN, browser_page, save_screenshot, wait_drawn
from tests.e2e.server import Server
from tests.e2e.test_progress_browser import app_server, status_button
from tests.unit.test_progress_app import add_profiles
from topicgraph.loader import read_curriculum

pytestmark = pytest.mark.e2e
TITLES = {c.slug: c.title for c in read_curriculum(FIXTURE).chapters}
CASES = [(v, s) for v in ("desktop", "projector", "phone") for s in ("light", "dark")]


@pytest.fixture(scope="module")
def plan_app(tmp_path_factory: pytest.TempPathFactory, results_dir: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("plan") / "progress.sqlite"
    add_profiles(str(db), *(f"P-{viewport}-{scheme}" for viewport, scheme in CASES))  # made in Settings, not by a URL
    with app_server(str(db), results_dir / "server-plan.log") as server:
        yield server


def route_numbers(page: Any) -> list[str]:
    """The chapters the graph numbers, in order (only those it drew)."""
    return [r["slug"] for r in page.evaluate("() => window.topicGraph.routeNumbers()") if r["drawn"]]


def todays_chapters(page: Any) -> list[str]:
    """Today's numbered chapters on the Plan page, as slugs in order."""
    day = page.locator(f"{MAIN} [class*='st-key-plan-day-']").first
    day.wait_for()
    items = day.locator("ol > li a")
    return [re.sub(r".*chapter=([^&]+).*", r"\1", items.nth(i).get_attribute("href") or "")
            for i in range(items.count())]


def ticked(page: Any) -> list[str]:
    day = page.locator(f"{MAIN} [class*='st-key-plan-day-']").first
    return [re.sub(r".*chapter=([^&]+).*", r"\1", a.get_attribute("href") or "")
            for a in day.locator("ul > li", has_text="✓").locator("a").all()]


def download_ics(page: Any) -> dict[str, tuple[int, str]]:
    """Click "Add to calendar (.ics)" and parse the file: UID → (SEQUENCE, description)."""
    with page.expect_download() as info:
        page.locator(MAIN).get_by_role("button", name=re.compile("Add to calendar")).click()
    cal = Calendar.from_ical(Path(info.value.path()).read_bytes())
    return {str(e["UID"]): (int(e.get("SEQUENCE", 0)), str(e.get("DESCRIPTION", ""))) for e in cal.walk("VEVENT")}


@pytest.mark.parametrize(("viewport", "scheme"), CASES)
def test_make_a_plan_mark_two_done_and_see_it_re_planned(browser: Any, plan_app: Server, viewport: str,
                                                         scheme: str) -> None:
    profile = f"P-{viewport}-{scheme}"
    with browser_page(browser, viewport, scheme) as page:
        page.set_default_timeout(60_000)
        page.goto(f"{plan_app.url}/plan?profile={profile}&goal=redis-architecture")
        main = page.locator(MAIN)
        main.get_by_text("Redis").first.wait_for()  # the goal from the address is picked
        for label in ("Hours per weekday", "Hours per weekend day"):
            box = main.get_by_label(label)
            box.fill("0.05")  # 3 minutes: about three of the fixture's short chapters a day
            box.press("Enter")
        page.wait_for_timeout(300)
        main.get_by_role("button", name="Save plan").click()
        main.get_by_text("It fits").wait_for()
        first = todays_chapters(page)
        assert len(first) >= 3, first
        before = download_ics(page)
        save_screenshot(page, f"plan-{viewport}-{scheme}.png")

        # the graph numbers today's chapters, in the plan's order
        page.goto(f"{plan_app.url}/?profile={profile}")
        wait_drawn(page)
        page.wait_for_function("(n) => window.topicGraph.routeNumbers().length === n", arg=len(first))
        assert route_numbers(page) == first
        assert main.get_by_text("Today in your plan").is_visible() or viewport == "phone"

        # mark the first two done in the reader
        for slug in first[:2]:
            page.goto(f"{plan_app.url}/?profile={profile}&chapter={slug}")
            wait_drawn(page)
            status_button(page, "Done").click()
            page.wait_for_function(
                "(s) => (window.topicGraph.statusMarks() || {})[s] === 'done'", arg=slug)

        # the graph's numbers moved: the two are no longer numbered, the rest of today's moved up
        page.goto(f"{plan_app.url}/?profile={profile}")
        wait_drawn(page)
        page.wait_for_function("(n) => window.topicGraph.routeNumbers().length === n", arg=len(first) - 2)
        assert route_numbers(page) == first[2:]
        save_screenshot(page, f"plan-graph-{viewport}-{scheme}.png")

        # and the plan is re-planned: the two are ticked on today, the numbering starts at the third
        page.goto(f"{plan_app.url}/plan?profile={profile}")
        main.get_by_text("It fits").wait_for()
        assert sorted(ticked(page)) == sorted(first[:2])
        assert todays_chapters(page) == first[2:]
        main.get_by_role("button", name="Update plan").wait_for()  # the form is drawn, not a placeholder
        main.get_by_role("button", name=re.compile("Add to calendar")).wait_for()
        after = download_ics(page)
        # a calendar that imports it again updates today's event (same UID, higher SEQUENCE), no copy
        today_uid = next(uid for uid, (_, desc) in before.items() if TITLES[first[0]] in desc)
        assert today_uid in after and after[today_uid][0] == before[today_uid][0] + 1
        assert TITLES[first[2]] in after[today_uid][1] and f"chapter={first[2]}" in after[today_uid][1]
        save_screenshot(page, f"plan-replanned-{viewport}-{scheme}.png")
