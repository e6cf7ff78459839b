"""Notices for values in the URL that were ignored: capped, and plain text (shown through ``literal``).

A URL is typed by anyone, so its values are shown as typed, cut short, and grouped: one
notice per parameter however many values it holds.
"""

from __future__ import annotations

from collections.abc import Mapping

from topicgraph.model import Curriculum
from topicgraph.query import PARAMS, Filters

SHOWN_VALUES = 3  # values named in one notice
VALUE_LIMIT = 40  # characters of one value
_PLURALS = {"theme": "themes", "difficulty": "difficulties", "type": "types"}


def _short(value: str) -> str:
    return value if len(value) <= VALUE_LIMIT else value[: VALUE_LIMIT - 1] + "…"


def url_notices(params: Mapping[str, str | list[str]], filters: Filters, cur: Curriculum) -> list[str]:
    """At most one notice per parameter for the values the view could not use.

    >>> from topicgraph.model import Curriculum
    >>> f, _ = Filters.from_params({"difficulty": "mid,easy,x,y,z"})
    >>> for n in url_notices({"difficulty": "mid,easy,x,y,z", "chapter": "nope"}, f, Curriculum((), ())):
    ...     print(n)
    4 unknown difficulties were ignored: 'mid', 'x', 'y' and 1 more.
    There is no chapter called 'nope'. Pick one in the graph or the search box.
    """
    kept = dict(zip(PARAMS, (filters.themes, filters.difficulties, filters.types), strict=True))
    notices = []
    for name in PARAMS:
        raw = params.get(name) or ""
        parts = raw if isinstance(raw, list) else [raw]
        values = [v.strip() for part in parts for v in part.split(",")]
        unknown = [v for v in dict.fromkeys(values) if v and v not in kept[name]]
        if len(unknown) == 1:
            notices.append(f"Unknown {name} '{_short(unknown[0])}' was ignored.")
        elif unknown:
            named = ", ".join(f"'{_short(v)}'" for v in unknown[:SHOWN_VALUES])
            more = f" and {len(unknown) - SHOWN_VALUES} more" if len(unknown) > SHOWN_VALUES else ""
            notices.append(f"{len(unknown)} unknown {_PLURALS[name]} were ignored: {named}{more}.")
    chapter = params.get("chapter")
    chapter = chapter[-1] if isinstance(chapter, list) and chapter else chapter
    if isinstance(chapter, str) and chapter and cur.get(chapter) is None:
        notices.append(f"There is no chapter called '{_short(chapter)}'. Pick one in the graph or the search box.")
    depth = params.get("depth")
    if depth and depth not in ("1", "2", "3", "all"):
        notices.append("The depth must be 1, 2, 3 or all; showing the whole graph.")
    return notices
