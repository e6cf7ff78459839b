"""The team deployment, for real: haproxy (sticky cookie) → two ``streamlit run`` replicas → one PostgreSQL
server, sign-in through a real OpenID Connect provider on loopback (deploy/team_demo.py, what
``make team-demo`` starts), driven by Chromium.

Two people sign in, one through each replica, mark chapters, and each sees only their own statuses while
/team shows both; a login started on one replica finishes on the other; a signed-out visitor and a crafted
``?profile=`` write nothing; names from the identity provider show as plain text; sign-out works. The sign-in
round trip (click "Sign in" → back in the app, signed in) is measured into test-results/."""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.team_demo import Topology
from tests.conftest import FIXTURE
from tests.e2e.helpers import wait_drawn
from tests.e2e.test_progress_browser import SIDEBAR, status_button, wait_status
from topicgraph import progress as p
from topicgraph.progress import people

pytestmark = pytest.mark.e2e
REDIS, CACHING = "redis-architecture", "caching-strategies"
HOSTILE_NAME = "**x** :material/home: https://evil.example/login"
USERS = (
    {"sub": "ada", "email": "ada@example.com", "email_verified": True, "name": "Ada Lovelace"},
    {"sub": "grace", "email": "grace@example.com", "email_verified": True, "name": "Grace Hopper"},
    {"sub": "mallory", "email": "mallory@example.com", "email_verified": True, "name": HOSTILE_NAME},
)
ROUND_TRIPS: list[float] = []
PHASES: list[tuple[float, float, float]] = []  # click → provider's form, submit → redirected home, → signed in


@pytest.fixture(scope="module")
def team(results_dir: Path) -> Iterator[Topology]:
    with Topology(FIXTURE, results_dir / "team", users=USERS, admins=("ada@example.com",)) as t:
        yield t
    if ROUND_TRIPS:
        line = (f"sign-in round trip (click Sign in → provider form → back in the app, signed in), through haproxy: "
                f"median {statistics.median(ROUND_TRIPS) * 1000:.0f} ms over {len(ROUND_TRIPS)} "
                f"(min {min(ROUND_TRIPS) * 1000:.0f}, max {max(ROUND_TRIPS) * 1000:.0f}; "
                f"load average {os.getloadavg()[0]:.1f}); median phases: click → provider's form "
                f"{statistics.median(x[0] for x in PHASES) * 1000:.0f} ms, authorize → callback done "
                f"{statistics.median(x[1] for x in PHASES) * 1000:.0f} ms, app loaded and signed in "
                f"{statistics.median(x[2] for x in PHASES) * 1000:.0f} ms")
        with (results_dir / "signin-measurements.txt").open("a") as f:
            f.write(line + "\n")
        print(line)


def person_page(browser: Any, team: Topology, replica: str) -> Any:
    """A new browser (its own cookies) that haproxy sends to ``replica``."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.add_cookies([{"name": "TGREPLICA", "value": replica, "url": team.url}])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return page


def replica_of(page: Any, team: Topology) -> str:
    return next(c["value"] for c in page.context.cookies(team.url) if c["name"] == "TGREPLICA")


def sign_in(page: Any, team: Topology, sub: str, *, finish_on: str | None = None) -> None:
    """Click "Sign in", authorize as ``sub`` at the provider, wait until the app says who is signed in.
    ``finish_on``: send the provider's redirect back to that replica instead."""
    page.goto(team.url + "/")
    wait_drawn(page)
    button = page.locator(SIDEBAR).get_by_role("button", name="Sign in")
    start = time.perf_counter()
    button.click()
    page.wait_for_url(re.compile(re.escape(team.provider) + r"/oauth2/authorize"))
    at_provider = time.perf_counter()
    if finish_on:
        page.context.add_cookies([{"name": "TGREPLICA", "value": finish_on, "url": team.url}])
    page.get_by_placeholder("sub").fill(sub)
    submitted = time.perf_counter()
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(team.url + "/", wait_until="commit")  # the callback set the cookie and sent us home
    back = time.perf_counter()
    page.locator(SIDEBAR).get_by_text("Signed in as").wait_for()
    done = time.perf_counter()
    ROUND_TRIPS.append(done - start)
    PHASES.append((at_provider - start, back - submitted, done - back))


def profile_of(team: Topology, sub: str) -> str:
    return people.identity_profile(team.provider, sub)


def open_and_mark(page: Any, team: Topology, slug: str, label: str, crafted_profile: str) -> None:
    """Open a chapter through a URL that names someone else's profile, and mark it in the reader."""
    page.goto(team.url + f"/?chapter={slug}&profile={crafted_profile}")
    wait_drawn(page)
    page.locator(SIDEBAR).get_by_text("The profile in the address was ignored").wait_for()
    status_button(page, label).click()
    wait_status(page, slug, label.lower())


def marks(page: Any) -> dict[str, str]:
    page.reload()
    wait_drawn(page)
    return dict(page.evaluate("() => window.topicGraph.statusMarks()"))


