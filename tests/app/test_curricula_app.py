"""Several curricula in one app (AppTest): the URL picks one, progress is kept per curriculum in a real SQLite store."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT
from tests.unit.test_progress_app import add_profiles, bars, make_app, my_status, rerun
from topicgraph import progress as p

NOTES = ROOT / "tests" / "fixtures" / "notes"


def test_progress_is_kept_per_curriculum(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    add_profiles(db, "Ada")  # made in Settings: a URL never creates a profile
    at = make_app(monkeypatch, db, c="vault", chapter="02-databases-redis", profile="Ada")
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(FIXTURE), str(NOTES / "vault")]))
    at.run()
    assert not at.exception, at.exception
    assert at.query_params["c"] in ("vault", ["vault"])
    assert my_status(at).value == p.READING  # opening the note marked it reading, in the vault's own keys
    my_status(at).set_value(p.DONE)
    rerun(at)
    assert not at.exception and bars(at)["Overall"] == "1 of 13 done · 7%"
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    try:
        assert store.statuses("Ada") == {"vault:02-databases-redis": p.DONE}
        store.set_status("Ada", "redis-architecture", p.DONE)  # the bundled-format curriculum keeps plain slugs
    finally:
        store.close()
    # the sidebar's choice switches to the other curriculum: its own progress, the view starts afresh
    (choice,) = [s for s in at.sidebar.selectbox if s.label == "Curriculum"]
    choice.set_value("content")
    rerun(at)
    assert not at.exception, at.exception
    assert at.query_params["c"] in ("content", ["content"]) and "chapter" not in at.query_params
    assert bars(at)["Overall"] == "1 of 12 done · 8%"


def test_team_page_counts_this_curriculums_statuses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    try:
        store.set_status("Ada", "vault:02-databases-redis", p.DONE)
        store.set_status("Ada", "redis-architecture", p.DONE)
    finally:
        store.close()
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, db, c="vault", chapter="02-databases-redis")
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(FIXTURE), str(NOTES / "vault")]))
    at.run()
    at.switch_page(str(ROOT / "pages" / "team.py")).run()
    assert not at.exception, at.exception
    (table,) = at.dataframe
    assert list(table.value["status"]) == ["Done"]  # Ada has read Redis in this vault


@pytest.mark.parametrize("page", ["themes.py", "catalog.py", "team.py", "settings.py", "about.py"])
def test_every_page_works_on_an_imported_vault(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, page: str) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), theme="databases", profile="Ada")
    monkeypatch.setenv("TOPICGRAPH_DATA", str(NOTES / "vault"))
    at.run()
    assert not at.exception, at.exception
    at.switch_page(str(ROOT / "pages" / page)).run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("lang,said", [("en", "There is no curriculum 'valt' (c= in the address); showing "
                                               "“System Design Space” instead. Available: system-design-space, "
                                               "vault."),
                                       ("ru", "Курса 'valt' (параметр c= в адресе) нет, поэтому открыт курс "
                                              "«System Design Space». Доступные курсы: system-design-space, vault.")])
def test_an_unknown_curriculum_in_the_url_is_said_and_corrected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                  lang: str, said: str) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), c="valt", lang=lang)
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(ROOT / "data"), str(NOTES / "vault")]))
    at.run()
    assert not at.exception, at.exception
    assert [html.unescape(w.value) for w in at.main.warning] == [said]  # named as typed, with what is shown instead
    assert at.query_params["c"] in ("system-design-space", ["system-design-space"])  # the URL says what is shown
    rerun(at)
    assert not at.exception and not at.main.warning  # said once
