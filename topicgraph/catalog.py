"""The catalog: every chapter as one table row (pandas), for sorting, searching and CSV export."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from .model import LEVELS, TYPE_LABELS, Curriculum
from .reading import curriculum_order
from .stats import word_count

#: Reading speed behind "minutes to read".
WORDS_PER_MINUTE = 200
COLUMNS = ["slug", "title", "themes", "difficulty", "type", "updated", "words", "minutes", "links_in",
           "links_out"]


def catalog_table(cur: Curriculum, g: nx.DiGraph, statuses: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per chapter in reading order (theme by theme); a ``status`` column when *statuses* is given.

    Links are counted as the chapter's file states them (out) and as other files point at it (in).

    >>> from topicgraph.loader import read_curriculum
    >>> from topicgraph.graph import build_graph
    >>> cur = read_curriculum("tests/fixtures/content")
    >>> table = catalog_table(cur, build_graph(cur), {"rag-architecture": "done"})
    >>> list(table.columns) == [*COLUMNS, "status"], len(table)
    (True, 12)
    >>> table.set_index("slug").at["rag-architecture", "status"]
    'done'
    """
    names = {t.slug: t.name for t in cur.themes}
    links_in = {c.slug: 0 for c in cur.chapters}
    for c in cur.chapters:
        for _, target in c.links:
            if target in links_in:
                links_in[target] += 1
    rows = []
    for c in curriculum_order(cur):
        words = word_count(c.body)
        row: dict[str, object] = {
            "slug": c.slug, "title": c.title, "themes": ", ".join(names.get(t, t) for t in c.themes),
            "difficulty": c.difficulty, "type": TYPE_LABELS[c.type], "updated": c.updated,
            "words": words, "minutes": max(1, math.ceil(words / WORDS_PER_MINUTE)),
            "links_in": links_in[c.slug], "links_out": len(c.links),
        }
        if statuses is not None:
            row["status"] = statuses.get(c.slug, "not started")
        rows.append(row)
    columns = COLUMNS + (["status"] if statuses is not None else [])
    table = pd.DataFrame(rows, columns=columns)
    table["difficulty"] = pd.Categorical(table["difficulty"], categories=list(LEVELS),  # "unrated" last
                                         ordered=True)
    return table


def search_table(table: pd.DataFrame, text: str, keep: Iterable[str] | None = None) -> pd.DataFrame:
    """Rows whose title, slug or themes contain *text* (case-insensitive), limited to slugs in *keep*.

    >>> t = pd.DataFrame({"slug": ["a", "b"], "title": ["Redis", "Raft"], "themes": ["DB", "DS"]})
    >>> search_table(t, "red")["slug"].tolist(), search_table(t, "", keep={"b"})["slug"].tolist()
    (['a'], ['b'])
    """
    out = table
    if keep is not None:
        out = out[out["slug"].isin(set(keep))]
    needle = text.strip().lower()
    if needle:
        hay = out["title"].str.lower() + " " + out["slug"] + " " + out["themes"].str.lower()
        out = out[hay.str.contains(needle, regex=False)]
    return out.reset_index(drop=True)
