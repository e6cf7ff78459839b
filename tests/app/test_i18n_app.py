"""Russian in the app (AppTest): ?lang= and the sidebar switch, the About page, notices, the
"EN only" badge on an untranslated chapter, Russian theme names and search across languages."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.i18n_texts import content_texts, shown_texts
from tests.conftest import ROOT, make_bilingual
from topicgraph.i18n import unknown_texts
from topicgraph.i18n.content import localize
from topicgraph.loader import read_curriculum


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The whole app on the fixture curriculum with its Russian texts."""
    monkeypatch.setenv("TOPICGRAPH_DATA", str(make_bilingual(tmp_path / "content")))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def rerun(at: AppTest) -> AppTest:
    at._finished_page_script_hash = ""  # run app.py itself, as the browser does (see tests/app/test_app.py)
    return at.run()


def about(at: AppTest, lang: str | None) -> AppTest:
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/about.py").run()
    assert not at.exception
    return at


def test_about_in_english(app: AppTest) -> None:
    about(app, "en")
    assert [m.label for m in app.metric] == ["Chapters", "Themes", "Links", "Cross-theme links"]
    assert app.markdown[0].value.startswith("An interactive map of a system-design curriculum.")
    assert "Russian: 4 of 12" not in " ".join(c.value for c in app.caption)
    names = list(app.dataframe[0].value["name"])
    assert names[:2] == ["System Design Approaches", "Databases"]
    assert app.query_params["lang"] == "en"


def test_about_in_russian(app: AppTest) -> None:
    about(app, "ru")
    assert [m.label for m in app.metric] == ["Главы", "Темы", "Связи", "Связи между темами"]
    assert app.markdown[0].value.startswith("Интерактивная карта учебного курса")
    captions = [c.value for c in app.caption]
    assert "Русский: переведено 4 из 12 глав." in captions
    assert any(c.startswith("Материалы из `") and " слов)." in c for c in captions)
    table = app.dataframe[0].value
    assert list(table["name"])[:2] == ["Подходы к проектированию систем", "Базы данных"]
    assert list(table.columns) == ["name", "chapters", "words", "description"]
    assert app.query_params["lang"] == "ru"
    # what the About page itself says comes from the catalog (the sidebar is converted later)
    main = [app.title[0].value, app.markdown[0].value, app.subheader[0].value, *captions,
            *(m.label for m in app.metric)]
    assert unknown_texts(main, "ru") == []
    # the rest of the page too: the sidebar (filters) is Russian as well
    assert unknown_texts(shown_texts(app), "ru", allowed=content_texts(localize(read_curriculum(), "ru"))) == []


def test_without_lang_the_page_is_english_and_the_url_stays_clean(app: AppTest) -> None:
    about(app, None)  # AppTest has no browser language: English
    assert app.metric[0].label == "Chapters"
    assert "lang" not in app.query_params


def test_the_sidebar_switch_changes_the_language_and_the_url(app: AppTest) -> None:
    about(app, None)
    switch = app.button_group(key="lang-switch")
    assert switch.value == "en"
    switch.set_value("ru").run()
    assert not app.exception
    assert app.metric[0].label == "Главы"
    assert app.query_params["lang"] == "ru"
    # the chosen language holds across pages
    app.switch_page("pages/graph.py").run()
    assert app.query_params["lang"] == "ru"
    assert app.button_group(key="lang-switch").value == "ru"
    app.button_group(key="lang-switch").set_value("en").run()
    app.switch_page("pages/about.py").run()
    assert app.metric[0].label == "Chapters" and app.query_params["lang"] == "en"


def test_sidebar_filters_show_russian_theme_names(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.run()
    themes = app.multiselect(key="f_theme")
    assert themes.options[:2] == ["Подходы к проектированию систем", "Базы данных"]


def test_a_translated_chapter_reads_in_russian(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.query_params["chapter"] = "data-storage-overview"
    app.run()
    assert not app.exception
    assert app.title[0].value.replace("\\", "") == "Обзор хранилищ данных"
    text = " ".join(m.value for m in app.markdown)
    assert "Шардирование (sharding) делит данные" in text and "**Основа**" in text
    assert not any("только EN" in b for b in _badges(app))


def _badges(at: AppTest) -> list[str]:
    """st.badge is Markdown (``:gray-badge[...]``)."""
    return [m.value for m in at.markdown if "-badge[" in m.value]


def test_an_untranslated_chapter_shows_english_with_a_badge(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.query_params["chapter"] = "rag-architecture"
    app.run()
    assert not app.exception
    assert app.title[0].value.startswith("Retrieval")  # never an empty page
    assert any("только EN" in b for b in _badges(app))


def test_a_stale_translation_says_so(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.query_params["chapter"] = "redis-architecture"
    app.run()
    assert html.unescape(app.title[0].value).replace("\\", "") == "Redis: база данных в памяти"
    assert any("Перевод мог устареть" in b for b in _badges(app))


def test_url_notices_in_russian(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.query_params["difficulty"] = "mid"
    app.query_params["chapter"] = "nope"
    app.run()
    warnings = [html.unescape(w.value) for w in app.warning]
    assert "Неизвестное значение параметра «сложность» пропущено: 'mid'." in warnings
    assert "Главы 'nope' нет. Выберите главу на графе или через поиск." in warnings


def test_an_unknown_language_is_a_notice_and_english_is_used(app: AppTest) -> None:
    app.query_params["lang"] = "xx"
    app.run()
    assert "Language 'xx' is not available; the choices are en, ru." in [html.unescape(w.value) for w in app.warning]
    assert "lang" not in app.query_params


def hits(at: AppTest) -> list[str]:
    return [b.label.replace("\\", "") for b in at.button if b.key and b.key.startswith("search-hit-")]


def test_russian_search_with_stemming(app: AppTest) -> None:
    app.query_params["lang"] = "ru"
    app.run()
    app.text_input(key="search-q-0").input("шардирования").run()
    assert not app.exception
    # «шардирования» finds «Шардирование» and «Шардирования»: one stem
    assert set(hits(app)) == {"Масштабируемые системы", "Обзор хранилищ данных"}
    assert not any("found in" in c.value.lower() or "найдено" in c.value.lower() for c in app.caption)


def test_a_russian_query_in_the_english_interface_finds_russian_text_and_says_so(app: AppTest) -> None:
    app.run()
    app.text_input(key="search-q-0").input("шардирование").run()
    assert "Обзор хранилищ данных" in hits(app)
    assert "No match in English: found in the Russian text." in [c.value for c in app.caption]
    # an English query in the English interface: the English index, no note
    app.text_input(key="search-q-0").input("redis").run()
    assert hits(app)[0].startswith("Redis: In-Memory")
    assert "No match in English: found in the Russian text." not in [c.value for c in app.caption]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page", ["pages/graph.py", "pages/themes.py", "pages/catalog.py", "pages/team.py",
                                  "pages/settings.py", "pages/about.py"])
def test_every_page_runs_in_both_languages(app: AppTest, page: str, lang: str) -> None:
    app.query_params["lang"] = lang
    app.query_params["chapter"] = "rag-architecture"  # an untranslated chapter: English text, never empty
    app.run()
    app.switch_page(page).run()
    assert not app.exception, (page, lang, [e.value for e in app.exception])
    assert app.query_params["lang"] == lang
    if page != "pages/team.py":  # team stops early (st.stop) without a profile; AppTest then drops the sidebar
        assert app.button_group(key="lang-switch").value == lang
