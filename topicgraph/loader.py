"""Read a content directory: ``themes.yaml`` plus ``chapters/**/*.md``.

The split follows networkx's readwrite modules: ``parse_*`` functions turn text
into values (pure, testable without files) and ``read_*`` functions do the I/O.
Nothing raises on bad content: every problem becomes a :class:`ContentError`
carrying ``path:line: field: message``, the broken piece is left out and every
valid chapter still loads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import networkx as nx
import yaml

from .model import DIFFICULTIES, TYPES, Chapter, ContentError, ContextLink, Curriculum, Theme
from .reading import check_reading_order

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
T = TypeVar("T")
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"

CHAPTER_FIELDS = (
    "title", "themes", "difficulty", "type", "updated", "summary", "context", "next",
    "prerequisites", "order", "slug",
)
REQUIRED_CHAPTER_FIELDS = CHAPTER_FIELDS[:8]
CONTEXT_FIELDS = ("chapter", "label", "why")
THEME_FIELDS = ("slug", "name", "description", "color", "order")


def chapter_files(root: Path) -> list[Path]:
    """Every chapter file under ``root/chapters``, top-level files first (so a copy in a
    subfolder is the one reported as a duplicate)."""
    return sorted((root / "chapters").glob("**/*.md"), key=lambda f: (len(f.parts), f))


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The content directory: *path*, else ``$TOPICGRAPH_DATA``, else the bundled ``data/``."""
    return Path(path or os.environ.get("TOPICGRAPH_DATA") or DEFAULT_DATA)


# --------------------------------------------------------------------------- YAML with lines


def _yaml_lines(text: str, offset: int) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Map every key path (``context.why``, ``next[1]``) to its 1-based line; list duplicate keys."""
    lines: dict[str, int] = {}
    dups: list[tuple[str, int]] = []

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                path = f"{prefix}.{key}" if prefix else key
                if key in seen:
                    dups.append((path, key_node.start_mark.line + offset))
                seen.add(key)
                lines[path] = key_node.start_mark.line + offset
                walk(value_node, path)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[f"{prefix}[{i}]"] = item.start_mark.line + offset
                walk(item, f"{prefix}[{i}]")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return lines, dups


def _load_yaml(text: str, path: str, offset: int, what: str) -> tuple[Any, dict[str, int], list[ContentError]]:
    """``safe_load`` *text* (which starts on file line ``offset``) and index its lines."""
    try:
        data = yaml.safe_load(text)
        lines, dups = _yaml_lines(text, offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + offset) if mark else offset
        return None, {}, [ContentError(path, line, what, f"unreadable YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, {}, [ContentError(path, offset, what, f"unreadable YAML: {exc}")]
    problems = [ContentError(path, line, key, "duplicate key") for key, line in dups]
    return data, lines, problems


class _Fields:
    """Typed access to one YAML mapping that records a located problem for each bad field."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], path: str, prefix: str, default_line: int) -> None:
        self.data, self.lines, self.path, self.prefix = data, lines, path, prefix
        self.default_line = default_line
        self.problems: list[ContentError] = []

    def line(self, key: str) -> int:
        return self.lines.get(self.prefix + key, self.default_line)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(ContentError(self.path, self.line(key), self.prefix + key, message))

    def unknown(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), f"unknown field (allowed: {', '.join(allowed)})")

    def get(self, key: str, required: bool, check: Callable[[Any], T], expected: str) -> T | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self.fail(key, "missing required field")
            return None
        try:
            return check(self.data[key])
        except (TypeError, ValueError) as exc:
            self.fail(key, str(exc) or f"expected {expected}")
            return None

    def text(self, key: str, required: bool = True, one_line: bool = True) -> str | None:
        def check(value: Any) -> str:
            if not isinstance(value, str):
                raise TypeError(f"expected text, got {type(value).__name__}")
            if not value.strip():
                raise ValueError("must not be empty")
            if one_line and "\n" in value.strip():
                raise ValueError("must be a single line")
            return value.strip()

        return self.get(key, required, check, "text")

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        def check(value: Any) -> str:
            if value not in choices:
                raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
            return str(value)

        return self.get(key, True, check, "one of " + ", ".join(choices))

    def integer(self, key: str, required: bool = False) -> int | None:
        def check(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"expected a whole number, got {value!r}")
            if value < 1:
                raise ValueError(f"must be 1 or more, got {value}")
            return value

        return self.get(key, required, check, "a whole number")

    def slugs(self, key: str, required: bool, min_items: int = 0) -> tuple[str, ...] | None:
        def check(value: Any) -> tuple[str, ...]:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise TypeError(f"expected a list of slugs, got {type(value).__name__}")
            if len(value) < min_items:
                raise ValueError(f"needs at least {min_items} item(s)")
            out = []
            for i, item in enumerate(value):
                if not isinstance(item, str) or not SLUG_RE.match(item):
                    where = f"{self.prefix}{key}[{i}]"
                    self.problems.append(
                        ContentError(self.path, self.lines.get(where, self.line(key)), where,
                                     f"{item!r} is not a slug (lowercase words joined by '-')")
                    )
                elif item in out:
                    self.problems.append(
                        ContentError(self.path, self.lines.get(f"{self.prefix}{key}[{i}]", self.line(key)),
                                     f"{self.prefix}{key}[{i}]", f"{item!r} is listed twice")
                    )
                else:
                    out.append(item)
            return tuple(out)

        return self.get(key, required, check, "a list of slugs")

    def timestamp(self, key: str) -> datetime | None:
        def check(value: Any) -> datetime:
            if isinstance(value, datetime):
                return value
            if isinstance(value, date):
                return datetime(value.year, value.month, value.day)
            if isinstance(value, str):
                try:
                    return datetime.fromisoformat(value)
                except ValueError:
                    pass
            raise ValueError(f"{value!r} is not an ISO date-time such as 2026-04-05T10:00:00")

        return self.get(key, True, check, "an ISO date-time")


