"""Every page in Russian (AppTest, a real SQLite store): nothing in the main area or the sidebar is left
untranslated (issue 19, point 2). Each text a page shows is either a Russian catalog text, content
(chapter titles, summaries, bodies, theme names) or structure around them (list markers, `` · ``
separators, links to chapters and themes). The same check on the English page finds English texts, so it
cannot pass by accident."""

from __future__ import annotations

import html
import json
import os
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.chapter_panel import safe_body
from components.curricula_ui import theme_rule
from components.profiles_ui import NAME_PROBLEMS, name_problem
from components.progress_ui import import_summary
from tests.app.i18n_texts import content_texts, shown_texts
from tests.conftest import FIXTURE, ROOT
from tests.unit.test_progress_app import add_profiles, make_app
from topicgraph import progress as p
from topicgraph.i18n import t, unknown_texts
from topicgraph.loader import read_curriculum
from topicgraph.planner import Spec
from topicgraph.progress import people
from topicgraph.progress.plans import PlanStore

TODAY = "2026-12-07"  # a Monday
PEOPLE = {"Ada", "Grace", "Lead"}
_LINK = re.compile(r"\[([^\]]*)\]\((?:/\?(?:c=[\w-]+&)?chapter=|/themes\?(?:c=[\w-]+&)?theme=|#chapter)[^)]*\)")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TOPICGRAPH_TODAY", TODAY)
    return str(tmp_path / "progress.sqlite")


@cache
def allowed() -> frozenset[str]:
    """Content of the fixture curriculum (shown as it is in every language) and the profile names."""
    cur = read_curriculum(FIXTURE)
    shown = [html.unescape(safe_body(c.body)).replace("\\", "") for c in cur.chapters]  # as shown_texts reads
    bodies = set(shown) | {line.strip() for body in shown for line in body.splitlines()}
    slugs = {c.slug for c in cur.chapters}
    return frozenset(content_texts(cur) | bodies | slugs | PEOPLE)


def _ok(text: str, lang: str) -> bool:
    return not unknown_texts([text], lang, allowed=allowed())


def leftovers(texts: list[str], lang: str = "ru") -> list[str]:
    """Texts (or the parts of a Markdown list line) that are neither catalog texts of *lang* nor content.

    A text is tried whole, then line by line, then a line without its list marker, then its `` · ``
    separated parts; a link to a chapter or theme counts as its (content) title."""
    out: list[str] = []
    for text in texts:
        if _ok(text, lang):
            continue
        for line in text.splitlines():
            line = line.strip()
            if not line or _ok(line, lang) or _ok(_LINK.sub("§", line), lang):
                continue
            bare = _MARKER.sub("", line)
            if _ok(bare, lang) or _ok(_LINK.sub("§", bare), lang):
                continue
            for part in bare.split(" · "):
                part = part.strip().strip("*_ ").removesuffix(" ✓")
                if _LINK.fullmatch(part) or _ok(part, lang) or _ok(_LINK.sub(r"\1", part), lang):
                    continue
                out.append(part)
    return out


def page_texts(at: AppTest) -> list[str]:
    """The main area and the sidebar: what the page shows as text, plus the page title's parts."""
    assert not at.exception, at.exception
    return shown_texts(at.main) + shown_texts(at.sidebar)  # type: ignore[arg-type]  # a Block has the same accessors


def check(at: AppTest) -> None:
    """Russian: nothing untranslated. English on the same page: the check finds the English texts."""
    assert at.sidebar.subheader, "the sidebar was not drawn"
    left = leftovers(page_texts(at))
    assert left == [], left
    at.button_group(key="lang-switch").set_value("en").run()
    english = leftovers(page_texts(at))
    assert "Filters" in english and len(english) >= 5, english


