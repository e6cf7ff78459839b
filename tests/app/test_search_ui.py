"""The search box on the graph page, headless (AppTest): hits, choosing one, the box clearing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE
from topicgraph.loader import read_curriculum


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


def component_data(at: AppTest, name: str) -> dict[str, Any]:
    """The data a ``st.components.v2`` component was last given (its JSON), found by component name."""
    def walk(node: Any) -> Iterator[Any]:
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else ():
            yield child
            yield from walk(child)

    for el in walk(at._tree):
        proto = getattr(el, "proto", None)
        if type(el).__name__ == "UnknownElement" and getattr(proto, "component_name", "") == name:
            data: dict[str, Any] = json.loads(proto.json)
            return data
    raise AssertionError(f"no {name} component on the page")


def test_a_typo_is_corrected_with_did_you_mean(app: AppTest) -> None:
    app.run()
    app.text_input(key="search-q-0").input("redsi").run()
    assert not app.exception
    assert hits(app)[0] == "Redis\\: In\\-Memory Database and Architecture"
    assert any("Did you mean **redis**?" in c.value for c in app.caption)
    # the hits on screen wait to be marked on the graph: the browser asks once they stay a moment
    keys = component_data(app, "search_keys")
    pending = json.loads(keys["pending"])
    assert pending[0] == "redis-architecture" and len(pending) == len(hits(app))
    assert json.loads(keys["marked"]) == [] and keys["delay"] >= 300


def test_a_correct_word_gets_no_did_you_mean(app: AppTest) -> None:
    app.run()
    app.text_input(key="search-q-0").input("redis").run()
    assert hits(app)
    assert not any("Did you mean" in c.value for c in app.caption)


def state_index(app: AppTest) -> dict[str, int]:
    """The graph's chapter numbers (payload.index: the position in the curriculum's chapter list)."""
    return {c.slug: i for i, c in enumerate(read_curriculum(FIXTURE).chapters)}


def test_marked_hits_reach_the_graph(app: AppTest) -> None:
    app.run()
    assert not component_data(app, "topic_graph")["marked"]
    app.session_state["_search_marked"] = ("redis-architecture", "not-a-chapter", "caching-strategies")
    app.run()
    # the graph is told which chapters to mark (unknown slugs dropped), as indices into its chapter list
    index = state_index(app)
    assert component_data(app, "topic_graph")["marked"] == sorted([index["redis-architecture"],
                                                                    index["caching-strategies"]])


def test_the_catalog_uses_the_same_search(app: AppTest) -> None:
    app.switch_page("pages/catalog.py").run()
    app.text_input(key="catalog-q").input("reids").run()  # a typo
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["slug"])[:1] == ["redis-architecture"]
    assert "redis" in table["match"].iloc[0].lower()  # where the word was found
    assert any("Did you mean **redis**?" in c.value for c in app.caption)
    # a word found only in a chapter's text (not its title or themes), as on the graph page
    ex = app.session_state["_tg_explorer"]
    index, cur = ex.search, ex.curriculum
    names = " ".join([c.title for c in cur.chapters] + [t.name for t in cur.themes]).lower()
    body_word = next(w for w in re.findall(r"[a-z]{7,}", cur.chapter_map["redis-architecture"].body.lower())
                     if w not in names)
    app.text_input(key="catalog-q").input(body_word).run()
    slugs = list(app.dataframe[0].value["slug"])
    assert slugs == [h.slug for h in index.search(body_word, limit=500)]
    assert not any("Did you mean" in c.value for c in app.caption)
