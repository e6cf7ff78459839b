"""Measurements without a browser: loading, a fresh layout, placing one new chapter."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synth import default_themes, generate
from topicgraph.graph import build_graph
from topicgraph.layout import LAYOUT_FILE, compute_positions, read_positions, stable_positions, write_positions
from topicgraph.loader import read_curriculum

CACHE = Path(tempfile.gettempdir()) / "topicgraph-bench"


def content_for(size: int, bundled: Path, seed: int) -> Path:
    """213 is the bundled content; other sizes are synthetic, generated once per size and seed."""
    if size == 213:
        return bundled
    out = CACHE / f"c{size}-s{seed}"
    done = out / ".complete"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        generate(size, default_themes(size), seed, out)
        done.write_text("ok")
    return out


def measure_offline(content: Path, *, store: bool) -> dict[str, Any]:
    """Seconds to load + validate, to lay out from scratch and to place one new chapter.

    With *store*, the fresh layout is written to the content's layout.json (synthetic content), so
    the server then starts from a stored layout like a real deployment.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    cur = read_curriculum(content)
    g = build_graph(cur)
    load, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    fresh = compute_positions(g, cur)
    layout, layout_cpu = time.perf_counter() - t0, time.process_time() - c0
    # One new chapter: a stored layout that lacks one well-linked chapter, read, placed and written back.
    stored = read_positions(content / LAYOUT_FILE) or fresh
    degree = dict(g.degree())
    new = sorted(g, key=lambda n: (-degree[n], n))[len(g) // 10]
    with tempfile.TemporaryDirectory() as tmp:
        write_positions(Path(tmp) / LAYOUT_FILE, {n: p for n, p in stored.items() if n != new})
        t0, c0 = time.perf_counter(), time.process_time()
        placed = stable_positions(g, cur, root=tmp)
        one_new, one_new_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert new in placed
    if store:
        write_positions(content / LAYOUT_FILE, fresh)
    # Chapters to click: the best-linked chapter of each theme (drawn biggest), best first.
    best: dict[str, str] = {}
    for n in sorted(g, key=lambda n: (-degree[n], n)):
        best.setdefault(g.nodes[n]["theme"], n)
    targets = [(n, cur.chapter_map[n].title) for n in sorted(best.values(), key=lambda n: (-degree[n], n))]
    return {"chapters": len(cur.chapters), "themes": len(cur.themes), "links": g.number_of_edges(),
            "problems": len(cur.problems), "load_s": load, "layout_s": layout, "one_new_s": one_new,
            "load_cpu_s": load_cpu, "layout_cpu_s": layout_cpu, "one_new_cpu_s": one_new_cpu,
            "targets": targets, "target_themes": {n: g.nodes[n]["theme"] for n in best.values()}}
