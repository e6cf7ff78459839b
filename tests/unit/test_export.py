"""Exports of the filtered view (topicgraph/export.py): JSON, GraphML, CSV catalog, offline HTML page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from tests.conftest import BUNDLED, FIXTURE
from topicgraph.export import CATALOG_COLUMNS, export, filtered_graph, to_html
from topicgraph.graph import build_graph
from topicgraph.layout import read_positions
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum
from topicgraph.query import Filters, matching_slugs

AI = Filters(themes=("ai-engineering",))
CDN_HOSTS = ("cdnjs", "jsdelivr", "unpkg", "googleapis", "cloudflare", "bootstrapcdn", "gstatic")


@pytest.fixture(scope="module")
def fixture() -> tuple[Curriculum, nx.DiGraph]:
    cur = read_curriculum(FIXTURE)
    return cur, build_graph(cur)


def vis_dataset(page: str, name: str) -> list[dict[str, object]]:
    """The JSON the page hands to ``new vis.DataSet(...)`` for ``nodes`` or ``edges``."""
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\n", page)
    assert match, f"no {name} DataSet in the page"
    return list(json.loads(match.group(1)))


def test_filtered_graph_keeps_only_matching_chapters_and_their_links(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    sub = filtered_graph(cur, g, AI)
    assert set(sub.nodes) == matching_slugs(cur, AI) and 0 < len(sub) < len(g)
    assert all(g.has_edge(u, v) and sub.edges[u, v] == g.edges[u, v] for u, v in sub.edges)
    assert sub.number_of_edges() == sum(1 for u, v in g.edges if u in sub and v in sub)
    assert len(filtered_graph(cur, g, Filters())) == len(g)


def test_json_is_node_link_data_of_the_view(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    data = json.loads(export("json", cur, g, AI))
    assert {n["id"] for n in data["nodes"]} == matching_slugs(cur, AI)
    back = nx.node_link_graph(data, edges="links")
    assert back.number_of_edges() == filtered_graph(cur, g, AI).number_of_edges()
    rag = next(n for n in data["nodes"] if n["id"] == "rag-architecture")
    assert rag["title"] == cur.chapter_map["rag-architecture"].title and rag["themes"] == ["ai-engineering"]
    assert all(link["kind"] in ("prerequisite", "context", "next") for link in data["links"])


def test_graphml_round_trips(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    view = Filters(difficulties=("easy", "medium"))
    back = nx.parse_graphml(export("graphml", cur, g, view))
    assert set(back.nodes) == matching_slugs(cur, view)
    assert back.number_of_edges() == filtered_graph(cur, g, view).number_of_edges()
    bridge = back.nodes["ai-vs-ml-engineering"]
    assert bridge["themes"] == "ml-engineering,ai-engineering" and bridge["difficulty"] in ("easy", "medium")


def test_csv_catalog(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    table = pd.read_csv(io.StringIO(export("csv", cur, g, Filters())))
    assert list(table.columns) == CATALOG_COLUMNS
    assert len(table) == len(cur.chapters)
    row = table.set_index("slug").loc["redis-architecture"]
    chapter = cur.chapter_map["redis-architecture"]
    assert row["title"] == chapter.title and row["difficulty"] == chapter.difficulty
    assert row["updated"] == chapter.updated.isoformat()
    assert row["links_in"] == g.in_degree("redis-architecture") and row["links_out"] == g.out_degree("redis-architecture")
    assert (table["minutes"] >= 1).all() and (table["words"] > 0).all()
    assert (table["minutes"] == table["words"].apply(lambda w: max(1.0, -(-w * 10 // 200) / 10))).all()
    # filters apply
    hard = pd.read_csv(io.StringIO(export("csv", cur, g, Filters(difficulties=("hard", "expert")))))
    assert set(hard["difficulty"]) == {"hard", "expert"} and len(hard) == 2


def test_csv_quotes_awkward_titles(tmp_path: Path, content: Path) -> None:
    path = content / "chapters" / "redis-architecture.md"
    path.write_text(path.read_text().replace('title: "Redis: In-Memory Database and Architecture"',
                                             'title: \'Redis, "fast", =1+1\''), encoding="utf-8")
    cur = read_curriculum(content)
    table = pd.read_csv(io.StringIO(export("csv", cur, build_graph(cur), Filters())))
    assert table.set_index("slug").loc["redis-architecture", "title"] == 'Redis, "fast", =1+1'


def test_html_is_offline_and_has_the_view(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    page = to_html(cur, g, read_positions(FIXTURE / "layout.json"), AI)
    for attr in re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page) + re.findall(r"url\(([^)]*)\)", page):
        assert not re.match(r"""["']?(https?:)?//""", attr), attr
    assert "http" not in page.lower().replace("ht\"+\"tp", "")
    assert not any(host in page for host in CDN_HOSTS)
    assert "<script src" not in page and "<link" not in page
    nodes = vis_dataset(page, "nodes")
    assert len(nodes) == len(matching_slugs(cur, AI))
    assert {n["title"].split("\n")[0] for n in nodes} == {c.title for c in cur.chapters if AI.matches(c)}
    assert len(vis_dataset(page, "edges")) == filtered_graph(cur, g, AI).number_of_edges()
    assert '"physics": {"enabled": false}' in page
    assert "<title>System Design Space: 4 chapters (theme: AI Engineering)</title>" in page
    # only the drawing's fields go in, not every graph attribute
    assert set(nodes[0]) <= {"id", "label", "title", "color", "x", "y", "size", "shape", "font"}


def test_html_uses_the_stored_layout(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    positions = read_positions(FIXTURE / "layout.json")
    nodes = vis_dataset(to_html(cur, g, positions, Filters()), "nodes")
    by_title = {n["title"].split("\n")[0]: n for n in nodes}
    for c in cur.chapters:
        assert (by_title[c.title]["x"], by_title[c.title]["y"]) == pytest.approx(positions[c.slug])


def test_html_titles_cannot_break_out(content: Path) -> None:
    path = content / "chapters" / "redis-architecture.md"
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)> & 'q'"
    path.write_text(path.read_text().replace('title: "Redis: In-Memory Database and Architecture"',
                                             f"title: {json.dumps(hostile)}"), encoding="utf-8")
    cur = read_curriculum(content)
    assert not cur.problems
    page = to_html(cur, build_graph(cur), read_positions(content / "layout.json"), Filters())
    assert "alert(1)" in page  # the text is there ...
    assert "</script><script>alert" not in page and "<img src=x" not in page  # ... but only escaped
    titles = [n["title"] for n in vis_dataset(page, "nodes")]
    assert any(t.startswith(hostile) for t in titles)  # and vis gets the exact string (shown as text)


def test_html_of_the_bundled_curriculum_has_no_http_at_all() -> None:
    cur = read_curriculum(BUNDLED)
    page = to_html(cur, build_graph(cur), read_positions(BUNDLED / "layout.json"), Filters())
    assert page.count("http") == 0  # what `grep -c http` checks
    assert len(vis_dataset(page, "nodes")) == len(cur.chapters)


def test_unknown_format(fixture: tuple[Curriculum, nx.DiGraph]) -> None:
    cur, g = fixture
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        export("pdf", cur, g, Filters())
