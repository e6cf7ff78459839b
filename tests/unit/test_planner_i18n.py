"""The planner's words in Russian: a cut, "behind" and the .ics file (same events, other words)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import networkx as nx
import pytest
from icalendar import Calendar

from tests.conftest import BUNDLED
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum
from topicgraph.planner import Budget, Request, Spec, make_plan
from topicgraph.planner import ics as ics_mod

MON = date(2026, 12, 7)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def bundled() -> tuple[Curriculum, nx.DiGraph]:
    cur = read_curriculum(BUNDLED)
    return cur, build_graph(cur)


def _events(data: bytes) -> dict[str, tuple[int, str, str]]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): (int(e.get("SEQUENCE", 0)), str(e["SUMMARY"]), str(e.get("DESCRIPTION", "")))
            for e in cal.walk("VEVENT")}


def test_ics_in_russian_updates_the_same_events(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Spec(("consensus-protocols",), MON + timedelta(days=14), Budget(10, 20)).request(MON))
    seqs = ics_mod.sequences({}, plan)
    en = _events(ics_mod.to_ics(plan, cur, "abc123", seqs, "http://localhost:8501"))
    ru_data = ics_mod.to_ics(plan, cur, "abc123", seqs, "http://localhost:8501", lang="ru")
    ru = _events(ru_data)
    assert set(ru) == set(en) and [s for s, _, _ in ru.values()] == [s for s, _, _ in en.values()]
    summaries = [s for _, s, _ in ru.values()]
    assert all(s.startswith("Учёба: ") and " мин" in s for s in summaries), summaries
    assert any(re.match(r"Учёба: \d+ глав[аы]?", s) for s in summaries), summaries
    assert all(s.startswith("Study: ") for _, s, _ in en.values())
    assert str(Calendar.from_ical(ru_data)["X-WR-CALNAME"]) == "Учебный план"
    descriptions = "\n".join(d for _, _, d in ru.values())  # chapter titles stay as written (English here)
    assert " мин\n" in descriptions and not re.search(r"\(part \d| min\n|^Review:", descriptions, re.M)


def test_cuts_and_behind_in_russian(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Request(("consensus-protocols", "cap-theorem"), MON, MON + timedelta(days=3),
                                     Budget(10, 10)))
    assert plan.cuts and not plan.fit.fits
    for cut in plan.cuts:
        en, ru = cut.text(), cut.text("ru")
        assert en != ru and CYRILLIC.search(ru) and not CYRILLIC.search(en)
    move = next(c for c in plan.cuts if c.kind == "move-date")
    assert move.text("ru").startswith("Перенести срок на ") and f"(на {move.later} " in move.text("ru")
    assert move.text().startswith("Move the date to ") and re.search(rf"\({move.later} days? later\)", move.text())


def test_ics_links_keep_the_curriculum_and_the_language(bundled: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = bundled
    plan = make_plan(cur, g, Spec(("consensus-protocols",), MON + timedelta(days=14), Budget(10, 20)).request(MON))
    cal = Calendar.from_ical(ics_mod.to_ics(plan, cur, "abc123", ics_mod.sequences({}, plan), "http://h:1",
                                            lang="ru", query="c=vault&lang=ru&"))
    links = [str(e["URL"]) for e in cal.walk("VEVENT") if e.get("URL")]
    links += re.findall(r"http://\S+", "\n".join(str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT")))
    assert links and all(u.startswith("http://h:1/?c=vault&lang=ru&chapter=") for u in links), links[:3]
