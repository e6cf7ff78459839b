"""The reader in AppTest: links behind a base URL path, live edits, a deleted chapter, heading levels."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.test_app import rerun
from tests.conftest import ROOT


@pytest.fixture
def app(content: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TOPICGRAPH_DATA", str(content))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


@pytest.fixture
def base_url_path() -> Iterator[None]:
    old = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", "/team/sds/")
    yield
    config.set_option("server.baseUrlPath", old)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_links_and_badges_follow_the_base_url_path(app: AppTest, base_url_path: None) -> None:
    app.query_params["chapter"] = "rag-architecture"
    app.run()
    assert not app.exception
    text = markdown(app)
    assert "](/team/sds/?chapter=llm-serving-cost " in text
    assert "](/team/sds/themes?theme=ai-engineering)" in text


def test_the_title_is_the_only_h1_and_sections_are_h2(app: AppTest) -> None:
    app.query_params["chapter"] = "rag-architecture"
    app.run()
    assert [html.unescape(t.value) for t in app.title] == ["Retrieval-Augmented Generation (RAG) Architecture"]
    assert app.title[0].proto.anchor == "chapter"
    assert [h.value for h in app.header] == ["Where to go next", "Read before", "Linked from"]
    assert not app.main.subheader


def test_an_edited_chapter_shows_on_the_next_run_and_a_deleted_one_says_so(app: AppTest, content: Path) -> None:
    app.query_params["chapter"] = "redis-architecture"
    app.run()
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8") + "\nA sentence added while the app ran.\n", encoding="utf-8")
    assert "A sentence added while the app ran." in markdown(rerun(app))
    redis.unlink()
    rerun(app)
    assert not app.exception
    assert any("This chapter was removed or renamed" in w.value for w in app.warning)
    assert [t.value for t in app.title] == ["Start here"]  # the landing panel, no chapter
    assert "chapter" not in app.query_params


def test_a_body_h1_is_demoted_and_remote_images_are_blocked(app: AppTest, content: Path) -> None:
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8") + "\n# Own top heading\n\n![pic](https://e.invalid/p.png)\n",
                     encoding="utf-8")
    app.query_params["chapter"] = "redis-architecture"
    app.run()
    text = markdown(app)
    assert "\n## Own top heading" in text and "\n# Own" not in text
    assert "https://e.invalid/p.png" not in text and "remote image blocked" in text


def test_links_inside_notes_follow_the_base_url_path(monkeypatch: pytest.MonkeyPatch, base_url_path: None) -> None:
    """A notes folder's links are made ``/?chapter=slug`` when read; behind a base path they must carry it."""
    monkeypatch.setenv("TOPICGRAPH_DATA", str(ROOT / "tests" / "fixtures" / "notes" / "vault"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["chapter"] = "readme"  # the vault's index: nine links to its notes
    at.run()
    assert not at.exception
    text = markdown(at)
    assert "](/team/sds/?chapter=" in text
    assert "](/?chapter=" not in text


@pytest.mark.parametrize(("lang", "said"), [("en", "diagram.png (attachment)"), ("ru", "diagram.png (вложение)")])
def test_what_the_reader_adds_to_a_note_is_in_the_readers_language(monkeypatch: pytest.MonkeyPatch, lang: str,
                                                                     said: str) -> None:
    """An attachment in a note is named with a word of ours after it: in the page's language, the name as written."""
    monkeypatch.setenv("TOPICGRAPH_DATA", str(ROOT / "tests" / "fixtures" / "notes" / "vault"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["chapter"] = "01-basics-caching"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    text = html.unescape(markdown(at)).replace("*", "")
    assert said in text
    assert ("(attachment)" in text) == (lang == "en")
