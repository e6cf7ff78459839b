"""Stable node positions.

Positions are computed once with ``nx.spring_layout`` and stored next to the
content (``layout.json``), so the picture is identical after every rerun and
restart. A chapter that is new to the file is placed among its neighbours with
every known node held fixed, so adding content never moves what readers know.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import networkx as nx

from .model import Curriculum

LAYOUT_FILE = "layout.json"
SCALE = 1000.0  # vis-network canvas units; the graph view fits whatever is drawn
SEED = 42

Positions = dict[str, tuple[float, float]]


def _anchor(theme: str) -> str:
    return f"__theme__{theme}"


def compute_positions(g: nx.DiGraph, curriculum: Curriculum, known: Positions | None = None) -> Positions:
    """Positions for every node of *g*, keeping every node of *known* where it is.

    Each theme gets a fixed anchor on a circle and its chapters are tied to it,
    so themes form neighbourhoods while cross-theme links pull bridges together.
    """
    known = {n: p for n, p in (known or {}).items() if n in g}
    h = nx.Graph()
    h.add_nodes_from(g.nodes)
    h.add_edges_from(g.to_undirected().edges, weight=1.0)
    themes = [t.slug for t in curriculum.themes]
    # Anchors sit on a circle at the scale of the drawing; their weight keeps themes apart.
    anchors: Positions = {}
    for i, theme in enumerate(themes):
        angle = 2 * math.pi * i / max(1, len(themes))
        anchors[_anchor(theme)] = (SCALE * math.cos(angle), SCALE * math.sin(angle))
    for n, data in g.nodes(data=True):
        for rank, theme in enumerate(data.get("themes", ())):
            if _anchor(theme) in anchors:
                h.add_edge(n, _anchor(theme), weight=2.0 if rank == 0 else 0.8)
    h.add_nodes_from(anchors)

    init: Positions = dict(anchors)
    init.update(known)
    missing = [n for n in g.nodes if n not in known]
    for i, n in enumerate(sorted(missing)):
        around = [init[m] for m in h.neighbors(n) if m in init]
        cx = sum(p[0] for p in around) / len(around) if around else 0.0
        cy = sum(p[1] for p in around) / len(around) if around else 0.0
        # A small deterministic offset so new nodes do not start on top of each other.
        angle = i * 2.399963  # golden angle
        init[n] = (cx + 40 * math.cos(angle), cy + 40 * math.sin(angle))
    if not missing:
        return known
    fixed = list(anchors) + list(known)
    # k is in layout units: about the distance between two neighbours.
    k = SCALE * 2.2 / math.sqrt(max(1, h.number_of_nodes()))
    pos = nx.spring_layout(h, pos=init, fixed=fixed, k=k, iterations=200, weight="weight", seed=SEED)
    return {n: (round(float(pos[n][0]), 1), round(float(pos[n][1]), 1)) for n in g.nodes}


def read_positions(path: str | os.PathLike[str]) -> Positions:
    """Positions stored at *path*; empty when the file is missing or unreadable."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in raw.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return {}


def write_positions(path: str | os.PathLike[str], positions: Positions) -> bool:
    """Store positions (sorted, so the file diffs well); False when the place is read-only."""
    try:
        text = json.dumps({k: list(positions[k]) for k in sorted(positions)}, indent=0)
        Path(path).write_text(text + "\n", encoding="utf-8")
        return True
    except OSError:
        return False


def stable_positions(g: nx.DiGraph, curriculum: Curriculum, root: str | os.PathLike[str] | None = None) -> Positions:
    """Read stored positions, place new chapters, store the result when something changed."""
    file = Path(root or curriculum.root) / LAYOUT_FILE
    stored = read_positions(file)
    positions = compute_positions(g, curriculum, stored)
    if any(n not in stored for n in positions):
        write_positions(file, {**stored, **positions})
    return positions
