"""What a theme page shows: its reading order, difficulty mix, hubs and neighbouring themes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from .model import DIFFICULTIES, Chapter, Curriculum, Theme
from .reading import reading_order


@dataclass(frozen=True)
class ThemeOverview:
    theme: Theme
    chapters: tuple[Chapter, ...]  # in reading order
    difficulty: pd.Series  # chapters per difficulty, easy..expert
    hubs: tuple[tuple[str, int], ...]  # most connected chapters: (slug, links)
    neighbours: tuple[tuple[str, int], ...]  # themes it links to most: (theme slug, links)


def theme_overview(cur: Curriculum, g: nx.DiGraph, slug: str, top: int = 5) -> ThemeOverview | None:
    """Everything a theme page needs, or None for an unknown theme.

    A link counts towards a neighbouring theme when its other end is not in this theme;
    the other end's home theme gets it.

    >>> from topicgraph.loader import read_curriculum
    >>> from topicgraph.graph import build_graph
    >>> cur = read_curriculum("tests/fixtures/content")
    >>> o = theme_overview(cur, build_graph(cur), "ai-engineering")
    >>> [c.slug for c in o.chapters], o.difficulty.to_dict()
    (['ai-engineering-overview', 'rag-architecture', 'llm-serving-cost', 'ai-vs-ml-engineering'], \
{'easy': 2, 'medium': 1, 'hard': 0, 'expert': 1})
    >>> o.neighbours[0]
    ('ml-engineering', 3)
    """
    theme = cur.theme_map.get(slug)
    if theme is None:
        return None
    chapters = tuple(reading_order(cur, slug))
    members = {c.slug for c in chapters}
    counts = pd.Series(Counter(c.difficulty for c in chapters), dtype="int64")
    difficulty = counts.reindex(list(DIFFICULTIES), fill_value=0).astype("int64")
    degree = {s: g.degree(s) for s in members if s in g}
    hubs = tuple(sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    across: Counter[str] = Counter()
    for u, v in g.edges:
        if (u in members) != (v in members):
            other = cur.get(v if u in members else u)
            if other is not None:
                across[other.theme] += 1
    neighbours = tuple(sorted(across.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    return ThemeOverview(theme, chapters, difficulty, hubs, neighbours)
