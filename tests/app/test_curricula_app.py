"""Several curricula in one app (AppTest): the URL picks one, progress is kept per curriculum in a real SQLite store."""

from __future__ import annotations

import html
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE, ROOT
from tests.unit.test_progress_app import add_profiles, bars, make_app, my_status, rerun
from topicgraph import curricula
from topicgraph import progress as p
from topicgraph.i18n import t

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


def _said(at: AppTest, kind: str) -> list[str]:
    return [html.unescape(str(el.value)).replace("\\", "") for el in getattr(at, kind)]


def test_settings_export_import_and_reset_act_on_the_curriculum_shown(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    store.create_profile("Ada")
    store.set_status("Ada", "redis-architecture", p.DONE)  # the bundled-format curriculum: plain slugs
    store.set_status("Ada", "vault:02-databases-redis", p.DONE)
    store.set_status("Ada", "vault:01-basics-caching", p.READING)
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, db, c="vault", profile="Ada")
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(FIXTURE), str(NOTES / "vault")]))
    at.run()
    at.switch_page(str(ROOT / "pages" / "settings.py")).run()
    assert not at.exception, at.exception
    assert any("act on “vault” only" in c for c in _said(at, "caption"))
    (download,) = at.get("download_button")
    assert download.proto.label == "Export my progress in “vault” (JSON)"
    vault = next(c for c in curricula.choices([FIXTURE, NOTES / "vault"]) if c.id == "vault")
    exported = json.loads(curricula.export_progress(store, "Ada", vault))  # what that button downloads
    assert (exported["curriculum"], exported["curriculum_name"]) == ("vault", "vault")
    assert sorted(c["chapter"] for c in exported["chapters"]) == ["01-basics-caching", "02-databases-redis"]

    # an export of the other curriculum is refused, naming the field and both curricula; nothing changes
    other = store.export_json("Ada", "", "content", "Content fixture")
    at.file_uploader(key="_w_import").set_value(("content.json", other.encode(), "application/json")).run()
    assert not at.exception, at.exception
    (error,) = _said(at, "error")
    assert error.startswith("Not imported: curriculum: this file holds the progress of 'content' (Content fixture), "
                            "not of 'vault' (vault) shown now; open that curriculum (c=content) to import it")
    assert store.statuses("Ada")["vault:01-basics-caching"] == p.READING

    # an old whole-profile export: this curriculum's statuses are merged, the others counted and left out
    whole = json.loads(store.export_json("Ada"))  # as every export was before: the store's keys, no curriculum
    assert "curriculum" not in whole and len(whole["chapters"]) == 3
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    for row in whole["chapters"]:
        if row["chapter"] == "vault:01-basics-caching":  # newer in the file: it wins
            row.update(status=p.DONE, updated_at=later)
    whole["chapters"].append({"chapter": "docs:x", "status": p.DONE, "updated_at": later})
    at.file_uploader(key="_w_import").set_value(("old.json", json.dumps(whole).encode(), "application/json")).run()
    assert not at.exception, at.exception
    assert any(s.startswith("Imported old.json: 0 added, 1 updated, 1 kept") and "2 of other curricula left out" in s
               for s in _said(at, "success")), _said(at, "success")
    assert store.statuses("Ada") == {"redis-architecture": p.DONE, "vault:02-databases-redis": p.DONE,
                                     "vault:01-basics-caching": p.DONE}

    # reset: the confirmation names the curriculum; only its statuses go
    next(b for b in at.button if b.label == "Reset my progress in “vault”…").click().run()
    assert any("Forget all 2 statuses of **Ada** in “vault”?" in w for w in _said(at, "warning")), _said(at, "warning")
    next(b for b in at.button if b.label == "Yes, reset").click().run()
    assert not at.exception, at.exception
    assert store.statuses("Ada") == {"redis-architecture": p.DONE}  # the other curriculum keeps its status
    assert "Progress in “vault” reset: 2 statuses forgotten." in _said(at, "success")
    store.close()


def test_notes_notices_and_the_choice_speak_russian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), c="nolinks", lang="ru")
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(NOTES / "vault"), str(NOTES / "nolinks")]))
    at.run()
    assert not at.exception, at.exception
    assert [s.label for s in at.sidebar.selectbox] == ["Учебный курс"]
    assert "Только заметки без ссылок (3)" in [s.label for s in at.toggle], [s.label for s in at.toggle]
    (info,) = _said(at, "info")
    assert info.startswith("Ни одна из заметок (их 3) не ссылается на другую")
    at.sidebar.selectbox[0].set_value("vault")
    rerun(at)
    assert not at.exception, at.exception
    assert at.main.expander[0].label == t("curricula.problems_notes", "ru", n=7)
    assert at.main.expander[0].label.startswith("Проблем в заметках: 7")
