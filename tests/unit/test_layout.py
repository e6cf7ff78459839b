from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import chapter_text
from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE, LayoutJob, compute_positions, read_positions, stable_positions
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


def test_big_themes_get_no_quadratic_layout_and_new_chapters_no_spring_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.synth import generate
    from topicgraph import layout as lay

    generate(600, 3, seed=3, out=tmp_path)  # themes of ~200 chapters
    cur = read_curriculum(tmp_path)
    assert not cur.problems
    g = build_graph(cur)
    kk = nx.kamada_kawai_layout

    def small_only(sub: nx.Graph, **kw: object) -> object:
        assert sub.number_of_nodes() <= lay.KAMADA_KAWAI_MAX, "Kamada-Kawai on a big theme"
        return kk(sub, **kw)

    monkeypatch.setattr(nx, "kamada_kawai_layout", small_only)
    fresh = compute_positions(g, cur)
    assert set(fresh) == set(g) and all(map(math.isfinite, (v for p in fresh.values() for v in p)))

    def no_spring(*a: object, **kw: object) -> None:
        raise AssertionError("a whole-graph spring run to place one chapter")

    monkeypatch.setattr(nx, "spring_layout", no_spring)
    new = sorted(g)[7]
    placed = compute_positions(g, cur, {n: p for n, p in fresh.items() if n != new})
    assert all(placed[n] == fresh[n] for n in fresh if n != new)
    assert all(math.dist(placed[new], p) >= lay.NODE_SPACING / 2 for n, p in fresh.items() if n != new)
    neighbours = [fresh[m] for m in nx.all_neighbors(g, new)]
    mean = (sum(p[0] for p in neighbours) / len(neighbours), sum(p[1] for p in neighbours) / len(neighbours))
    assert math.dist(placed[new], mean) < 6 * lay.NODE_SPACING  # beside its neighbours' centre


def test_a_fresh_layout_runs_in_the_background_with_progress(content: Path) -> None:
    (content / LAYOUT_FILE).unlink()
    cur = read_curriculum(content)
    g = build_graph(cur)
    seen: list[float] = []
    job = LayoutJob(g, cur, background=True)
    while not job.wait(0.001):
        seen.append(job.fraction)
    assert job.background and job.fraction == 1.0 and all(0 <= f <= 1 for f in seen)
    assert job.result() == compute_positions(g, cur)
    assert read_positions(content / LAYOUT_FILE) == job.result()  # stored for the next server
    again = LayoutJob(g, cur)  # a stored layout: nothing to wait for
    assert not again.background and again.done and again.result() == job.result()


def test_a_failed_background_layout_is_raised_to_the_caller(content: Path) -> None:
    cur = read_curriculum(content)
    g = build_graph(cur)
    g.add_node("orphan")  # no theme attribute: the layout cannot place it
    (content / LAYOUT_FILE).unlink()
    job = LayoutJob(g, cur, background=True)
    with pytest.raises(KeyError):
        job.result()
