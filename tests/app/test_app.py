"""The app frame and pages run headless in Streamlit's AppTest (no browser: component JS does not run here)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


def rerun(at: AppTest) -> AppTest:
    """Rerun the whole app after an interaction.

    AppTest resets Streamlit's legacy ``pages/`` flag before every run (see
    components/compat.py), so a rerun would start with the page file alone and the
    widget change would be lost in the redirect through the frame. Asking for the
    default page runs ``app.py`` directly, as the browser does.
    """
    at._finished_page_script_hash = ""
    return at.run()


def showing(at: AppTest) -> tuple[int, int]:
    for md in at.sidebar.markdown:
        m = re.fullmatch(r"Showing (\d+) of (\d+) chapters", md.value)
        if m:
            return int(m[1]), int(m[2])
    raise AssertionError("no 'Showing N of M chapters' line")


def headers(at: AppTest) -> list[str]:
    """The page's titles (the chapter title is the one H1), as the reader sees them."""
    return [html.unescape(h.value).replace("\u2060", "") for h in at.title]


def test_graph_page_renders_without_exception(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert showing(app) == (12, 12)
    assert [t.value for t in app.title] == ["Start here"]  # issue 7: the landing reader says where to begin


def test_changing_a_filter_changes_the_count(app: AppTest) -> None:
    app.run()
    app.multiselect(key="f_theme").set_value(["databases"])
    assert showing(rerun(app)) == (3, 12)
    app.multiselect(key="f_difficulty").set_value(["easy"])
    assert showing(rerun(app)) == (1, 12)
    assert app.query_params["theme"] == "databases" and app.query_params["difficulty"] == "easy"
    next(b for b in app.button if b.label == "Clear filters").click()
    assert showing(rerun(app)) == (12, 12)
    assert "theme" not in app.query_params


def test_chapter_query_param_selects_it_in_the_panel(app: AppTest) -> None:
    app.query_params["chapter"] = "rag-architecture"
    app.run()
    assert not app.exception
    assert headers(app)[0].replace("\\", "") == "Retrieval-Augmented Generation (RAG) Architecture"
    assert any("Updated: February 11, 2026" in c.value for c in app.caption)
    body = " ".join(m.value for m in app.markdown)
    assert "A short fixture chapter about Retrieval-Augmented Generation" in body


def test_selected_chapter_outside_the_filters_says_so(app: AppTest) -> None:
    app.query_params["chapter"] = "redis-architecture"
    app.query_params["theme"] = "ai-engineering"
    app.query_params["mode"] = "hide"
    app.run()
    assert "This chapter is outside the current filters (hidden in the graph)." in [c.value for c in app.caption]


def test_filters_in_the_url_are_restored(app: AppTest) -> None:
    app.query_params["theme"] = "ai-engineering,ml-engineering"
    app.query_params["type"] = "book-summary"
    app.run()
    assert app.multiselect(key="f_theme").value == ["ai-engineering", "ml-engineering"]
    assert showing(app) == (1, 12)


def test_unknown_slug_and_values_show_a_notice_and_the_page_still_works(app: AppTest) -> None:
    app.query_params["chapter"] = "no-such-chapter"
    app.query_params["difficulty"] = "mid,easy"
    app.run()
    assert not app.exception
    notices = [html.unescape(w.value) for w in app.warning]  # shown literally (punctuation as entities)
    assert any("no chapter called 'no-such-chapter'" in n for n in notices)
    assert any("Unknown difficulty 'mid' was ignored." in n for n in notices)
    assert showing(app) == (5, 12)
    assert "chapter" not in app.query_params and app.query_params["difficulty"] == "easy"


def test_next_link_selects_that_chapter(app: AppTest) -> None:
    app.query_params["chapter"] = "rag-architecture"
    app.run()
    # chapter links are real anchors (a click is a navigation, or the graph's JS selects it)
    links = " ".join(m.value for m in app.markdown)
    assert "](/?chapter=llm-serving-cost " in links
    app.session_state["chapter"] = "llm-serving-cost"  # what following the link selects
    assert headers(rerun(app))[0].startswith("LLM Serving")
    assert app.query_params["chapter"] == "llm-serving-cost"


def test_raw_html_in_a_chapter_is_not_rendered_as_html(app: AppTest) -> None:
    app.query_params["chapter"] = "caching-strategies"
    app.run()
    body = next(m for m in app.markdown if "Raw HTML" in m.value)
    assert body.proto.allow_html is False


def test_broken_content_still_serves_every_valid_chapter(app: AppTest, content: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (content / "chapters" / "qdrant-overview.md").write_text("---\ntitle: [\n---\n")
    monkeypatch.setenv("TOPICGRAPH_DATA", str(content))
    app.query_params["chapter"] = "redis-architecture"
    app.run()
    assert not app.exception
    assert showing(app) == (11, 11)
    problems = " ".join(c.value for c in app.text)  # plain text (see pages/graph.py)
    assert "qdrant-overview.md:3: front matter: unreadable YAML" in problems
    assert headers(app)[0].startswith("Redis")


def test_about_page(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/about.py").run()
    assert not app.exception
    assert [m.value for m in app.metric][:2] == ["12", "4"]


def test_empty_content_directory_explains_itself(app: AppTest, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOPICGRAPH_DATA", str(tmp_path))
    app.run()
    assert not app.exception
    assert showing(app) == (0, 0)
    problems = " ".join(c.value for c in app.text)
    assert f"{tmp_path}/themes.yaml:1: themes: file not found" in problems
    app.switch_page("pages/about.py").run()
    assert not app.exception
