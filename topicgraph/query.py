"""Filters and graph queries. Pure functions over a Curriculum and its graph.

``Filters`` is a value object in the datasette style: it round-trips to URL
query parameters, so the URL alone can restore a view.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from .model import KINDS, LEVELS, Chapter, Curriculum

#: Query parameter names, in the order they appear in a URL.
PARAMS = ("theme", "difficulty", "type")


@dataclass(frozen=True)
class Filters:
    """Which chapters match. An empty field means "any".

    >>> f = Filters(themes=("databases",), difficulties=("easy", "hard"))
    >>> f.to_params()
    {'theme': 'databases', 'difficulty': 'easy,hard'}
    >>> Filters.from_params(f.to_params()) == (f, [])
    True
    """

    themes: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.themes or self.difficulties or self.types)

    def matches(self, chapter: Chapter) -> bool:
        return (
            (not self.themes or any(t in self.themes for t in chapter.themes))
            and (not self.difficulties or chapter.difficulty in self.difficulties)
            and (not self.types or chapter.type in self.types)
        )

    def to_params(self) -> dict[str, str]:
        """Query parameters for this view; empty fields are left out."""
        values = (self.themes, self.difficulties, self.types)
        return {name: ",".join(v) for name, v in zip(PARAMS, values, strict=True) if v}

    @classmethod
    def from_params(
        cls, params: Mapping[str, str | list[str]], theme_slugs: Iterable[str] | None = None
    ) -> tuple[Filters, list[str]]:
        """Read filters from query parameters; return them and a notice per unknown value.

        Unknown values are dropped (so the rest of the view still works).

        >>> Filters.from_params({"difficulty": "easy,mid", "theme": "ai"}, ["ai", "ml"])
        (Filters(themes=('ai',), difficulties=('easy',), types=()), ["Unknown difficulty 'mid' was ignored."])
        """
        known = {
            "theme": tuple(theme_slugs) if theme_slugs is not None else None,
            "difficulty": LEVELS,  # with "unrated": an imported note without one
            "type": KINDS,
        }
        out: dict[str, tuple[str, ...]] = {}
        notices: list[str] = []
        for name in PARAMS:
            raw = params.get(name) or ""
            parts = raw if isinstance(raw, list) else [raw]
            values: list[str] = []
            for part in parts:
                for value in (v.strip() for v in part.split(",")):
                    allowed = known[name]
                    if not value or value in values:
                        continue
                    if allowed is not None and value not in allowed:
                        notices.append(f"Unknown {name} {value!r} was ignored.")
                        continue
                    values.append(value)
            out[name] = tuple(values)
        return cls(out["theme"], out["difficulty"], out["type"]), notices


def filter_chapters(curriculum: Curriculum, filters: Filters) -> list[Chapter]:
    """Chapters matching *filters*, in curriculum order."""
    return [c for c in curriculum.chapters if filters.matches(c)]


def matching_slugs(curriculum: Curriculum, filters: Filters) -> set[str]:
    return {c.slug for c in filter_chapters(curriculum, filters)}


#: Filter combinations remembered per curriculum (a few per session; the oldest goes first).
MATCHING_KEPT = 256
_MATCHING_LOCK = threading.Lock()


def matching_set(curriculum: Curriculum, filters: Filters) -> frozenset[str]:
    """:func:`matching_slugs`, computed once per curriculum and filters and then shared (read-only).

    Every click reruns the page with the same curriculum and filters; scanning every chapter each
    time is what made a click's cost grow with the curriculum.

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from datetime import datetime
    >>> def ch(slug, level):
    ...     return Chapter(slug, slug, ("t",), level, "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink("a", "Context", "why"), (), "b")
    >>> cur = Curriculum((), (ch("a", "easy"), ch("b", "hard")))
    >>> easy = matching_set(cur, Filters(difficulties=("easy",)))
    >>> sorted(easy), easy is matching_set(cur, Filters(difficulties=("easy",)))
    (['a'], True)
    """
    memo: dict[Filters, frozenset[str]] = curriculum.memo.setdefault("query.matching", {})
    found = memo.get(filters)
    if found is None:
        found = frozenset(matching_slugs(curriculum, filters))
        with _MATCHING_LOCK:  # sessions run in threads
            while len(memo) >= MATCHING_KEPT:  # dicts keep insertion order: drop the oldest
                memo.pop(next(iter(memo)))
            memo[filters] = found
    return found


def neighbourhood(g: nx.DiGraph, slug: str, radius: int = 1) -> set[str]:
    """Chapters within *radius* links of *slug*, in either direction (the chapter included)."""
    if slug not in g:
        return set()
    return set(nx.ego_graph(g, slug, radius=radius, undirected=True))


def backlinks(curriculum: Curriculum, slug: str) -> list[tuple[str, str]]:
    """``(kind, slug)`` for every chapter whose file links to *slug* ("linked from").

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from datetime import datetime
    >>> a = Chapter("a", "A", ("t",), "easy", "original", datetime(2026, 1, 1), "s",
    ...             ContextLink("b", "Context", "why"), ("b",), "body")
    >>> backlinks(Curriculum((), (a,)), "b")
    [('context', 'a'), ('next', 'a')]
    """
    return list(curriculum.incoming.get(slug, ()))


def route_to(g: nx.DiGraph, target: str, done: Iterable[str] = ()) -> list[str]:
    """A reading order that ends at *target*: every chapter leading to it through
    prerequisite and context links, minus those already *done*, earliest first.

    Context links may form loops; chapters in a loop are read in slug order,
    with *target* always last.

    >>> g = nx.DiGraph([("a", "b", {"kind": "prerequisite"}), ("b", "c", {"kind": "context"})])
    >>> route_to(g, "c"), route_to(g, "c", done=["a"])
    (['a', 'b', 'c'], ['b', 'c'])
    """
    if target not in g:
        return []
    back = nx.subgraph_view(g, filter_edge=lambda u, v: g.edges[u, v]["kind"] in ("prerequisite", "context"))
    need = (nx.ancestors(back, target) | {target}) - (set(done) - {target})
    dag = nx.condensation(back.subgraph(need))
    order: list[str] = []
    for component in nx.lexicographical_topological_sort(dag, key=lambda c: min(dag.nodes[c]["members"])):
        order += sorted(dag.nodes[component]["members"], key=lambda s: (s == target, s))
    return order
