"""Learning paths in AppTest: Start here, theme pages, catalog, routes and depth react to the URL."""

from __future__ import annotations

import html

from streamlit.testing.v1 import AppTest

from tests.app.test_app import rerun
from tests.conftest import ROOT


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at: AppTest, label: str, key: str | None = None):
    return next(b for b in at.button if b.label == label and (key is None or b.key == key))


def test_start_here_shows_one_suggestion_and_every_theme_entry(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Start here"]
    body = text(app)
    # the fixture has no interview theme: a newcomer starts at the first theme's entry chapter
    assert "**Start with** [System Types in System Design Interviews](/?chapter=system-types) · Easy" in body
    for slug in ("system-types", "data-storage-overview", "ml-engineering-overview", "ai-engineering-overview"):
        assert f"(/?chapter={slug})" in body
    assert "[ML Engineering](/themes?theme=ml-engineering)" in body
    button(app, "Open “System Types in System Design Interviews” here").click()
    rerun(app)
    assert app.query_params["chapter"] == "system-types"


def test_themes_index_lists_every_theme_and_opens_one(app: AppTest) -> None:
    app.switch_page("pages/themes.py").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Themes"]
    assert len([b for b in app.button if b.label == "Open theme"]) == 4
    button(app, "Open theme", "open-databases").click()
    app.run()
    assert [t.value for t in app.title] == ["Databases"]
    assert app.query_params["theme"] == "databases"


def test_theme_page_from_the_url(app: AppTest) -> None:
    app.query_params["theme"] = "ml-engineering"
    app.switch_page("pages/themes.py").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["ML Engineering"]
    assert app.metric[0].value == "3"
    body = text(app)
    order = ["(/?chapter=ml-engineering-overview)", "(/?chapter=ai-vs-ml-engineering)",
             "(/?chapter=ml-system-design-book)"]
    positions = [body.index(link) for link in order]
    assert positions == sorted(positions) and "1. [ML Engineering: Designing" in body
    assert "[AI Engineering](/themes?theme=ai-engineering) · " in body  # the theme it links to most
    assert [s.value for s in app.subheader][:3] == ["Reading order", "Most connected", "Links most to"]
    assert len(app.get("vega_lite_chart")) == 1  # the difficulty mix
    # bridges section: ML x AI puts the seed chapter first
    assert "1. [AI Engineering vs ML Engineering](/?chapter=ai-vs-ml-engineering) · in both themes" in body
    assert app.query_params["theme"] == "ml-engineering"  # the URL keeps it


def test_theme_page_back_to_all_themes(app: AppTest) -> None:
    app.query_params["theme"] = "databases"
    app.switch_page("pages/themes.py").run()
    button(app, "All themes").click()
    app.run()
    assert [t.value for t in app.title] == ["Themes"] and "theme" not in app.query_params


def test_unknown_theme_gives_the_index_and_a_notice(app: AppTest) -> None:
    app.query_params["theme"] = "nope"
    app.switch_page("pages/themes.py").run()
    assert not app.exception and [t.value for t in app.title] == ["Themes"]
    assert [html.unescape(w.value) for w in app.warning] == ["Unknown theme 'nope' was ignored."]  # as plain text


def test_catalog_lists_every_chapter_and_applies_filters_and_search(app: AppTest) -> None:
    app.switch_page("pages/catalog.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == 12 and {"title", "themes", "difficulty", "minutes", "links_in"} <= set(table.columns)
    assert "status" not in table.columns  # tracking is off
    app.text_input(key="catalog-q").input("redis").run()
    assert list(app.dataframe[0].value["slug"]) == ["redis-architecture"]


def test_catalog_reacts_to_the_url_filters(app: AppTest) -> None:
    app.query_params["theme"] = "databases"
    app.query_params["difficulty"] = "medium"
    app.switch_page("pages/catalog.py").run()
    assert sorted(app.dataframe[0].value["slug"]) == ["qdrant-overview", "redis-architecture"]
    assert any(c.value.startswith("2 of 12 chapters") for c in app.caption)


def test_route_to_a_goal_from_the_url(app: AppTest) -> None:
    app.query_params["route"] = "llm-serving-cost"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "Path to LLM Serving: Latency, Throughput and Cost"
    body = text(app)
    assert "1. [" in body and "(/?chapter=llm-serving-cost&route=llm-serving-cost) · Expert" in body
    assert app.title == [] or "Start here" not in [t.value for t in app.title]  # the route takes the reader's place
    button(app, "Clear route").click()
    rerun(app)
    assert "route" not in app.query_params and [t.value for t in app.title] == ["Start here"]


def test_route_between_two_chapters_and_no_route_sentence(app: AppTest) -> None:
    app.query_params["route"] = "system-types..llm-serving-cost"
    app.run()
    assert app.subheader[0].value.startswith("From System Types")
    assert "*next →" in text(app) or "*context →" in text(app)
    app2 = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app2.query_params["route"] = "nope"
    app2.run()
    assert not app2.exception
    assert "There is no chapter called 'nope', so there is no route." in app2.info[0].value


def test_route_planner_sets_the_url(app: AppTest) -> None:
    app.run()
    app.selectbox(key="route-goal").set_value("rag-architecture")
    rerun(app)
    button(app, "Show the path").click()
    rerun(app)
    assert app.query_params["route"] == "rag-architecture"
    assert app.subheader[0].value.startswith("Path to Retrieval-Augmented Generation")


def test_depth_control_follows_and_sets_the_url(app: AppTest) -> None:
    app.query_params["chapter"] = "rag-architecture"
    app.query_params["depth"] = "2"
    app.run()
    control = app.get("button_group")[0]
    assert control.value == 2 if not isinstance(control.value, list) else control.value == [2]
    assert app.query_params["depth"] == "2"


def test_bridge_chapter_shows_a_card_per_theme_that_opens_it(app: AppTest) -> None:
    app.query_params["chapter"] = "ai-vs-ml-engineering"
    app.run()
    assert "This chapter bridges 2 themes" in [s.value for s in app.subheader]
    cards = [b for b in app.button if b.label == "Open theme"]
    assert [b.key for b in cards] == ["open-theme-ai-vs-ml-engineering-ml-engineering",
                                      "open-theme-ai-vs-ml-engineering-ai-engineering"]
    cards[1].click()
    rerun(app)
    assert "AI Engineering" in [t.value for t in app.title]
    assert app.query_params["theme"] == "ai-engineering"


def test_path_to_the_selected_chapter_in_one_click(app: AppTest) -> None:
    app.query_params["chapter"] = "llm-serving-cost"
    app.run()
    button(app, "Path to “LLM Serving: Latency, Throughput and Cost”").click()
    rerun(app)
    assert app.query_params["route"] == "llm-serving-cost" and app.query_params["chapter"] == "llm-serving-cost"
    # a chapter is selected: the route is listed above it, the chapter is still read below
    assert app.subheader[0].value.startswith("Path to LLM Serving")
    assert "LLM Serving: Latency, Throughput and Cost" in [html.unescape(t.value).replace("\u2060", "") for t in app.title]
