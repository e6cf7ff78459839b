"""Stable node positions.

Positions are computed once with networkx (``spring_layout`` for where themes sit,
``kamada_kawai_layout`` inside each theme) and stored next to the content
(``layout.json``), so the picture is identical after every rerun and restart.
A chapter that is new to the file is placed among its neighbours with every
known node held fixed, so adding content never moves what readers know.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import networkx as nx

from .model import Curriculum

LAYOUT_FILE = "layout.json"
NODE_SPACING = 70.0  # canvas units between neighbouring chapters; the view zooms to fit
GAP = 170.0  # canvas units between theme discs
SEED = 42

Positions = dict[str, tuple[float, float]]


def theme_centres(g: nx.DiGraph, curriculum: Curriculum, radius: dict[str, float]) -> Positions:
    """Place themes so that themes with many links between them sit side by side,
    then spread them until no two theme discs (of the given radius) overlap."""
    t = nx.Graph()
    t.add_nodes_from(th.slug for th in curriculum.themes)
    for u, v in g.edges:
        a, b = g.nodes[u]["theme"], g.nodes[v]["theme"]
        if a != b:
            w = t.edges[a, b]["weight"] + 1 if t.has_edge(a, b) else 1
            t.add_edge(a, b, weight=w)
    if t.number_of_nodes() == 1:
        return {n: (0.0, 0.0) for n in t}
    raw = nx.spring_layout(t, weight="weight", seed=SEED, iterations=300)
    # Start at a size where discs roughly fit, then push overlapping discs apart
    # (networkx has no overlap removal; this is the classic pairwise relaxation).
    size = math.sqrt(sum(math.pi * r * r for r in radius.values())) * 0.9
    c = {n: [float(p[0]) * size, float(p[1]) * size] for n, p in raw.items()}
    names = sorted(c)
    for _ in range(300):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                dx, dy = c[b][0] - c[a][0], c[b][1] - c[a][1]
                d = math.hypot(dx, dy) or 1e-6
                need = radius.get(a, 0) + radius.get(b, 0) + GAP
                if d < need:
                    push = (need - d) / 2 / d
                    c[a][0] -= dx * push
                    c[a][1] -= dy * push
                    c[b][0] += dx * push
                    c[b][1] += dy * push
                    moved = True
        if not moved:
            break
    return {n: (x, y) for n, (x, y) in c.items()}


def compute_positions(g: nx.DiGraph, curriculum: Curriculum, known: Positions | None = None) -> Positions:
    """Positions for every node of *g*, keeping every node of *known* where it is.

    From scratch: each theme becomes a disc, discs of closely linked themes sit
    next to each other, and inside a disc chapters that link out start on the side
    facing the theme they link to. With *known* positions, only new nodes move:
    each starts beside its neighbours and settles with everything else held fixed.
    """
    known = {n: p for n, p in (known or {}).items() if n in g}
    missing = [n for n in g.nodes if n not in known]
    if not missing:
        return known
    if known:
        return _place_new(g, known, missing)

    members: dict[str, list[str]] = {}
    for n, data in g.nodes(data=True):
        members.setdefault(data["theme"], []).append(n)
    radius = {t: NODE_SPACING * math.sqrt(len(ns)) for t, ns in members.items()}
    centres = theme_centres(g, curriculum, radius)
    pos: Positions = {}
    undirected = g.to_undirected(as_view=True)
    for theme, nodes in sorted(members.items()):
        cx, cy = centres[theme]
        r = radius[theme]
        init = {}
        for i, n in enumerate(sorted(nodes)):
            outside = [centres[g.nodes[m]["theme"]] for m in undirected.neighbors(n)
                       if g.nodes[m]["theme"] != theme]
            angle = i * 2.399963  # golden angle spreads the rest evenly
            if outside:  # start on the side facing the themes this chapter links to
                ox = sum(p[0] for p in outside) / len(outside) - cx
                oy = sum(p[1] for p in outside) / len(outside) - cy
                norm = math.hypot(ox, oy) or 1.0
                init[n] = (0.6 * ox / norm + 0.1 * math.cos(angle), 0.6 * oy / norm + 0.1 * math.sin(angle))
            else:
                f = math.sqrt((i + 0.5) / len(nodes)) * 0.5
                init[n] = (f * math.cos(angle), f * math.sin(angle))
        sub = undirected.subgraph(nodes)
        local = nx.kamada_kawai_layout(sub, pos=init) if len(nodes) > 2 else init
        pts = {n: (float(p[0]), float(p[1])) for n, p in local.items()}
        mx = sum(p[0] for p in pts.values()) / len(pts)
        my = sum(p[1] for p in pts.values()) / len(pts)
        dists = sorted(math.hypot(x - mx, y - my) for x, y in pts.values())
        span = dists[int(0.85 * (len(dists) - 1))] or 1.0  # a few outliers may poke out of the disc
        for n, (x, y) in pts.items():
            dx, dy = (x - mx) / span * r, (y - my) / span * r
            shrink = min(1.0, 1.1 * r / (math.hypot(dx, dy) or 1.0))  # keep outliers inside their disc
            pos[n] = (round(cx + dx * shrink, 1), round(cy + dy * shrink, 1))
    return pos


def _place_new(g: nx.DiGraph, known: Positions, missing: list[str]) -> Positions:
    init = dict(known)
    undirected = g.to_undirected(as_view=True)
    for i, n in enumerate(sorted(missing)):
        around = [init[m] for m in undirected.neighbors(n) if m in known]
        if not around:  # no placed neighbour: beside its theme-mates, else at the edge of the picture
            theme = g.nodes[n]["theme"]
            around = [p for m, p in known.items() if g.nodes[m]["theme"] == theme] or [
                (max(x for x, _ in known.values()) + NODE_SPACING, 0.0)]
        cx = sum(p[0] for p in around) / len(around)
        cy = sum(p[1] for p in around) / len(around)
        angle = i * 2.399963
        init[n] = (cx + NODE_SPACING * math.cos(angle), cy + NODE_SPACING * math.sin(angle))
    sub = undirected.subgraph(list(g.nodes))
    # Layout units are canvas units here; k is roughly the distance between neighbours.
    pos = nx.spring_layout(sub, pos=init, fixed=list(known), k=NODE_SPACING, iterations=50, seed=SEED)
    out = dict(known)
    out.update({n: (round(float(pos[n][0]), 1), round(float(pos[n][1]), 1)) for n in missing})
    return out


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
        rows = [f"{json.dumps(k)}: [{positions[k][0]}, {positions[k][1]}]" for k in sorted(positions)]
        Path(path).write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
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