def open_page(monkeypatch: pytest.MonkeyPatch, db: str, page: str | None = None, profile: str | None = None,
              **params: str) -> AppTest:
    if profile:
        add_profiles(db, profile)
        params["profile"] = profile
    at = make_app(monkeypatch, db, lang="ru", **params)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_graph_with_a_bridge_chapter_open_and_tracking(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, profile="Ada", chapter="ai-vs-ml-engineering", depth="1")
    assert at.title[0].value  # the chapter's title
    assert at.button(key="close-ai-vs-ml-engineering").label == "Закрыть главу"
    headers = [h.value for h in at.header]
    assert "Что читать дальше" in headers and "Сюда ссылаются" in headers
    assert any(c.value.startswith("Обновлено: ") and " г., " in c.value for c in at.caption)
    assert any(s.value == "Эта глава связывает 2 темы" for s in at.subheader)
    assert any(m.value.startswith("Показано ") for m in at.sidebar.markdown)
    check(at)


def test_graph_with_prerequisites_and_the_route_planner(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, chapter="caching-strategies")
    assert "Сначала прочитайте" in [h.value for h in at.header]
    check(at)


def test_graph_start_page(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db)
    assert at.title[0].value == "С чего начать"
    assert at.markdown[0].value.startswith("**System Design Space Explorer** · 12 глав о проектировании систем в 4 темах")
    check(at)


def test_graph_with_a_route(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, route="llm-serving-cost")
    assert at.subheader[0].value.startswith("Путь к «")
    assert at.button(key="route-clear").label == "Сбросить маршрут"
    check(at)


def test_graph_with_a_chain_route(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, route="system-types..llm-serving-cost")
    assert at.subheader[0].value.startswith("От «")
    check(at)


def test_themes_list_and_one_theme(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, "pages/themes.py")
    assert at.title[0].value == "Темы"
    assert at.main.subheader[-1].value == "Мосты между двумя темами"
    left = leftovers(page_texts(at))
    assert left == [], left
    at.button(key="open-ai-engineering").click().run()
    assert at.metric[0].label == "Главы"
    assert "Порядок чтения" in [h.value for h in at.main.subheader]
    check(at)


def test_catalog(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, "pages/catalog.py", profile="Ada")
    assert at.title[0].value == "Каталог"
    rows = at.dataframe[0].value
    assert set(rows["difficulty"].astype(str)) <= {"Лёгкая", "Средняя", "Сложная", "Экспертная"}
    assert set(rows["status"]) == {"Не начата"}
    assert json.loads(at.dataframe[0].proto.columns)["links_in"]["label"] == "Входящие ссылки"
    check(at)


