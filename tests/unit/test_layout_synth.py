"""bench/synth.py makes valid, realistic, reproducible curricula (the scale tests and benchmarks rely on it)."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.synth import generate
from topicgraph.graph import build_graph, cross_theme_edges
from topicgraph.loader import read_curriculum


def test_synthetic_curriculum_is_valid_realistic_and_reproducible(tmp_path: Path) -> None:
    generate(1000, 14, seed=5, out=tmp_path / "a")
    generate(1000, 14, seed=5, out=tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a" / "chapters").iterdir())
    assert all((tmp_path / "a" / "chapters" / f).read_bytes() == (tmp_path / "b" / "chapters" / f).read_bytes()
               for f in files)
    cur = read_curriculum(tmp_path / "a")
    assert cur.problems == () and len(cur.chapters) == 1000 and len(cur.themes) == 14
    g = build_graph(cur)
    assert 4.0 <= g.number_of_edges() / 1000 <= 4.8  # ≈4.4 links per chapter, like the bundled content
    degrees = sorted(d for _, d in g.degree())
    assert degrees[-1] >= 5 * statistics.median(degrees)  # heavy-tailed: hubs
    assert 0.3 <= len(cross_theme_edges(g)) / g.number_of_edges() <= 0.6
    assert 2000 <= statistics.mean(len(c.body) for c in cur.chapters) <= 3000
    assert not any(b in cur.chapter_map[a].next and a in cur.chapter_map[b].next
                   for c in cur.chapters for a, b in [(c.slug, n) for n in c.next])
    for t in cur.themes:
        firsts = [c for c in cur.chapters if c.theme == t.slug and c.order == 1]
        assert len(firsts) == 1 and firsts[0].difficulty == "easy"
