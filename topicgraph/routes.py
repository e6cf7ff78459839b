"""Routes through the curriculum: a reading list to a goal, and the shortest chain between two chapters.

A route lives in the URL as ``route=goal`` or ``route=from..to`` (:func:`parse_route`). Every step
says how it is linked to the route (its ``kind``) and why (the context box's "why" for context links).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from .model import Curriculum
from .reading import LEVEL

#: Link kinds a "path to" follows backwards from the goal: what to read first.
BEFORE_KINDS = ("prerequisite", "context")


@dataclass(frozen=True)
class Route:
    """A parsed ``route=`` value: a goal (``start`` is None) or a from..to pair."""

    goal: str
    start: str | None = None

    @property
    def param(self) -> str:
        return f"{self.start}..{self.goal}" if self.start else self.goal


@dataclass(frozen=True)
class RouteStep:
    """One chapter of a route; ``kind``/``why`` describe its link to ``target`` (None for the last step)."""

    slug: str
    kind: str | None = None
    why: str = ""
    target: str | None = None
    backwards: bool = False


def parse_route(raw: str | None) -> Route | None:
    """Read ``route=``: ``goal`` or ``from..to``; None for an empty or malformed value.

    >>> parse_route("consensus-protocols"), parse_route("a..b"), parse_route("..b"), parse_route(None)
    (Route(goal='consensus-protocols', start=None), Route(goal='b', start='a'), None, None)
    """
    if not raw:
        return None
    if ".." in raw:
        start, _, goal = raw.partition("..")
        return Route(goal.strip(), start.strip()) if start.strip() and goal.strip() else None
    return Route(raw.strip())


def _why(cur: Curriculum, u: str, v: str, kind: str) -> str:
    """Why the link ``u -> v`` (reading order) exists, in the words of the chapter that makes it."""
    a, b = cur.get(u), cur.get(v)
    if a is None or b is None:
        return ""
    if kind == "context":
        return b.context.why
    if kind == "prerequisite":
        return f"“{b.title}” lists it under read before."
    return f"“{a.title}” lists “{b.title}” under where to go next."


def _kind(g: nx.DiGraph, u: str, v: str) -> str:
    return str(g.edges[u, v]["kind"])


def path_to(cur: Curriculum, g: nx.DiGraph, goal: str, done: Iterable[str] | None = None) -> list[RouteStep]:
    """The reading list that ends at *goal*: its prerequisites and context chain, in reading order.

    That is every chapter the goal needs through prerequisite links (transitively), plus the goal's
    context chain (its context box, that chapter's context box, ... until the chain loops). Chapters
    in *done* are left out and not looked behind: what they needed is read already.

    Topological (everything a chapter needs comes before it), easiest first where the order is free,
    ties broken by slug, so the same content always gives the same list. Context links may loop;
    a loop is read easiest first, the goal always last. Chapters in *done* are left out.

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from topicgraph.graph import build_graph
    >>> from datetime import datetime
    >>> def ch(slug, ctx, level, pre=()):
    ...     return Chapter(slug, slug.upper(), ("t",), level, "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(ctx, "Context", "why " + slug), ("x",), "b", prerequisites=pre)
    >>> cur = Curriculum((), (ch("a", "z", "hard"), ch("b", "z", "easy"), ch("c", "a", "expert", ("b",)),
    ...                       ch("z", "b", "easy")))
    >>> g = build_graph(cur)
    >>> [(s.slug, s.kind, s.target) for s in path_to(cur, g, "c")]
    [('b', 'context', 'z'), ('z', 'context', 'a'), ('a', 'context', 'c'), ('c', None, None)]
    >>> [s.slug for s in path_to(cur, g, "c", done={"b", "z"})], path_to(cur, g, "nope")
    (['a', 'c'], [])
    """
    if goal not in g:
        return []
    skip = set(done or ()) - {goal}
    prereq = nx.subgraph_view(g, filter_node=lambda n: n not in skip,
                              filter_edge=lambda u, v: "prerequisite" in g.edges[u, v]["kinds"])
    need = nx.ancestors(prereq, goal) | {goal}
    chain, chapter = {goal}, cur.get(goal)
    while chapter is not None and chapter.context.chapter in g and chapter.context.chapter not in chain | skip:
        chain.add(chapter.context.chapter)
        chapter = cur.get(chapter.context.chapter)
    need |= chain
    before = nx.subgraph_view(g, filter_edge=lambda u, v: g.edges[u, v]["kind"] in BEFORE_KINDS)
    sub = before.subgraph(need)
    dag = nx.condensation(sub)

    def ease(slug: str) -> tuple[int, int, str]:
        c = cur.get(slug)
        return (slug == goal, LEVEL[c.difficulty] if c else 0, slug)

    def component_key(n: int) -> tuple[int, int, str]:
        return min(ease(s) for s in dag.nodes[n]["members"])

    order: list[str] = []
    for n in nx.lexicographical_topological_sort(dag, key=component_key):
        order += sorted(dag.nodes[n]["members"], key=ease)
    steps = []
    for i, slug in enumerate(order):
        later = [t for t in order[i + 1:] if sub.has_edge(slug, t)]
        if later:
            target = later[0]
            kind = _kind(g, slug, target)
            steps.append(RouteStep(slug, kind, _why(cur, slug, target, kind), target))
        else:
            steps.append(RouteStep(slug))
    return steps


def chain_between(cur: Curriculum, g: nx.DiGraph, start: str, goal: str) -> list[RouteStep]:
    """The shortest chain of links from *start* to *goal*, each step with its link's kind and why.

    Links are followed in reading order when such a chain exists; otherwise against it too
    (those steps are marked ``backwards``). Empty when either chapter is unknown or nothing connects them.

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from topicgraph.graph import build_graph
    >>> from datetime import datetime
    >>> def ch(slug, ctx, nxt):
    ...     return Chapter(slug, slug.upper(), ("t",), "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(ctx, "Context", "why " + slug), (nxt,), "b")
    >>> cur = Curriculum((), (ch("a", "c", "b"), ch("b", "a", "c"), ch("c", "b", "a")))
    >>> [(s.slug, s.kind, s.why) for s in chain_between(cur, build_graph(cur), "a", "c")]
    [('a', 'context', 'why b'), ('b', 'context', 'why c'), ('c', None, '')]
    """
    if start not in g or goal not in g:
        return []
    try:
        path = nx.shortest_path(g, start, goal)
        backwards = [False] * len(path)
    except nx.NetworkXNoPath:
        try:
            path = nx.shortest_path(g.to_undirected(as_view=True), start, goal)
        except nx.NetworkXNoPath:
            return []
        backwards = [not g.has_edge(u, v) for u, v in itertools.pairwise(path)] + [False]
    steps = []
    for i, (u, v) in enumerate(itertools.pairwise(path)):
        a, b = (v, u) if backwards[i] else (u, v)
        kind = _kind(g, a, b)
        steps.append(RouteStep(u, kind, _why(cur, a, b, kind), v, backwards[i]))
    steps.append(RouteStep(path[-1]))
    return steps


def route_steps(cur: Curriculum, g: nx.DiGraph, route: Route | None,
                done: Iterable[str] | None = None) -> list[RouteStep]:
    """Steps of a parsed route (``done`` applies to a "path to" only)."""
    if route is None:
        return []
    if route.start:
        return chain_between(cur, g, route.start, route.goal)
    return path_to(cur, g, route.goal, done)

