"""Routes, bridges, theme overviews and the catalog table, on the fixture and the bundled content."""

from __future__ import annotations

import networkx as nx
import pytest

from tests.conftest import BUNDLED, FIXTURE
from topicgraph.bridges import bridges, cross_links
from topicgraph.catalog import COLUMNS, catalog_table, search_table
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.reading import LEVEL
from topicgraph.routes import BEFORE_KINDS, Route, chain_between, parse_route, path_to, route_steps
from topicgraph.search import SearchIndex
from topicgraph.themes import theme_overview

FIX = read_curriculum(FIXTURE)
FIX_G = build_graph(FIX)
CUR = read_curriculum(BUNDLED)
G = build_graph(CUR)


def slugs(steps: list) -> list[str]:
    return [s.slug for s in steps]


@pytest.mark.parametrize("goal", ["consensus-protocols", "llm-serving-cost", "rag-architecture", "cdn-case"])
def test_path_to_is_topological_and_ends_at_the_goal(goal: str) -> None:
    route = slugs(path_to(CUR, G, goal))
    assert route[-1] == goal and len(route) == len(set(route))
    before = G.edge_subgraph([(u, v) for u, v, k in G.edges(data="kind") if k in BEFORE_KINDS])
    prereq = G.edge_subgraph([(u, v) for u, v, k in G.edges(data="kinds") if "prerequisite" in k])
    chain, c = [], CUR.get(goal)
    while c.context.chapter not in chain and c.context.chapter != goal:
        chain.append(c.context.chapter)
        c = CUR.get(c.context.chapter)
    needs = (nx.ancestors(prereq, goal) if goal in prereq else set()) | set(chain) | {goal}
    assert set(route) == needs  # its prerequisites and its context chain, nothing else
    position = {s: i for i, s in enumerate(route)}
    # every prerequisite/context link between two route chapters points forward, except inside a loop
    loops = {s for comp in nx.strongly_connected_components(before.subgraph(route)) if len(comp) > 1 for s in comp}
    for u, v in before.subgraph(route).edges:
        if not (u in loops and v in loops):
            assert position[u] < position[v], (u, v)


def test_path_to_is_deterministic_and_easiest_first_where_free() -> None:
    first = path_to(CUR, G, "consensus-protocols")
    assert all(path_to(CUR, G, "consensus-protocols") == first for _ in range(3))
    # a graph built from the chapters in reverse order gives the same route
    reversed_g = build_graph(type(CUR)(CUR.themes, tuple(reversed(CUR.chapters))))
    assert slugs(path_to(CUR, reversed_g, "consensus-protocols")) == slugs(first)
    # the first chapter has nothing before it in the route and is easy
    assert CUR.get(first[0].slug).difficulty == "easy"


def test_path_to_on_the_fixture_and_done_chapters_left_out() -> None:
    full = slugs(path_to(FIX, FIX_G, "llm-serving-cost"))
    assert full[-1] == "llm-serving-cost" and "rag-architecture" in full and "ai-engineering-overview" in full
    assert full.index("ai-engineering-overview") < full.index("rag-architecture")
    done = {"ai-engineering-overview", "llm-serving-cost"}
    short = slugs(path_to(FIX, FIX_G, "llm-serving-cost", done=done))
    assert short == [s for s in full if s != "ai-engineering-overview"]  # the goal itself always stays
    levels = [LEVEL[FIX.get(s).difficulty] for s in full]
    assert levels[0] == 0


def test_each_route_step_says_how_it_links_on() -> None:
    steps = path_to(FIX, FIX_G, "llm-serving-cost")
    for step in steps[:-1]:
        assert step.kind in BEFORE_KINDS and step.target in slugs(steps) and step.why
    ctx = next(s for s in steps if s.kind == "context")
    assert ctx.why == FIX.get(ctx.target).context.why


def test_no_route_cases() -> None:
    assert path_to(FIX, FIX_G, "no-such-chapter") == []
    assert chain_between(FIX, FIX_G, "no-such-chapter", "rag-architecture") == []
    lonely = nx.DiGraph(FIX_G)
    lonely.add_node("island")
    assert chain_between(FIX, lonely, "island", "rag-architecture") == []
    assert route_steps(FIX, FIX_G, None) == [] and parse_route("..x") is None and parse_route("") is None


