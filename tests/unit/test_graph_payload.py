"""The graph's first message and, for big curricula, the theme overview and per-theme detail files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.synth import generate
from components import assets
from components.graph.payload import LOD_MIN, build_payload
from tests.conftest import FIXTURE
from topicgraph.graph import build_graph
from topicgraph.layout import compute_positions
from topicgraph.loader import read_curriculum


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("lod") / "content"
    generate(LOD_MIN + 300, 12, seed=3, out=out)
    cur = read_curriculum(out)
    g = build_graph(cur)
    return cur, g, build_payload(cur, g, compute_positions(g, cur))


def test_small_curricula_send_the_whole_drawing() -> None:
    cur = read_curriculum(FIXTURE)
    g = build_graph(cur)
    p = build_payload(cur, g, compute_positions(g, cur))
    assert not p.lod and not p.detail
    assert [n[0] for n in p.structure["nodes"]] == [c.slug for c in cur.chapters]
    assert len(p.structure["edges"]) == g.number_of_edges()


def test_big_curricula_start_with_one_bubble_per_theme(big) -> None:  # type: ignore[no-untyped-def]
    cur, g, p = big
    s = p.structure
    assert p.lod and "nodes" not in s and "edges" not in s
    counts = Counter(c.theme for c in cur.chapters)
    assert [t["n"] for t in s["themes"]] == [counts[t.slug] for t in cur.themes]
    assert len(s["themeOf"]) == len(cur.chapters)
    # Links between two themes, counted once per link whatever its direction.
    between = Counter(tuple(sorted((g.nodes[u]["theme"], g.nodes[v]["theme"]))) for u, v in g.edges
                      if g.nodes[u]["theme"] != g.nodes[v]["theme"])
    slugs = [t.slug for t in cur.themes]
    assert {(slugs[a], slugs[b]): n for a, b, n in s["themeEdges"]} == dict(between)
    # Each bubble sits on its theme and holds most of it.
    for i, t in enumerate(s["themes"]):
        inside = [c for c in cur.chapters if c.theme == slugs[i]]
        assert t["n"] == len(inside) and t["r"] > 0
    # The first message is small: a few bytes per chapter, not a record per chapter.
    assert len(json.dumps(s)) < 12 * len(cur.chapters) + 5_000


def test_every_chapter_and_link_is_in_the_detail_of_its_theme(big) -> None:  # type: ignore[no-untyped-def]
    cur, g, p = big
    seen_nodes: set[str] = set()
    seen_edges: set[tuple[str, str]] = set()
    slugs = [c.slug for c in cur.chapters]
    for t, raw in p.detail.items():
        chunk = json.loads(raw)
        own = {r[1] for r in chunk["nodes"]}
        assert all(cur.chapter_map[s].theme == cur.themes[t].slug for s in own)
        known = own | {r[1] for r in chunk["ext"]}
        for a, b, _kind in chunk["edges"]:
            assert slugs[a] in own or slugs[b] in own  # only links touching the theme
            assert {slugs[a], slugs[b]} <= known  # and both ends can be drawn
            seen_edges.add((slugs[a], slugs[b]))
        # records carry their global index, so the view's index lists name them
        assert all(slugs[r[0]] == r[1] for r in chunk["nodes"] + chunk["ext"])
        seen_nodes |= own
    assert seen_nodes == set(slugs)
    assert seen_edges == set(g.edges)


def test_detail_files_are_published_once_per_version(big, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:  # type: ignore[no-untyped-def]
    _cur, _g, p = big
    monkeypatch.setattr(assets, "VENDOR", tmp_path)
    rel = assets.publish_detail(p.key, p.detail)
    folder = tmp_path / rel
    assert sorted(int(f.stem) for f in folder.glob("*.json")) == sorted(p.detail)
    assert json.loads((folder / "0.json").read_bytes()) == json.loads(p.detail[0])
    (folder / "0.json").write_text("changed")  # a complete version is never rewritten
    assert assets.publish_detail(p.key, p.detail) == rel and (folder / "0.json").read_text() == "changed"
    for k in range(10):  # old versions beyond the newest few go
        assets.publish_detail(f"old{k}", {0: b"{}"}, keep=3)
    assert len([d for d in (tmp_path / "detail").iterdir()]) == 4


def test_every_graph_module_is_published_after_the_modules_it_imports() -> None:
    """Imports are rewritten to hashed names in OWN_FILES order: a module listed before one it imports
    would load a name that does not exist, and the graph would not draw at all."""
    import re

    order = [f.name for f in assets.OWN_FILES]
    for i, path in enumerate(assets.OWN_FILES):
        if path.suffix != ".js":
            continue
        for dep in re.findall(r'from\s+"\./([\w.]+\.js)"', path.read_text()):
            assert dep in order[:i], f"{path.name} imports {dep}, listed later in components/assets.py OWN_FILES"
