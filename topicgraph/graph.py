"""The curriculum as a networkx ``DiGraph``.

Every edge points in reading order, ``u -> v`` meaning "read u before v":
a chapter's context and prerequisites point *to* it, its "next" links point *from* it.
An edge carries ``kind`` (the strongest of ``EDGE_KINDS``) and ``kinds`` (all of them),
so one pair linked twice stays one edge.
"""

from __future__ import annotations

import networkx as nx

from .model import EDGE_KINDS, Curriculum


def build_graph(curriculum: Curriculum) -> nx.DiGraph:
    """Build the chapter graph; links to chapters that did not load are skipped.

    >>> from topicgraph.model import Chapter, ContextLink, Curriculum
    >>> from datetime import datetime
    >>> def ch(slug, ctx, nxt):
    ...     return Chapter(slug, slug.title(), ("t",), "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(ctx, "Context", "why"), (nxt,), "body")
    >>> g = build_graph(Curriculum((), (ch("a", "b", "b"), ch("b", "a", "c"))))
    >>> sorted(g.edges(data="kinds"))
    [('a', 'b', ('context', 'next')), ('b', 'a', ('context',))]
    """
    g = nx.DiGraph()
    for c in curriculum.chapters:
        g.add_node(
            c.slug, title=c.title, themes=c.themes, theme=c.theme, difficulty=c.difficulty,
            type=c.type, order=c.order,
        )
    for c in curriculum.chapters:
        for kind, target in c.links:
            if target not in g:
                continue
            u, v = (c.slug, target) if kind == "next" else (target, c.slug)
            kinds = set(g.edges[u, v]["kinds"]) if g.has_edge(u, v) else set()
            kinds.add(kind)
            ordered = tuple(k for k in EDGE_KINDS if k in kinds)
            g.add_edge(u, v, kind=ordered[0], kinds=ordered)
    return g


def degree_map(g: nx.DiGraph) -> dict[str, int]:
    """Number of links (in + out) per chapter: drives node size."""
    return dict(g.degree())


def cross_theme_edges(g: nx.DiGraph) -> list[tuple[str, str]]:
    """Edges whose ends share no theme: the bridges of the curriculum."""
    return [
        (u, v) for u, v in g.edges
        if not set(g.nodes[u]["themes"]) & set(g.nodes[v]["themes"])
    ]
