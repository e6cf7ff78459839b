"""Several curricula on every page (AppTest, a real SQLite file): an unknown ``?c=`` is said on whichever page the
address opens, and the admins' profile list counts and resets the curriculum shown unless told every one."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_signin_app import ISSUER, ROOT_USER, signed_in
from tests.conftest import FIXTURE, ROOT
from tests.unit.test_progress_app import make_app, rerun
from topicgraph import progress as p
from topicgraph.progress import people

VAULT = ROOT / "tests" / "fixtures" / "notes" / "vault"
BOTH = os.pathsep.join([str(FIXTURE), str(VAULT)])
TITLES = {"settings.py": "Settings", "plan.py": "Study plan", "team.py": "Team", "about.py": "System Design Space "
          "Explorer", "catalog.py": "Catalog", "themes.py": "Themes"}


def shown(text: str) -> str:
    """Markdown made literal as a person reads it (entities, and the word joiner that stops autolinks, gone)."""
    return html.unescape(text).replace("\u2060", "")


def warnings(at: AppTest) -> list[str]:
    return [shown(w.value) for w in at.main.warning]


@pytest.mark.parametrize("page", list(TITLES))
def test_an_unknown_curriculum_is_said_on_every_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     page: str) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), c="nope*x*")
    monkeypatch.setenv("TOPICGRAPH_DATA", BOTH)
    at.switch_page(f"pages/{page}")  # the address opens this page first (its url_path is its file's name)
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title][:1] == [TITLES[page]]
    # the value as typed (never Markdown: the stars stay stars), the curriculum shown instead, the ids there are
    assert ("There is no curriculum 'nope*x*' (c= in the address); showing “content” instead. Available: content, "
            "vault.") in warnings(at), warnings(at)
    assert at.query_params["c"] in ("content", ["content"])  # the address corrected to what is shown
    rerun(at)
    assert not at.exception and not any("no curriculum" in w for w in warnings(at))  # said once


def test_the_notice_speaks_russian_on_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), c="nope", lang="ru")
    monkeypatch.setenv("TOPICGRAPH_DATA", BOTH)
    at.switch_page("pages/settings.py").run()
    assert not at.exception, at.exception
    assert ("Курса 'nope' (параметр c= в адресе) нет, поэтому открыт курс «content». Доступные курсы: content, "
            "vault.") in warnings(at)


def _button(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def test_admins_count_and_reset_the_curriculum_shown_or_every_one(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    ada = people.ensure_identity(s, ISSUER, "ada", "Ada", "ada@example.com")

    def read_everything() -> None:
        s.set_status(ada, "redis-architecture", p.DONE)  # the content fixture: plain slugs
        s.set_status(ada, "vault:02-databases-redis", p.DONE)
        s.set_status(ada, "vault:01-basics-caching", p.READING)

    read_everything()
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",), c="vault")
    monkeypatch.setenv("TOPICGRAPH_DATA", BOTH)
    at.switch_page("pages/settings.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert dict(zip(table["name"], table["statuses"], strict=True))["Ada"] == 2  # in the vault, not 3
    assert any("counted in “vault”, the curriculum shown now" in c.value for c in at.caption)

    # reset: the choice names the curriculum shown and starts on it; the confirmation says what goes
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    _button(at, "Reset its progress…")
    (scope,) = at.radio
    assert scope.label == "What to reset" and scope.value == "shown"
    assert scope.options == ["this curriculum (vault)", "every curriculum (all 2)"]
    assert "Forget every status of “Ada (ada@example.com)” in “vault”? The other curricula keep theirs." in " ".join(
        warnings(at))
    assert len(s.statuses(ada)) == 3  # nothing before "Yes"
    _button(at, "Yes, reset")
    assert s.statuses(ada) == {"redis-architecture": p.DONE}  # the content fixture keeps its status
    assert any("Progress of “Ada (ada@example.com)” in “vault” reset: 2 statuses forgotten." in shown(m.value)
               for m in at.success)
    assert dict(zip(at.dataframe[0].value["name"], at.dataframe[0].value["statuses"], strict=True))["Ada"] == 0

    # every curriculum, when chosen
    read_everything()
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    _button(at, "Reset its progress…")
    at.radio[0].set_value("all").run()
    assert "Forget every status of “Ada (ada@example.com)” in all 2 curricula?" in " ".join(warnings(at))
    _button(at, "Yes, reset")
    assert s.statuses(ada) == {}
    assert any("reset in every curriculum: 3 statuses forgotten." in shown(m.value) for m in at.success)
    s.close()


def test_with_one_curriculum_the_admin_reset_asks_nothing_more(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    ada = people.ensure_identity(s, ISSUER, "ada", "Ada", "ada@example.com")
    s.set_status(ada, "redis-architecture", p.DONE)
    s.set_status(ada, "vault:02-databases-redis", p.DONE)  # left from a time with two curricula: still counted
    at = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",))
    at.switch_page("pages/settings.py").run()
    table = at.dataframe[0].value
    assert dict(zip(table["name"], table["statuses"], strict=True))["Ada"] == 2
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    _button(at, "Reset its progress…")
    assert not at.radio
    _button(at, "Yes, reset")
    assert s.statuses(ada) == {}
    s.close()


def test_links_name_the_curriculum_shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With several curricula a link opened in a new tab (or copied) must show the same one: it says c=."""
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, str(tmp_path / "progress.sqlite"), c="vault", chapter="02-databases-redis")
    monkeypatch.setenv("TOPICGRAPH_DATA", BOTH)
    at.run()
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.main.markdown)
    assert "](/?c=vault&chapter=01-basics-caching" in text  # the note's own text and its list of links
    assert "/?chapter=" not in text and "(/themes?c=vault&theme=databases)" in text  # and its theme badge
    at.switch_page("pages/themes.py").run()
    at.button(key="open-databases").click().run()  # the theme's page: its reading order links to its notes
    assert not at.exception, at.exception
    text = "\n".join(m.value for m in at.main.markdown)
    assert "(/?c=vault&chapter=" in text and "/?chapter=" not in text


def test_the_admin_reset_choice_speaks_russian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = str(tmp_path / "progress.sqlite")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    ada = people.ensure_identity(s, ISSUER, "ada", "Ada", "ada@example.com")
    s.set_status(ada, "vault:02-databases-redis", p.DONE)
    s.close()
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",), c="vault", lang="ru")
    monkeypatch.setenv("TOPICGRAPH_DATA", BOTH)
    at.switch_page("pages/settings.py").run()
    assert any(c.value.startswith("Статусы и время последнего изменения посчитаны по курсу «vault»")
               for c in at.caption)
    at.selectbox(key="_w_admin_pick").set_value(ada).run()
    _button(at, "Сбросить его прогресс…")
    assert at.radio[0].label == "Что сбросить"
    assert at.radio[0].options == ["этот курс (vault)", "все курсы (их 2)"]
    assert "Забыть все статусы «Ada (ada@example.com)» в курсе «vault»? В других курсах они останутся." in " ".join(
        warnings(at))
    _button(at, "Да, сбросить")
    assert any("Прогресс «Ada (ada@example.com)» в курсе «vault» сброшен: забыт 1 статус." in shown(m.value)
               for m in at.success)