# --------------------------------------------------------------------------- parse


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return ``(front_matter, body, body_first_line)``; raise ContentError without ``---`` fences.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody\\n", "a.md")
    ('title: A\\n', 'Body\\n', 4)
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "front matter", "file must start with a '---' line")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    raise ContentError(path, 1, "front matter", "no closing '---' line")


def parse_chapter(text: str, path: str, slug: str) -> tuple[Chapter | None, list[ContentError], dict[str, int]]:
    """Parse one chapter file; return the chapter (None when broken), its problems and its line index.

    Cross-file checks (links, duplicates, cycles) belong to :func:`check_curriculum`.

    >>> doc = '''---
    ... title: Caching
    ... themes: [system-design-approaches]
    ... difficulty: medium
    ... type: original
    ... updated: 2026-01-02T03:04:05
    ... summary: Keep hot data close.
    ... context: {chapter: scalable-systems, label: Context, why: Caching is one of the levers.}
    ... next: [redis-architecture]
    ... ---
    ... Body text.
    ... '''
    >>> chapter, problems, _ = parse_chapter(doc, "caching.md", "caching")
    >>> chapter.title, chapter.next, problems
    ('Caching', ('redis-architecture',), [])
    >>> _, problems, _ = parse_chapter(doc.replace("medium", "mid"), "caching.md", "caching")
    >>> [str(p) for p in problems]
    ["caching.md:4: difficulty: 'mid' is not one of easy, medium, hard, expert"]
    """
    try:
        front, body, body_line = split_front_matter(text, path)
    except ContentError as exc:
        return None, [exc], {}
    data, lines, problems = _load_yaml(front, path, 2, "front matter")
    if data is None and not problems:
        problems.append(ContentError(path, 1, "front matter", "is empty"))
    if problems:
        return None, problems, lines
    if not isinstance(data, dict):
        return None, [ContentError(path, 2, "front matter", "must be a mapping of fields")], lines

    f = _Fields(data, lines, path, "", 1)
    f.unknown(CHAPTER_FIELDS)
    if not SLUG_RE.match(slug):
        f.problems.append(
            ContentError(path, 1, "slug", f"file name {slug!r} is not a slug (lowercase words joined by '-')")
        )
    declared = f.text("slug", required=False)
    if declared is not None and declared != slug:
        f.fail("slug", f"{declared!r} does not match the file name {slug!r}")
    title = f.text("title")
    themes = f.slugs("themes", required=True, min_items=1)
    difficulty = f.choice("difficulty", DIFFICULTIES)
    kind = f.choice("type", TYPES)
    updated = f.timestamp("updated")
    summary = f.text("summary")
    nexts = f.slugs("next", required=True, min_items=1)
    prerequisites = f.slugs("prerequisites", required=False) or ()
    order = f.integer("order")

    context = None
    raw_context = data.get("context")
    if raw_context is None:
        f.fail("context", "missing required field")
    elif not isinstance(raw_context, dict):
        f.fail("context", f"expected a mapping with {', '.join(CONTEXT_FIELDS)}")
    else:
        cf = _Fields(raw_context, lines, path, "context.", f.line("context"))
        cf.unknown(CONTEXT_FIELDS)
        target = cf.text("chapter")
        if target is not None and not SLUG_RE.match(target):
            cf.fail("chapter", f"{target!r} is not a slug")
            target = None
        label, why = cf.text("label"), cf.text("why")
        f.problems += cf.problems
        if target and label and why:
            context = ContextLink(target, label, why)

    for key, links in (("context.chapter", [context.chapter] if context else []),
                       ("next", nexts or ()), ("prerequisites", prerequisites)):
        if slug in links:
            f.fail(key, "a chapter cannot link to itself")

    if not body.strip():
        f.problems.append(ContentError(path, body_line, "body", "is empty: write the chapter below the front matter"))

    if f.problems:
        return None, f.problems, lines
    assert title and themes and difficulty and kind and updated and summary and context and nexts
    chapter = Chapter(
        slug=slug, title=title, themes=themes, difficulty=difficulty, type=kind, updated=updated,
        summary=summary, context=context, next=nexts, body=body.strip() + "\n",
        prerequisites=prerequisites, order=order, path=path, lines=MappingProxyType(dict(lines)),
    )
    return chapter, [], lines


