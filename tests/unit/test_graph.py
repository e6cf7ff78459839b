from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURE
from topicgraph.graph import build_graph, cross_theme_edges, degree_map
from topicgraph.loader import read_curriculum


def test_edges_point_in_reading_order_with_kinds() -> None:
    g = build_graph(read_curriculum(FIXTURE))
    assert g.number_of_nodes() == 12
    # caching-strategies: context scalable-systems, next redis-architecture, prerequisite system-types
    assert g.edges["scalable-systems", "caching-strategies"]["kind"] == "context"
    assert g.edges["ml-system-design-book", "rag-architecture"]["kind"] == "next"
    assert g.edges["system-types", "caching-strategies"]["kind"] == "prerequisite"


def test_a_pair_linked_twice_is_one_edge_with_both_kinds() -> None:
    g = build_graph(read_curriculum(FIXTURE))
    # redis names caching as context; caching names redis as next: same direction, two kinds
    assert g.edges["caching-strategies", "redis-architecture"]["kinds"] == ("context", "next")
    assert g.edges["caching-strategies", "redis-architecture"]["kind"] == "context"  # the strongest kind


def test_bridge_chapter_connects_two_themes() -> None:
    g = build_graph(read_curriculum(FIXTURE))
    bridges = cross_theme_edges(g)
    assert ("system-types", "ai-vs-ml-engineering") in bridges
    # the bridge shares a theme with both entry chapters, so those links are not cross-theme
    assert ("ai-vs-ml-engineering", "ml-engineering-overview") not in bridges
    assert degree_map(g)["ai-vs-ml-engineering"] == 3  # system-types in; both entry chapters out


def test_links_to_left_out_chapters_are_not_drawn(content: Path) -> None:
    (content / "chapters" / "qdrant-overview.md").write_text("broken")
    g = build_graph(read_curriculum(content))
    assert "qdrant-overview" not in g
    assert not any("qdrant-overview" in edge for edge in g.edges)