def test_team(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Grace")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    s.set_status("Grace", "system-types", p.DONE)
    s.close()
    at = open_page(monkeypatch, db, "pages/team.py", profile="Ada", chapter="system-types")
    assert at.title[0].value == "Команда"
    check(at)


def test_plan(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    spec = Spec(("redis-architecture",), date(2026, 12, 20))
    PlanStore(s).save("Ada", spec.to_json(), json.dumps({"2026-12-03": ["system-types"]}))
    s.close()
    at = open_page(monkeypatch, db, "pages/plan.py", profile="Ada")
    assert at.title[0].value == "План обучения"
    check(at)


def test_settings_with_a_profile(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, "pages/settings.py", profile="Ada")
    assert at.title[0].value == "Настройки"
    assert at.toggle(key="_w_track").label == "Отслеживать мой прогресс"
    check(at)


def test_settings_reset_confirmation(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    for slug in ("system-types", "scalable-systems", "caching-strategies"):
        s.set_status("Ada", slug, p.DONE)
    s.close()
    at = open_page(monkeypatch, db, "pages/settings.py", profile="Ada")
    next(b for b in at.button if b.label == "Сбросить мой прогресс…").click().run()
    assert any(w.value.startswith("Забыть все 3 статуса профиля **Ada**?") for w in at.warning)
    left = leftovers(page_texts(at))
    assert left == [], left


def test_about(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, "pages/about.py")
    check(at)


def test_the_sweep_reads_download_buttons_page_links_and_uploaders(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = open_page(monkeypatch, db, "pages/settings.py", profile="Ada")
    texts = page_texts(at)
    assert "Экспортировать мой прогресс (JSON)" in texts and "Импортировать прогресс (экспорт в JSON)" in texts
    at = open_page(monkeypatch, db, chapter="system-types", route="llm-serving-cost")
    assert "Скачать эти строки в CSV" not in page_texts(at)
    assert {"Интерактивная страница (HTML)", "Каталог (CSV)"} <= set(page_texts(at))


def test_a_damaged_store_is_explained_in_russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and the sidebar say what is wrong and what to do in Russian; the store's own English
    diagnosis stays, marked as details (it carries the driver's message)."""
    db = tmp_path / "progress.sqlite"
    db.write_bytes(b"this is not a database" * 200)
    at = make_app(monkeypatch, str(db), lang="ru", profile="Ada")  # the profile cannot be created: no store
    at.run()
    at.switch_page("pages/settings.py").run()
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("**Отслеживание прогресса недоступно.** База прогресса повреждена"), errors
    assert "Восстановите базу из резервной копии" in errors[0] and "Подробности: " in errors[0]
    left = leftovers(page_texts(at))
    assert left == [], left


def test_sign_in_mode_in_russian(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """Signed out (the reader's sign-in button, the sidebar's line), then an admin on Settings (who is
    signed in, every profile with reset and delete) and the notice for a profile in the address."""
    from tests.app.test_signin_app import ROOT_USER, signed_in

    out = signed_in(monkeypatch, db, {"is_logged_in": False}, lang="ru", chapter="redis-architecture")
    out.run()
    assert "Войти" in [b.label for b in out.button]
    assert leftovers(page_texts(out)) == [], leftovers(page_texts(out))
    admin = signed_in(monkeypatch, db, ROOT_USER, admins=("root@example.com",), lang="ru", profile="Ada")
    admin.run()
    assert any("Профиль из адреса страницы не учтён" in w.value for w in admin.sidebar.warning)
    admin.switch_page("pages/settings.py").run()
    assert any(s.value.startswith("Вы вошли как Root (") and "администрируете" in s.value for s in admin.success)
    assert "Профили этого развёртывания (для администратора)" in [h.value for h in admin.subheader]
    next(b for b in admin.button if b.label == "Сбросить его прогресс…").click().run()
    assert any(w.value.startswith("Забыть все статусы «") for w in admin.warning)
    left = leftovers(page_texts(admin))
    assert left == ["Root (root@example.com)"], left  # the profile picker's option: a person's name and e-mail


def test_an_import_summary_reads_the_same_in_english_and_is_russian_in_russian() -> None:
    r = p.ImportResult(1, 0, 2, 25, tuple("abcdefghijklmnopqrst"))
    assert import_summary(r) == str(r)  # outside a run the language is English: the store's own words
    ru = t("settings.import_result", "ru", added=1, updated=0, kept=2) + t(
        "settings.import_unknown", "ru", n=25, listed=t("settings.import_first", "ru", k=20, names="a, b", n=5))
    assert ru == ("добавлено: 1, обновлено: 0, без изменений: 2 (в профиле те же или более новые); "
                  "нет в этом курсе и не импортировано: 25 — первые 20: a, b … (и ещё 5)")


@pytest.mark.parametrize("bad", ["", "a\x07b", "x" * 200, "Ad\u200ba", "._.", "id:me", "\u0410da"])
def test_every_refused_profile_name_is_said_in_russian(bad: str) -> None:
    """Each refusal the store gives has our sentence (English the same as the store's own)."""
    with pytest.raises(ValueError) as refused:
        people.check_name(bad)
    key = next((k for start, k in NAME_PROBLEMS if str(refused.value).startswith(start)), None)
    assert key is not None, str(refused.value)
    assert name_problem(refused.value) == str(refused.value)  # outside a run: English, word for word
    word = re.search(r"\((.+)\)\.$", str(refused.value))
    ru = t(key, "ru", max=p.NAME_MAX, prefix=people.IDENTITY_PREFIX, word=word[1] if word else "")
    assert CYRILLIC.search(ru) and "{" not in ru


def test_a_taken_name_is_said_in_russian() -> None:
    assert str(people.NameTaken("ada", "Ada")).startswith(NAME_PROBLEMS[0][0])
    assert t(NAME_PROBLEMS[0][1], "ru").startswith("Профиль с таким именем уже есть")


def test_a_notes_folder_without_links_in_russian(monkeypatch: pytest.MonkeyPatch, db: str, tmp_path: Path) -> None:
    """An imported folder picked among several, in Russian: still a notes folder (the notice on a graph with no
    edges, the orphans switch; the Russian copy of the curriculum used to drop its kind), the curriculum choice."""
    from topicgraph.notes.read import read_notes

    folder = ROOT / "tests" / "fixtures" / "notes" / "nolinks"
    monkeypatch.setenv("TOPICGRAPH_CACHE", str(tmp_path / "cache"))
    at = make_app(monkeypatch, db, lang="ru", c="nolinks")
    monkeypatch.setenv("TOPICGRAPH_DATA", os.pathsep.join([str(FIXTURE), str(folder)]))
    at.run()
    assert not at.exception, at.exception
    notice = next(i.value for i in at.info if "не ссылается на другую" in i.value)  # the folder is notes in Russian too
    assert notice.endswith("Цвета показывают темы, взятые из папок верхнего уровня.")
    assert any(x.label.startswith("Только заметки без ссылок (") for x in at.sidebar.toggle)
    assert theme_rule(read_notes(folder)) == "the top-level folder"  # outside a run: English, as the notes say
    assert t("curricula.no_links", "ru", n=3, rule=t("curricula.rule.folder", "ru")).endswith(
        "Цвета показывают темы, взятые из папок верхнего уровня.")
    notes = read_notes(folder)
    content = content_texts(notes) | {html.unescape(safe_body(c.body)).replace("\\", "") for c in notes.chapters}
    assert at.sidebar.selectbox[0].label == "Учебный курс"
    picker = set(at.sidebar.selectbox[0].options)  # the curricula's folder names
    left = [x for x in leftovers(page_texts(at)) if x not in content | picker]
    assert left == [], left


def test_a_refused_import_says_why_in_russian_naming_the_field(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """Issue 19: "Не импортировано: <причина>" with the reason in Russian too; the field keeps the file's name."""
    at = open_page(monkeypatch, db, "pages/settings.py", profile="Ada")
    bad = {"format": "topicgraph-progress", "version": 1, "chapters": [
        {"chapter": "system-types", "status": "done", "updated_at": "2026-03-01T10:00:00Z"},
        {"chapter": "caching-strategies", "status": "finished", "updated_at": "2026-03-01T10:00:00Z"}]}
    at.file_uploader(key="_w_import").set_value(("bad.json", json.dumps(bad).encode(), "application/json")).run()
    assert not at.exception, at.exception
    (error,) = [e.value.replace("\\", "") for e in at.error]  # as shown: Markdown escapes removed
    assert error == ("Не импортировано: chapters[1].status: должно быть одним из значений: not-started, reading, "
                     "done, skipped. Ничего не изменилось."), error
    assert leftovers(page_texts(at)) == []
    s = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    assert s.statuses("Ada") == {}  # nothing imported, not even the good entry
    s.close()

    # a file that is not JSON at all: the whole file is named in Russian, and json's own words too
    at.file_uploader(key="_w_import").set_value(("bad.json", b'{"chapters" []}', "application/json")).run()
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert error == ("Не импортировано: файл: не JSON (строка 1, столбец 13: ожидался разделитель ':'). "
                     "Ничего не изменилось."), error

    # the same page in English says it word for word as the CLI does
    at.button_group(key="lang-switch").set_value("en").run()
    at.file_uploader(key="_w_import").set_value(("bad.json", b"[]", "application/json")).run()
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert error == "Not imported: file: must be a JSON object. Nothing was changed.", error
