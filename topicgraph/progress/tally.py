"""Progress percentages: pure functions of a status map (skipped chapters leave the denominator).

>>> t = tally(["a", "b", "c", "d"], {"a": DONE, "b": DONE, "c": SKIPPED})
>>> (t.done, t.counted, t.percent)
(2, 3, 66.66666666666667)
>>> tally(["a", "b", "c"], {"a": DONE, "b": DONE, "c": SKIPPED}).percent
100.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..model import Curriculum
from .values import DONE, NOT_STARTED, READING, SKIPPED, STATUSES


@dataclass(frozen=True)
class Tally:
    """Chapters of one theme (or all) by status. Skipped chapters leave the denominator."""

    done: int
    reading: int
    skipped: int
    total: int

    @property
    def counted(self) -> int:
        return self.total - self.skipped

    @property
    def fraction(self) -> float:
        """0.0-1.0; exactly 1.0 when every counted chapter is done (and when all are skipped)."""
        if self.counted == 0:
            return 1.0 if self.total else 0.0
        return self.done / self.counted

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.counted if self.counted else 100.0 * self.fraction


def tally(chapters: Iterable[str], statuses: Mapping[str, str]) -> Tally:
    """Count ``chapters`` by their status in ``statuses`` (missing = not started)."""
    counts = dict.fromkeys(STATUSES, 0)
    total = 0
    for slug in chapters:
        total += 1
        counts[statuses.get(slug, NOT_STARTED)] += 1
    return Tally(counts[DONE], counts[READING], counts[SKIPPED], total)


def theme_tallies(cur: Curriculum, statuses: Mapping[str, str]) -> dict[str, Tally]:
    """A tally per theme slug (a chapter in two themes counts in both), in theme order.

    One pass over the chapters (not one per theme: 25 themes × 5,000 chapters on every sidebar run).

    >>> from topicgraph.model import Chapter, ContextLink, Theme
    >>> def ch(slug, themes):
    ...     return Chapter(slug, slug, themes, "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink("a", "Context", "why"), (), "b")
    >>> cur = Curriculum((Theme("t", "T", "d", "#000000", 1), Theme("u", "U", "d", "#000000", 2)),
    ...                  (ch("a", ("t",)), ch("b", ("t", "u")), ch("c", ("u",))))
    >>> got = theme_tallies(cur, {"a": DONE, "b": SKIPPED, "c": READING})
    >>> got == {t.slug: tally((c.slug for c in cur.chapters if t.slug in c.themes), {"a": DONE, "b": SKIPPED,
    ...         "c": READING}) for t in cur.themes}, got["u"]
    (True, Tally(done=0, reading=1, skipped=1, total=2))
    """
    rows = {t.slug: [0, 0, 0, 0] for t in cur.themes}  # done, reading, skipped, total
    column = {DONE: 0, READING: 1, SKIPPED: 2}
    for c in cur.chapters:
        i = column.get(statuses.get(c.slug, NOT_STARTED))
        for theme in (c.themes if len(c.themes) < 2 else dict.fromkeys(c.themes)):  # a theme listed twice counts once
            row = rows.get(theme)
            if row is not None:
                row[3] += 1
                if i is not None:
                    row[i] += 1
    return {slug: Tally(*row) for slug, row in rows.items()}


def overall(cur: Curriculum, statuses: Mapping[str, str]) -> Tally:
    return tally((c.slug for c in cur.chapters), statuses)


def removed_chapters(cur: Curriculum, statuses: Mapping[str, str]) -> list[str]:
    """Chapters with a stored status that are no longer in the content (their rows are kept)."""
    return sorted(s for s in statuses if cur.get(s) is None)


def team_rows(cur: Curriculum, rows: Iterable[tuple[str, str, str, datetime]],
              profiles: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One record per profile × theme (for the team heat map): done, counted and percent.

    ``rows`` are (profile, chapter, status, updated_at) as :meth:`ProgressStore.all_progress` returns;
    ``profiles`` adds people with no status yet (they show 0 %).
    """
    by_profile: dict[str, dict[str, str]] = {name: {} for name in profiles}
    for name, chapter, status, _ in rows:
        by_profile.setdefault(name, {})[chapter] = status
    out = []
    for name in sorted(by_profile, key=str.lower):
        for slug, t in theme_tallies(cur, by_profile[name]).items():
            out.append({"profile": name, "theme": cur.theme_map[slug].name, "order": cur.theme_map[slug].order,
                        "done": t.done, "counted": t.counted, "percent": round(t.percent, 1)})
    return out


