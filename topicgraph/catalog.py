"""The catalog: every chapter as one table row (pandas), for sorting, searching and CSV export."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import pandas as pd

from .model import LEVELS, TYPE_LABELS, Curriculum
from .reading import curriculum_order
from .search import Hit
from .stats import word_count

#: Reading speed behind "minutes to read".
WORDS_PER_MINUTE = 200


def reading_minutes(words: int) -> float:
    """Minutes to read *words* at :data:`WORDS_PER_MINUTE`, rounded up to a tenth, at least 1.

    Tenths, not whole minutes: chapters run 264 to 471 words, so whole minutes rounded up said
    2 for 212 of the 213 chapters.

    >>> [reading_minutes(w) for w in (0, 150, 264, 300, 339, 471)]
    [1.0, 1.0, 1.4, 1.5, 1.7, 2.4]
    """
    return max(1.0, math.ceil(words * 10 / WORDS_PER_MINUTE) / 10)
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
            "words": words, "minutes": reading_minutes(words),
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


def search_table(table: pd.DataFrame, hits: Sequence[Hit] | None, keep: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of *hits* (a full-text search's, best first) with each hit's snippet in a ``match``
    column, or every row when *hits* is None; limited to slugs in *keep*.

    >>> t = pd.DataFrame({"slug": ["a", "b", "c"], "title": ["Redis", "Raft", "Kafka"]})
    >>> hit = Hit("c", "Kafka", -1.0, "body", (("a ", False), ("log", True)))
    >>> search_table(t, [hit]).to_dict("records")
    [{'slug': 'c', 'title': 'Kafka', 'match': 'a log'}]
    >>> search_table(t, None, keep={"b"})["slug"].tolist()
    ['b']
    """
    out = table
    if hits is not None:
        order = {h.slug: i for i, h in enumerate(hits)}
        out = out[out["slug"].isin(order)]
        out = out.iloc[out["slug"].map(order).argsort()]
        out.insert(list(out.columns).index("title") + 1 if "title" in out.columns else len(out.columns), "match",
                   out["slug"].map({h.slug: h.snippet for h in hits}))
    if keep is not None:
        out = out[out["slug"].isin(set(keep))]
    return out.reset_index(drop=True)
