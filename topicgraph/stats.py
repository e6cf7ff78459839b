"""Counts about a curriculum, as pandas tables (for the CLI, the About page and tests)."""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd

from .graph import cross_theme_edges
from .model import Curriculum

WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’/+.-]*")


def word_count(text: str) -> int:
    """Words in Markdown text (headings and list markers do not count).

    >>> word_count("## Key ideas\\n- Cache the *hot* set, 80/20.")
    7
    """
    return len(WORD_RE.findall(text))


def chapter_table(curriculum: Curriculum) -> pd.DataFrame:
    """One row per chapter: slug, title, theme, difficulty, type, words."""
    return pd.DataFrame(
        [
            {
                "slug": c.slug, "title": c.title, "theme": c.theme, "themes": ",".join(c.themes),
                "difficulty": c.difficulty, "type": c.type, "words": word_count(c.body),
            }
            for c in curriculum.chapters
        ],
        columns=["slug", "title", "theme", "themes", "difficulty", "type", "words"],
    )


def theme_table(curriculum: Curriculum) -> pd.DataFrame:
    """Chapters and words per theme (a chapter counts in each of its themes)."""
    rows = chapter_table(curriculum).assign(theme=lambda d: d["themes"].str.split(",")).explode("theme")
    names = {t.slug: t.name for t in curriculum.themes}
    table = rows.groupby("theme").agg(chapters=("slug", "count"), words=("words", "sum"))
    table = table.reindex([t.slug for t in curriculum.themes], fill_value=0)
    table.insert(0, "name", [names[s] for s in table.index])
    return table


def summary(curriculum: Curriculum, g: nx.DiGraph) -> dict[str, int]:
    words = chapter_table(curriculum)["words"]
    return {
        "chapters": len(curriculum.chapters),
        "themes": len(curriculum.themes),
        "links": g.number_of_edges(),
        "cross_theme_links": len(cross_theme_edges(g)),
        "words": int(words.sum()),
        "min_words": int(words.min()) if len(words) else 0,
        "problems": len(curriculum.problems),
    }
