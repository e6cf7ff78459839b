from __future__ import annotations

import math
from pathlib import Path

from tests.conftest import chapter_text
from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE, compute_positions, read_positions, stable_positions
from topicgraph.loader import read_curriculum


def layout(root: Path) -> dict[str, tuple[float, float]]:
    cur = read_curriculum(root)
    return stable_positions(build_graph(cur), cur)


def test_positions_are_stored_and_reused(content: Path) -> None:
    (content / LAYOUT_FILE).unlink()
    first = layout(content)
    assert read_positions(content / LAYOUT_FILE) == first
    assert layout(content) == first  # a rerun or restart draws the same picture


def test_from_scratch_is_deterministic(content: Path, tmp_path: Path) -> None:
    cur = read_curriculum(content)
    g = build_graph(cur)
    assert compute_positions(g, cur) == compute_positions(g, cur)


def test_a_new_chapter_moves_nothing_else(content: Path) -> None:
    before = layout(content)
    front = chapter_text().replace("A Valid Chapter", "Cassandra")
    (content / "chapters" / "cassandra-architecture.md").write_text(front)
    after = layout(content)
    assert set(after) == set(before) | {"cassandra-architecture"}
    assert all(after[s] == before[s] for s in before)
    # it lands near the chapters it links to, not at an arbitrary corner
    new, anchor = after["cassandra-architecture"], after["redis-architecture"]
    spread = max(math.dist(a, b) for a in before.values() for b in before.values())
    assert math.dist(new, anchor) < spread / 2
    assert "cassandra-architecture" in read_positions(content / LAYOUT_FILE)


def test_themes_form_separate_neighbourhoods(content: Path) -> None:
    (content / LAYOUT_FILE).unlink()
    cur = read_curriculum(content)
    pos = layout(content)
    centre = {}
    for t in cur.themes:
        pts = [pos[c.slug] for c in cur.chapters if c.theme == t.slug]
        centre[t.slug] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    for c in cur.chapters:  # every chapter is closer to its own theme's centre than to any other
        own = math.dist(pos[c.slug], centre[c.theme])
        assert all(own <= math.dist(pos[c.slug], centre[t]) for t in centre), c.slug


def test_unwritable_layout_file_still_lays_out(content: Path) -> None:
    (content / LAYOUT_FILE).unlink()
    (content / LAYOUT_FILE).mkdir()  # unwritable even for root: the layout is computed, not stored
    assert len(layout(content)) == 12
