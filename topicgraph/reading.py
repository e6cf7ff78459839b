"""Reading order: each theme's entry chapter and order, "next" links that go forward, and where to start.

A theme is read by ``order`` (its *home* chapters, those listing it first), starting at its one easy
entry chapter (``order: 1``). Chapters that only visit a theme (listed second or later) follow its
home chapters, easiest first. :func:`check_reading_order` turns the rules into content problems
with ``path:line``; the loader adds them to every load.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import LEVELS, Chapter, ContentError, Curriculum, Said

#: The interview basics: where a newcomer starts when nothing else is known.
NEWCOMER_THEME = "system-design-interview"
LEVEL = {d: i for i, d in enumerate(LEVELS)}  # an imported note's "unrated" sorts last


def _line(c: Chapter, key: str, fallback: str = "") -> int:
    return c.lines.get(key) or (c.lines.get(fallback) if fallback else None) or 1


def _homes(cur: Curriculum) -> dict[str, tuple[Chapter, ...]]:
    """Each theme's home chapters by ``order``; built once per curriculum (kept in ``cur.memo``)."""
    found: dict[str, tuple[Chapter, ...]] | None = cur.memo.get("reading.homes")
    if found is None:
        by_theme: dict[str, list[Chapter]] = {}
        for c in cur.chapters:
            by_theme.setdefault(c.theme, []).append(c)
        found = {t: tuple(sorted(home, key=lambda c: (c.order is None, c.order or 0, c.slug)))
                 for t, home in by_theme.items()}
        cur.memo["reading.homes"] = found
    return found


def _ordered_home(cur: Curriculum, theme: str) -> list[Chapter]:
    return list(_homes(cur).get(theme, ()))


def reading_order(cur: Curriculum, theme: str) -> list[Chapter]:
    """The theme's chapters in reading order: home chapters by ``order``, then visitors easiest first.

    >>> from topicgraph.model import Chapter, ContextLink
    >>> from datetime import datetime
    >>> def ch(slug, themes, order=None, level="easy"):
    ...     return Chapter(slug, slug, themes, level, "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink("a", "Context", "why"), ("a",), "b", order=order)
    >>> cur = Curriculum((), (ch("b", ("t",), 2), ch("v", ("u", "t")), ch("a", ("t",), 1)))
    >>> [c.slug for c in reading_order(cur, "t")]
    ['a', 'b', 'v']
    """
    visitors = [c for c in cur.chapters if theme in c.themes[1:]]
    visitors.sort(key=lambda c: (LEVEL[c.difficulty], c.order or 0, c.slug))
    return _ordered_home(cur, theme) + visitors


def entry_chapter(cur: Curriculum, theme: str) -> Chapter | None:
    """The theme's first chapter in reading order (its ``order: 1`` chapter in valid content)."""
    home = _homes(cur).get(theme, ())
    return home[0] if home else None


def curriculum_order(cur: Curriculum) -> list[Chapter]:
    """Every chapter once: theme by theme (themes.yaml order), each in its reading order."""
    return list(_curriculum_order(cur))


def _curriculum_order(cur: Curriculum) -> tuple[Chapter, ...]:
    found: tuple[Chapter, ...] | None = cur.memo.get("reading.order")
    if found is None:
        seen: set[str] = set()
        out: list[Chapter] = []
        for t in cur.themes:
            for c in _homes(cur).get(t.slug, ()):
                if c.slug not in seen:
                    seen.add(c.slug)
                    out.append(c)
        out += [c for c in cur.chapters if c.slug not in seen]  # home theme not in themes.yaml
        cur.memo["reading.order"] = found = tuple(out)
    return found


def _start_order(cur: Curriculum) -> tuple[Chapter, ...]:
    """:func:`curriculum_order` with the newcomer theme first (when it has an entry chapter)."""
    found: tuple[Chapter, ...] | None = cur.memo.get("reading.start")
    if found is None:
        order = _curriculum_order(cur)
        if entry_chapter(cur, NEWCOMER_THEME) is not None:
            order = tuple([c for c in order if c.theme == NEWCOMER_THEME] +
                          [c for c in order if c.theme != NEWCOMER_THEME])
        cur.memo["reading.start"] = found = order
    return found