def store(team: Topology) -> p.ProgressStore:
    return p.ProgressStore.open(p.StoreConfig(team.db_url))


def test_two_people_on_two_replicas_each_see_only_their_own(browser: Any, team: Topology) -> None:
    ada, grace = person_page(browser, team, "a"), person_page(browser, team, "b")
    try:
        sign_in(ada, team, "ada")
        sign_in(grace, team, "grace")
        assert (replica_of(ada, team), replica_of(grace, team)) == ("a", "b")
        assert "Signed in as Ada Lovelace · admin" in ada.locator(SIDEBAR).inner_text()
        assert "Signed in as Grace Hopper" in grace.locator(SIDEBAR).inner_text()

        # Each marks a chapter through a URL naming the other's profile: the URL is ignored (and said so).
        open_and_mark(ada, team, REDIS, "Done", crafted_profile=profile_of(team, "grace"))
        assert "profile=" not in ada.url
        open_and_mark(grace, team, CACHING, "Skipped", crafted_profile=profile_of(team, "ada"))

        assert marks(ada) == {REDIS: "done"}
        assert marks(grace) == {CACHING: "skipped"}
        s = store(team)
        try:
            assert s.statuses(profile_of(team, "ada")) == {REDIS: p.DONE}
            assert s.statuses(profile_of(team, "grace")) == {CACHING: p.SKIPPED}
            assert sorted(people.display_names(s).values()) == ["Ada Lovelace", "Grace Hopper"]
        finally:
            s.close()

        # /team shows both people (by their names) to a member; the heat map has a row for each.
        grace.goto(team.url + f"/team?chapter={REDIS}")
        chart = grace.locator('[data-testid="stVegaLiteChart"]')
        chart.locator("canvas, svg").first.wait_for()
        grace.get_by_text("Who has read a chapter").wait_for()
        assert chart.bounding_box()["height"] >= 100 + 30 * 2
        grid = grace.locator('[data-testid="stDataFrame"]')
        grid.get_by_text("Ada Lovelace").first.wait_for(state="attached")
        grid.get_by_text("Grace Hopper").first.wait_for(state="attached")
    finally:
        ada.context.close()
        grace.context.close()


def test_a_login_started_on_one_replica_finishes_on_the_other(browser: Any, team: Topology) -> None:
    page = person_page(browser, team, "a")
    log = Path(team.logs / "team-haproxy.log")
    try:
        sign_in(page, team, "ada", finish_on="b")
        assert replica_of(page, team) == "b"
        callbacks = [line for line in log.read_text().splitlines() if "/oauth2callback" in line]
        logins = [line for line in log.read_text().splitlines() if "/auth/login" in line]
        assert logins and "replicas/a" in logins[-1], logins[-1:]
        assert callbacks and "replicas/b" in callbacks[-1], callbacks[-1:]
        assert "Signed in as Ada Lovelace" in page.locator(SIDEBAR).inner_text()

        # Sign out: back in the app signed out (the provider's end-session page on the way), nothing writable.
        page.locator(SIDEBAR).get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(re.compile(re.escape(team.url)))
        wait_drawn(page)
        page.locator(SIDEBAR).get_by_role("button", name="Sign in").wait_for()
        assert "Signed in as" not in page.locator(SIDEBAR).inner_text()
    finally:
        page.context.close()


def test_a_signed_out_visitor_writes_nothing(browser: Any, team: Topology) -> None:
    s = store(team)
    before = s.all_progress(), s.profiles()
    page = person_page(browser, team, "b")
    try:
        page.goto(team.url + f"/?chapter={CACHING}&profile={profile_of(team, 'ada')}")
        wait_drawn(page)
        page.locator('[data-testid="stMain"]').get_by_role("button", name="Sign in").wait_for()
        assert page.locator('[class*="st-key-p_status_"]').count() == 0  # no status control to click
        assert page.evaluate("() => window.topicGraph.statusMarks()") == {}  # nobody's statuses shown
        page.goto(team.url + "/team")
        page.get_by_text("Sign in to see your team's progress").wait_for()
        assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0
        assert (s.all_progress(), s.profiles()) == before
    finally:
        page.context.close()
        s.close()


def test_names_from_the_identity_provider_are_plain_text(browser: Any, team: Topology) -> None:
    page = person_page(browser, team, "a")
    try:
        sign_in(page, team, "mallory")
        sidebar = page.locator(SIDEBAR)
        sidebar.get_by_text("Signed in as").wait_for()
        text = sidebar.inner_text().replace("\u2060", "")
        assert f"Signed in as {HOSTILE_NAME}" in text  # as typed: no bold, no icon, no link
        assert sidebar.locator('a[href*="evil"]').count() == 0
        assert sidebar.locator("strong:text('x'), b:text('x')").count() == 0
        assert sidebar.locator('[data-testid="stIconMaterial"]:text("home")').count() == 0
    finally:
        page.context.close()