def test_chain_between_two_chapters_is_shortest_with_kind_and_why() -> None:
    steps = chain_between(FIX, FIX_G, "system-types", "llm-serving-cost")
    assert steps[0].slug == "system-types" and steps[-1].slug == "llm-serving-cost"
    assert len(steps) - 1 == nx.shortest_path_length(FIX_G, "system-types", "llm-serving-cost")
    for step in steps[:-1]:
        assert step.kind in ("context", "next", "prerequisite") and step.why
    # against reading order it still finds a chain, marked backwards
    back = chain_between(FIX, FIX_G, "llm-serving-cost", "system-types")
    assert back[-1].slug == "system-types" and len(back) >= 2


def test_route_param_round_trip() -> None:
    assert parse_route("a..b") == Route("b", "a") and Route("b", "a").param == "a..b"
    assert parse_route("goal").param == "goal"


def test_bridges_put_the_seed_chapter_first_for_ml_and_ai() -> None:
    found = bridges(CUR, G, "ml-engineering", "ai-engineering")
    assert found[0].slug == "ai-vs-ml-engineering" and found[0].in_both
    assert len(found) >= 3
    assert [b.score for b in found[1:]] == sorted((b.score for b in found[1:]), reverse=True)
    assert found[1].score > 0
    # the same pair the other way round ranks the same
    assert [b.slug for b in bridges(CUR, G, "ai-engineering", "ml-engineering")] == [b.slug for b in found]


def test_cross_links_join_the_two_themes() -> None:
    ml = {c.slug for c in CUR.chapters if "ml-engineering" in c.themes}
    ai = {c.slug for c in CUR.chapters if "ai-engineering" in c.themes}
    links = cross_links(CUR, G, "ml-engineering", "ai-engineering")
    assert links and all((u in ml and v in ai) or (u in ai and v in ml) for u, v, _ in links)
    assert bridges(CUR, G, "databases", "databases") == [] and bridges(CUR, G, "databases", "nope") == []


def test_catalog_table_columns_and_counts() -> None:
    table = catalog_table(FIX, FIX_G)
    assert list(table.columns) == COLUMNS == ["slug", "title", "themes", "difficulty", "type", "updated", "words",
                                              "minutes", "links_in", "links_out"]
    assert len(table) == len(FIX.chapters)
    row = table.set_index("slug").loc["ai-vs-ml-engineering"]
    assert row["themes"] == "ML Engineering, AI Engineering" and row["type"] == "Original"
    assert row["links_out"] == 3 and row["minutes"] >= 1
    assert table["links_in"].sum() == table["links_out"].sum()  # every link counted at both ends
    with_status = catalog_table(FIX, FIX_G, {"rag-architecture": "reading"})
    assert list(with_status.columns) == [*COLUMNS, "status"]
    assert with_status.set_index("slug")["status"].value_counts().to_dict() == {"not started": 11, "reading": 1}


def test_catalog_search_and_filter() -> None:
    # the catalog lists the full-text search's hits (typos corrected), best first, with the snippet
    table = catalog_table(FIX, FIX_G)
    index = SearchIndex(FIX.chapters)
    rows = search_table(table, index.search("REDIS", limit=500))
    assert list(rows["slug"])[:1] == ["redis-architecture"] and "redis" in rows["match"][0].lower()
    assert list(rows.columns)[:3] == ["slug", "title", "match"]
    assert set(search_table(table, index.search("ml engineering", limit=500))["slug"]) >= {
        "ml-engineering-overview", "ai-vs-ml-engineering"}
    assert list(search_table(table, index.search("reids", limit=500))["slug"])[:1] == ["redis-architecture"]
    assert search_table(table, []).empty
    assert set(search_table(table, None, keep={"qdrant-overview"})["slug"]) == {"qdrant-overview"}
    both = search_table(table, index.search("vector", limit=500), keep={"qdrant-overview"})
    assert list(both["slug"]) == ["qdrant-overview"]


def test_reading_minutes_differ_per_chapter() -> None:
    minutes = catalog_table(CUR, G)["minutes"]
    assert minutes.min() >= 1 and minutes.nunique() >= 8  # whole minutes said 2 on 212 of 213 rows
    assert (minutes * 10).round(6).mod(1).eq(0).all()  # tenths


def test_theme_overview_on_the_bundled_content() -> None:
    o = theme_overview(CUR, G, "ml-engineering")
    assert o is not None and o.chapters[0].slug == "ml-engineering-overview"
    assert int(o.difficulty.sum()) == len(o.chapters) == sum("ml-engineering" in c.themes for c in CUR.chapters)
    assert o.neighbours[0][0] == "ai-engineering" and o.hubs[0][1] >= o.hubs[-1][1]
    assert theme_overview(CUR, G, "nope") is None
