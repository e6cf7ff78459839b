from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest

from tests.conftest import FIXTURE
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.query import Filters, backlinks, filter_chapters, neighbourhood, route_to

CUR = read_curriculum(FIXTURE)
THEMES = [t.slug for t in CUR.themes]


def test_no_filter_matches_everything() -> None:
    assert not Filters().active
    assert len(filter_chapters(CUR, Filters())) == 12


def test_filters_combine_across_fields_and_any_within_a_field() -> None:
    f = Filters(themes=("databases", "ai-engineering"), difficulties=("medium",))
    assert {c.slug for c in filter_chapters(CUR, f)} == {"redis-architecture", "qdrant-overview", "rag-architecture"}
    assert [c.slug for c in filter_chapters(CUR, Filters(types=("book-summary",)))] == ["ml-system-design-book"]


def test_a_chapter_in_two_themes_matches_either() -> None:
    assert CUR.get("ai-vs-ml-engineering") in filter_chapters(CUR, Filters(themes=("ai-engineering",)))
    assert CUR.get("ai-vs-ml-engineering") in filter_chapters(CUR, Filters(themes=("ml-engineering",)))


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(themes=("databases",)),
    Filters(themes=("ai-engineering", "ml-engineering"), difficulties=("easy", "expert"), types=("original", "case-study")),
])
def test_url_round_trip_through_a_real_query_string(filters: Filters) -> None:
    query = urlencode(filters.to_params())
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    assert Filters.from_params(params, THEMES) == (filters, [])


def test_unknown_values_are_dropped_with_a_notice() -> None:
    f, notices = Filters.from_params({"theme": "databases,astrology", "difficulty": "mid", "type": "essay"}, THEMES)
    assert f == Filters(themes=("databases",))
    assert notices == ["Unknown theme 'astrology' was ignored.", "Unknown difficulty 'mid' was ignored.",
                       "Unknown type 'essay' was ignored."]


def test_repeated_params_and_blanks_are_tolerated() -> None:
    f, notices = Filters.from_params({"difficulty": ["easy", "easy,,hard"]}, THEMES)
    assert f.difficulties == ("easy", "hard") and notices == []


def test_neighbourhood_follows_links_both_ways() -> None:
    g = build_graph(CUR)
    assert neighbourhood(g, "redis-architecture") == {
        "redis-architecture", "caching-strategies", "qdrant-overview", "data-storage-overview"}
    assert neighbourhood(g, "missing") == set()


def test_backlinks_name_the_kind() -> None:
    assert backlinks(CUR, "system-types") == [("context", "ai-vs-ml-engineering"), ("context", "scalable-systems"),
                                               ("prerequisite", "caching-strategies")]


def test_route_to_a_hard_chapter_respects_prerequisites() -> None:
    g = build_graph(CUR)
    route = route_to(g, "llm-serving-cost")
    assert route[-1] == "llm-serving-cost"
    for before, after in [("ai-engineering-overview", "rag-architecture"), ("rag-architecture", "llm-serving-cost")]:
        assert route.index(before) < route.index(after)
    assert "ai-engineering-overview" not in route_to(g, "llm-serving-cost", done=["ai-engineering-overview"])