def parse_themes(text: str, path: str) -> tuple[list[Theme], list[ContentError]]:
    """Parse ``themes.yaml``: a list of themes; broken entries are left out.

    >>> text = "- {slug: dbs, name: Databases, description: Storage., color: '#336699', order: 1}"
    >>> themes, problems = parse_themes(text, "t.yaml")
    >>> themes[0].name, problems
    ('Databases', [])
    """
    data, lines, problems = _load_yaml(text, path, 1, "themes")
    if problems:
        return [], problems
    if not isinstance(data, list):
        return [], [ContentError(path, 1, "themes", "must be a list of themes")]
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data):
        where = f"[{i}]"
        if not isinstance(raw, dict):
            problems.append(ContentError(path, lines.get(where, 1), where, "each theme must be a mapping"))
            continue
        f = _Fields(raw, lines, path, where + ".", lines.get(where, 1))
        f.unknown(THEME_FIELDS)
        slug, name = f.text("slug"), f.text("name")
        description, color = f.text("description"), f.text("color")
        order = f.integer("order", required=True)
        if slug is not None and not SLUG_RE.match(slug):
            f.fail("slug", f"{slug!r} is not a slug")
        if color is not None and not COLOR_RE.match(color):
            f.fail("color", f"{color!r} is not a hex colour such as '#4e79a7'")
        if slug in seen:
            f.fail("slug", f"duplicate theme slug {slug!r} (first at line {seen[slug]})")
        if f.problems:
            problems += f.problems
            continue
        assert slug and name and description and color and order
        seen[slug] = f.line("slug")
        themes.append(Theme(slug, name, description, color.lower(), order))
    return sorted(themes, key=lambda t: (t.order, t.slug)), problems


# --------------------------------------------------------------------------- cross-file checks


