"""The Plan page, /team and the search box in Russian (AppTest, a real SQLite store): everything they show
comes from the Russian UI catalog or the content; nothing English is left (issue 19, point 2).

The sidebar (filters, profile) belongs to other screens and is not checked here: only the main area."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.i18n_texts import content_texts, shown_texts
from tests.conftest import FIXTURE
from tests.unit.test_progress_app import add_profiles, make_app
from topicgraph import progress as p
from topicgraph.i18n import t, unknown_texts
from topicgraph.loader import read_curriculum
from topicgraph.planner import Spec
from topicgraph.progress.plans import PlanStore

TODAY = "2026-12-07"  # a Monday
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TOPICGRAPH_TODAY", TODAY)
    return str(tmp_path / "progress.sqlite")


def main_texts(at: AppTest) -> list[str]:
    """What the main area shows as text: the helper's kinds plus the number and date inputs' labels."""
    main = at.main
    texts = shown_texts(main)  # type: ignore[arg-type]  # a Block has the same accessors as the AppTest
    texts += [str(el.label) for kind in ("number_input", "date_input") for el in getattr(main, kind)]
    return texts


def allowed() -> set[str]:
    return content_texts(read_curriculum(FIXTURE)) | {"Ada", "Grace", "Lead", "Linus"}


def untranslated(at: AppTest) -> list[str]:
    """Main-area texts that are neither a Russian catalog text nor content. Markdown lines of the day cards
    hold chapter links (content): a card is checked line by line with the links taken out."""
    out = []
    for text in main_texts(at):
        lines = text.splitlines() or [text]
        for line in lines:
            line = re.sub(r"\[[^\]]*\]\(/\?chapter=[^)]*\)", "{link}", line)  # a link's title is content
            out += unknown_texts([line], "ru", allowed=allowed())
    return out


def english_sources(texts: list[str]) -> list[str]:
    """Texts containing a whole English catalog text of this sweep (plan., team., search., chart.)."""
    from topicgraph.i18n import catalog

    sources = []
    for key, entry in catalog("en").items():
        if not key.startswith(("plan.", "team.", "search.", "chart.", "status.")):
            continue
        for text in entry.values() if isinstance(entry, dict) else [str(entry)]:
            fixed = [part for part in re.split(r"\{\w+\}", text) if len(part.strip()) > 6]
            sources += [part.strip() for part in fixed]
    return sorted({s for s in sources for text in texts if s in text})


def open_plan(monkeypatch: pytest.MonkeyPatch, db: str, profile: str) -> AppTest:
    add_profiles(db, profile)
    at = make_app(monkeypatch, db, profile=profile, lang="ru")
    at.switch_page("pages/plan.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_plan_page_in_russian_behind_and_day_by_day(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    spec = Spec(("redis-architecture",), date(2026, 12, 20))
    baseline = {"2026-12-03": ["system-types", "scalable-systems"], "2026-12-04": ["data-storage-overview"]}
    PlanStore(s).save("Ada", spec.to_json(), json.dumps(baseline))
    s.close()
    at = open_plan(monkeypatch, db, "Ada")
    assert at.title[0].value == "План обучения"
    assert at.warning[0].value.startswith("Отстаёте на 3 главы: +5 мин в день до 11 дек.")
    assert "Успеваете" in at.success[0].value
    assert any(m.value.startswith("**Сегодня** · ") for m in at.markdown)
    assert any(m.value.startswith("**ср, 9 дек.** · 5 из 60 мин") for m in at.markdown)
    assert at.button(key="plan-catch-up").label == "Наверстать: +5 мин в день до пт, 11 дек."
    assert at.multiselect(key="plan-weekdays-off").options[0] == "понедельник"
    assert untranslated(at) == []
    assert english_sources(main_texts(at)) == []
    # the check bites: the same page in English is all "untranslated"
    at.button_group(key="lang-switch").set_value("en").run()
    assert at.title[0].value == "Study plan"
    left = untranslated(at)
    assert "Study plan" in left and "Day by day" in left and any(x.startswith("3 chapters behind") for x in left)
    assert "Day by day" in english_sources(main_texts(at))


def test_the_plan_page_in_russian_when_it_does_not_fit(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db, "Ada")
    assert at.main.caption[-1].value == t("plan.empty", "ru")
    at.multiselect(key="plan-goals").set_value(["theme:ai-engineering", "redis-architecture"])
    at.number_input(key="plan-weekday").set_value(0.02)
    at.number_input(key="plan-weekend").set_value(0.0)
    at.date_input(key="plan-target").set_value(date(2026, 12, 8))
    at.button(key="plan-save").click().run()
    assert not at.exception
    err = at.error[0].value
    assert err.startswith("Не успеваете: до вт, 8 дек. не хватает ") and "позже срока" in err
    cuts = [m.value for m in at.markdown if m.value.startswith(("Перенести срок", "Заниматься на", "Убрать"))]
    assert any(c.startswith("Перенести срок на ") and " 2026 г. (на " in c for c in cuts), cuts
    assert untranslated(at) == []
    assert english_sources(main_texts(at)) == []


def test_team_in_russian(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_plan(monkeypatch, db, "Lead")
    at.multiselect(key="plan-goals").set_value(["redis-architecture"])
    at.date_input(key="plan-target").set_value(date(2026, 12, 18))
    at.button(key="plan-save").click().run()
    at.button(key="plan-to-team").click().run()
    assert not at.exception
    add_profiles(db, "Grace", "Linus")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    s.set_status("Grace", "system-types", p.READING)
    s.set_status("Linus", "system-types", p.DONE)
    s.close()
    at = make_app(monkeypatch, db, lang="ru", chapter="system-types")
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Команда"
    readers = at.dataframe[0].value
    assert list(readers.columns) == ["профиль", "статус", "обновлено"]
    assert list(zip(readers["профиль"], readers["статус"], strict=True)) == [
        ("Linus", "Прочитана"), ("Grace", "В процессе"), ("Lead", "Не начата")]
    versus = at.dataframe[-1].value
    assert list(versus.columns)[:3] == ["профиль", "по плану к сегодняшнему дню", "из них прочитано"]
    assert any(c.value.startswith("От Lead: ") and "срок — пт, 18 дек. 2026 г." in c.value for c in at.caption)
    assert untranslated(at) == []
    assert english_sources(main_texts(at)) == []


def _search(app: AppTest, query: str) -> list[str]:
    app.query_params["lang"] = "ru"
    app.run()
    app.text_input(key="search-q-0").input(query).run()
    assert not app.exception
    box = [c for c in app.get("flex_container") if getattr(c, "key", None) == "search-hits"]
    assert box
    return [c.value for c in box[0].caption]


def test_search_hits_in_russian(app: Any) -> None:
    captions = _search(app, "redis")
    hits = [b for b in app.button if b.key and b.key.startswith("search-hit-")]
    assert hits
    assert app.text_input(key="search-q-0").label == "Поиск по главам"
    assert app.text_input(key="search-q-0").placeholder == "Поиск по главам…"
    difficulty = {t(f"difficulty.{d}", "ru") for d in ("easy", "medium", "hard", "expert")}
    hit_lines = [c for c in captions if " — " in c]
    assert hit_lines and all(any(f" · {d} — " in c for d in difficulty) for c in hit_lines), hit_lines
    assert not any(re.search(r" · (Easy|Medium|Hard|Expert) — ", c) for c in captions)
    assert english_sources(captions) == []


def test_search_notes_in_russian(app: Any) -> None:
    captions = _search(app, "redsi")
    assert any(c.startswith("Ни одна глава не упоминает «redsi».") and "Может быть, вы имели в виду **redis**?" in c
               for c in captions), captions
    app.text_input(key=next(k.key for k in app.text_input if k.key and k.key.startswith("search-q"))).input(
        "qqqzzxxyyq").run()
    box = [c for c in app.get("flex_container") if getattr(c, "key", None) == "search-hits"]
    notes = [c.value for c in box[0].caption]
    assert notes == ["Ни одна глава не упоминает «qqqzzxxyyq»."] and all(CYRILLIC.search(n) for n in notes)
