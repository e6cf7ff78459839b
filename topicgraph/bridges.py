"""Bridges between two themes: the chapters that connect them, ranked by how much they bridge.

A bridge is a chapter in both themes, or one with a link across (to a chapter of the other theme
that it does not share). The score is networkx's betweenness restricted to the two themes'
subgraph, counted only on shortest paths that run from a chapter of one theme only to a chapter of
the other only (``betweenness_centrality_subset``, as a share of those pairs). Chapters in both
themes rank first: they are the border itself (the site's bridge chapters), however few links they have.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .model import Curriculum


@dataclass(frozen=True)
class Bridge:
    slug: str
    score: float
    in_both: bool
    #: Links across the two themes touching this chapter, as ``(u, v, kind)`` in reading order.
    cross_links: tuple[tuple[str, str, str], ...]


def theme_members(cur: Curriculum, theme: str) -> set[str]:
    return {c.slug for c in cur.chapters if theme in c.themes}


def _side(themes: tuple[str, ...], a: str, b: str) -> frozenset[str]:
    return frozenset(themes) & {a, b}


def cross_links(cur: Curriculum, g: nx.DiGraph, a: str, b: str) -> list[tuple[str, str, str]]:
    """Links whose ends sit on different sides of the border (``a`` only, ``b`` only, or both),
    together covering both themes: ``(u, v, kind)`` in reading order, sorted."""
    side = {c.slug: _side(c.themes, a, b) for c in cur.chapters}
    return sorted(
        (u, v, str(kind)) for u, v, kind in g.edges(data="kind")
        if side.get(u) and side.get(v) and side[u] != side[v] and side[u] | side[v] == {a, b}
    )


def bridges(cur: Curriculum, g: nx.DiGraph, a: str, b: str) -> list[Bridge]:
    """Chapters connecting themes *a* and *b*, most bridging first (ties by slug).

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from topicgraph.graph import build_graph
    >>> from datetime import datetime
    >>> def ch(slug, themes, nxt):
    ...     return Chapter(slug, slug, themes, "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(nxt[0], "Context", "why"), nxt, "b")
    >>> cur = Curriculum((), (ch("x", ("m", "a"), ("m1", "a1")), ch("m1", ("m",), ("m2",)),
    ...                       ch("m2", ("m",), ("a1",)), ch("a1", ("a",), ("a2",)), ch("a2", ("a",), ("a1",))))
    >>> [(br.slug, br.in_both) for br in bridges(cur, build_graph(cur), "m", "a")]
    [('x', True), ('a1', False), ('m2', False), ('m1', False)]
    """
    in_a, in_b = theme_members(cur, a), theme_members(cur, b)
    if not in_a or not in_b or a == b:
        return []
    sub = g.subgraph(in_a | in_b).to_undirected(as_view=False)
    links = cross_links(cur, g, a, b)
    touching: dict[str, list[tuple[str, str, str]]] = {}
    for link in links:
        for end in link[:2]:
            touching.setdefault(end, []).append(link)
    both = in_a & in_b
    candidates = both | set(touching)
    if not candidates:
        return []
    between = nx.betweenness_centrality_subset(sub, sorted(in_a - in_b), sorted(in_b - in_a), normalized=False)
    pairs = max(1, len(in_a - in_b) * len(in_b - in_a))
    ranked = [Bridge(slug, round(between.get(slug, 0.0) / pairs, 6), slug in both, tuple(touching.get(slug, ())))
              for slug in candidates]
    return sorted(ranked, key=lambda br: (not br.in_both, -br.score, br.slug))
