"""The search box on the graph page, headless (AppTest): hits, choosing one, the box clearing."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def hits(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("search-hit-")]


def test_search_hits_and_choosing_one(app: AppTest) -> None:
    app.run()
    assert not app.exception
    app.text_input(key="search-q-0").input("redis").run()
    assert hits(app)[0] == "Redis\\: In\\-Memory Database and Architecture"  # Markdown-escaped label
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Databases · ") and "**Redis**" in c for c in captions)
    next(b for b in app.button if b.key == "search-hit-0").click().run()
    app.run()  # the fragment asks for a full rerun so the graph and reader follow
    assert app.session_state["chapter"] == "redis-architecture"
    assert app.query_params["chapter"] == "redis-architecture"
    # a fresh, empty box and no hits
    assert app.text_input(key="search-q-1").value == ""
    assert hits(app) == []


def test_no_hits_and_hostile_input(app: AppTest) -> None:
    app.run()
    app.text_input(key="search-q-0").input('") (* qqqzz -xxyyq "').run()
    assert not app.exception
    assert hits(app) == []
    assert any(c.value.startswith("No chapter mentions") for c in app.caption)