def check_curriculum(
    themes: list[Theme],
    chapters: list[Chapter],
    lines: dict[str, dict[str, int]],
    broken: set[str],
) -> tuple[list[Chapter], list[ContentError]]:
    """Check links between files; return the chapters that stay and the problems found.

    A link to a missing chapter or theme is reported at the line of that link.
    Unknown themes are dropped from a chapter (the chapter goes when none is left);
    a prerequisite cycle is reported on every chapter in it and its cycle links dropped.
    """
    problems: list[ContentError] = []
    theme_slugs = {t.slug for t in themes}
    slugs = {c.slug for c in chapters}

    def where(c: Chapter, key: str) -> int:
        return lines.get(c.slug, {}).get(key, 1)

    kept: list[Chapter] = []
    for c in chapters:
        good_themes = []
        for i, t in enumerate(c.themes):
            if t in theme_slugs:
                good_themes.append(t)
            else:
                problems.append(ContentError(c.path, where(c, f"themes[{i}]"), f"themes[{i}]",
                                             f"unknown theme {t!r} (not in themes.yaml)"))
        if not good_themes:
            continue
        for key, targets in (("next", c.next), ("prerequisites", c.prerequisites)):
            for i, target in enumerate(targets):
                if target not in slugs:
                    problems.append(_missing(c, where(c, f"{key}[{i}]"), f"{key}[{i}]", target, broken))
        if c.context.chapter not in slugs:
            problems.append(_missing(c, where(c, "context.chapter"), "context.chapter", c.context.chapter, broken))
        kept.append(replace(c, themes=tuple(good_themes)) if len(good_themes) < len(c.themes) else c)

    prereq = nx.DiGraph()
    prereq.add_edges_from((p, c.slug) for c in kept for p in c.prerequisites if p in slugs)
    in_cycle: dict[str, set[str]] = {}
    for component in nx.strongly_connected_components(prereq):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(prereq.subgraph(component))
        text = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
        for slug in sorted(component):
            in_cycle[slug] = set(component)
            c = next(ch for ch in kept if ch.slug == slug)
            problems.append(ContentError(c.path, where(c, "prerequisites"), "prerequisites",
                                         f"prerequisite cycle: {text}"))
    kept = [
        replace(c, prerequisites=tuple(p for p in c.prerequisites if p not in in_cycle[c.slug]))
        if c.slug in in_cycle else c
        for c in kept
    ]
    return kept, problems


def _missing(c: Chapter, line: int, key: str, target: str, broken: set[str]) -> ContentError:
    if target in broken:
        return ContentError(c.path, line, key, f"links to {target!r}, which was left out because of its own problems")
    return ContentError(c.path, line, key, f"links to missing chapter {target!r}")


# --------------------------------------------------------------------------- read


def read_curriculum(path: str | os.PathLike[str] | None = None) -> Curriculum:
    """Load a content directory (see :func:`data_dir`), collecting every problem."""
    root = data_dir(path)
    problems: list[ContentError] = []

    def label(p: Path) -> str:
        try:
            return str(p.relative_to(Path.cwd()))
        except ValueError:
            return str(p)

    themes_file = root / "themes.yaml"
    themes: list[Theme] = []
    if themes_file.is_file():
        themes, theme_problems = parse_themes(_read_text(themes_file), label(themes_file))
        problems += theme_problems
    else:
        problems.append(ContentError(label(themes_file), 1, "themes", "file not found"))

    chapters: list[Chapter] = []
    lines: dict[str, dict[str, int]] = {}
    seen: dict[str, str] = {}
    broken: set[str] = set()
    files = chapter_files(root)
    if not files:
        problems.append(ContentError(label(root / "chapters"), 1, "chapters", "no chapter files (*.md) found"))
    for file in files:
        slug, where = file.stem, label(file)
        if slug in seen:
            problems.append(ContentError(where, 1, "slug", f"duplicate slug {slug!r} (also {seen[slug]})"))
            continue
        seen[slug] = where
        try:
            text = _read_text(file)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(ContentError(where, 1, "file", f"cannot read: {exc}"))
            broken.add(slug)
            continue
        chapter, chapter_problems, chapter_lines = parse_chapter(text, where, slug)
        problems += chapter_problems
        if chapter is None:
            broken.add(slug)
        else:
            chapters.append(chapter)
            lines[slug] = chapter_lines

    chapters, link_problems = check_curriculum(themes, chapters, lines, broken)
    problems += link_problems
    problems += check_reading_order(Curriculum(themes=tuple(themes), chapters=tuple(chapters)))
    problems.sort(key=lambda p: (p.path, p.line, p.field))
    return Curriculum(themes=tuple(themes), chapters=tuple(chapters), problems=tuple(problems), root=str(root))


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def content_signature(path: str | os.PathLike[str] | None = None) -> str:
    """A cheap fingerprint of a content directory (names, sizes, mtimes), to know when to reload."""
    root = data_dir(path)
    parts = []
    for file in [root / "themes.yaml", *chapter_files(root)]:
        try:
            st = file.stat()
            parts.append(f"{file.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{file.name}:missing")
    return "|".join(parts)