def start_chapter(cur: Curriculum, done: Iterable[str] | None = None) -> tuple[Chapter | None, bool]:
    """Where to read now, and whether the reader is continuing (``done`` given and not empty).

    A newcomer starts at the interview basics (or the first theme's entry); with chapters done,
    it is the first unread chapter in :func:`curriculum_order`, starting from the newcomer theme.

    >>> from topicgraph.model import Chapter, ContextLink, Theme
    >>> from datetime import datetime
    >>> def ch(slug, order):
    ...     return Chapter(slug, slug, ("t",), "easy", "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink("a", "Context", "why"), ("a",), "b", order=order)
    >>> cur = Curriculum((Theme("t", "T", "d", "#000000", 1),), (ch("b", 2), ch("a", 1)))
    >>> [(c.slug if c else None, cont) for c, cont in (start_chapter(cur), start_chapter(cur, {"a"}),
    ...                                               start_chapter(cur, {"a", "b"}))]
    [('a', False), ('b', True), (None, True)]
    """
    done_set = set(done or ())
    order = _start_order(cur)  # the newcomer theme first, then the rest in curriculum order
    if not done_set:
        return (order[0] if order else None), False
    return next((c for c in order if c.slug not in done_set), None), True


def _article(word: str) -> str | Said:
    """"a hard" / "an expert" (a catalog text, so a Russian report can say it its own way)."""
    key = _LEVEL_WORDS.get(word)
    return Said(key) if key else ("an " if word[0] in "aeiou" else "a ") + word


_LEVEL_WORDS = {"hard": "problem.level.hard", "expert": "problem.level.expert"}


def _forward(a: Chapter, b: Chapter, theme_rank: dict[str, int]) -> bool:
    """True when *a* comes before *b*: by ``order`` in one home theme, else easiest first."""
    if a.theme == b.theme:
        return (a.order or 0, a.slug) < (b.order or 0, b.slug)
    return (LEVEL[a.difficulty], theme_rank.get(a.theme, 0), a.order or 0, a.slug) < (
        LEVEL[b.difficulty], theme_rank.get(b.theme, 0), b.order or 0, b.slug)


def check_reading_order(cur: Curriculum) -> list[ContentError]:
    """Reading-order problems, each at ``path:line`` of the field to change.

    * "next" goes forward: two chapters never list each other (the backward one is reported);
    * each theme with chapters has exactly one entry chapter (``order: 1``), and it is easy;
    * no two home chapters of a theme share an ``order``;
    * an easy chapter's context box does not send the reader to a hard or expert chapter.

    >>> from topicgraph.model import Chapter, ContextLink, Theme
    >>> from datetime import datetime
    >>> def ch(slug, nxt, order, level="easy", ctx="a"):
    ...     return Chapter(slug, slug, ("t",), level, "original", datetime(2026, 1, 1), "s",
    ...                    ContextLink(ctx, "Context", "why"), (nxt,), "b", order=order, path=slug + ".md",
    ...                    lines={"next[0]": 12, "order": 13, "context.chapter": 8, "difficulty": 4})
    >>> cur = Curriculum((Theme("t", "T", "d", "#000000", 1),), (ch("a", "b", 1), ch("b", "a", 2, "hard")))
    >>> [f"{p.path}:{p.line}: {p.field}" for p in check_reading_order(cur)]
    ['b.md:12: next[0]']
    """
    by_slug = cur.chapter_map
    theme_rank = {t.slug: t.order for t in cur.themes}
    problems: list[ContentError] = []
    for c in cur.chapters:
        for i, target in enumerate(c.next):
            other = by_slug.get(target)
            if other is not None and c.slug in other.next and not _forward(c, other, theme_rank):
                problems.append(ContentError(
                    c.path, _line(c, f"next[{i}]", "next"), f"next[{i}]", key="problem.order.next_back",
                    target=repr(target)))
        ctx = by_slug.get(c.context.chapter)
        if c.difficulty == "easy" and ctx is not None and LEVEL[ctx.difficulty] >= LEVEL["hard"]:
            problems.append(ContentError(
                c.path, _line(c, "context.chapter", "context"), "context.chapter", key="problem.order.easy_context",
                level=_article(ctx.difficulty), target=repr(ctx.slug)))
    for theme in sorted({c.theme for c in cur.chapters}):
        home = _ordered_home(cur, theme)
        entries = [c for c in home if c.order == 1]
        if not entries:
            first = home[0]
            problems.append(ContentError(
                first.path, _line(first, "order", "themes"), "order", key="problem.order.no_entry",
                theme=repr(theme)))
        for c in entries[:1]:
            if c.difficulty != "easy":
                problems.append(ContentError(
                    c.path, _line(c, "difficulty"), "difficulty", key="problem.order.entry_easy",
                    theme=repr(theme), difficulty=c.difficulty))
        seen: dict[int, str] = {}
        for c in home:
            if c.order is None:
                continue
            if c.order in seen:
                problems.append(ContentError(
                    c.path, _line(c, "order"), "order", key="problem.order.taken",
                    order=str(c.order), other=repr(seen[c.order]), theme=repr(theme)))
            else:
                seen[c.order] = c.slug
    return problems
