"""Text → values: chapter and theme files parsed into model objects with file lines. Pure, no I/O.

YAML is read with limits, because content comes from many hands:

* libyaml's C parser where PyYAML has it (``CSafeLoader``), else the pure-Python ``SafeLoader``;
* each document is composed ONCE into a node tree; line numbers come from walking that tree
  (each node visited once) and the data is constructed from the same tree;
* aliases (``*name``) are refused before anything is constructed, so an alias bomb or a
  recursive alias costs microseconds; content has no need for them;
* nesting deeper than :data:`MAX_DEPTH` or more than :data:`MAX_NODES` values is refused;
* a value the YAML constructor cannot build (``2026-02-30``, an unknown ``!tag``) becomes a
  problem at the line and field of that value.

Every problem is a :class:`~topicgraph.model.ContentError` (``path:line: field: message``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from yaml.constructor import ConstructorError

from .model import DIFFICULTIES, TYPES, Chapter, ContentError, ContextLink, Theme

# \Z, not $: "$" also matches before a trailing newline, so "evil\n" would pass as a slug.
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}\Z")
#: Deepest nesting of lists/mappings accepted in front matter or themes.yaml.
MAX_DEPTH = 16
#: Most YAML values (nodes) accepted in one document.
MAX_NODES = 20_000
T = TypeVar("T")

CHAPTER_FIELDS = (
    "title", "themes", "difficulty", "type", "updated", "summary", "context", "next",
    "prerequisites", "order", "slug",
)
REQUIRED_CHAPTER_FIELDS = CHAPTER_FIELDS[:8]
CONTEXT_FIELDS = ("chapter", "label", "why")
THEME_FIELDS = ("slug", "name", "description", "color", "order")
#: Colours for themes whose own ``color`` is missing or broken (first one not taken is used).
DEFAULT_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#7b7fe0", "#d35fb7", "#2ca02c", "#17becf",
)

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader whose constructor errors carry the mark of the value that failed."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:  # e.g. PyYAML's timestamp: 2026-02-30
            raise _BadValue(repr(node.value), node.tag.rsplit(":", 1)[-1], str(exc), node.start_mark) from exc


class _BadValue(ConstructorError):
    """A value YAML could not build, with the parts of its message as catalog parameters."""

    def __init__(self, value: str, kind: str, reason: str, mark: Any) -> None:
        super().__init__(None, None, f"{value} is not a valid {kind}: {reason}", mark)
        self.params: dict[str, Any] = {"value": value, "kind": kind, "reason": reason}


class _Reason(ValueError):
    """Why a field's value is refused: a catalog key (``problem.*``) and its parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


Refusal = tuple[str, int, str, dict[str, Any]]  # key path, file line, catalog key, its parameters


def _index(root: yaml.Node, first_line: int) -> tuple[dict[str, int], dict[tuple[int, int], str], list[Refusal]]:
    """Walk the node tree once: key path → line, value mark → key path, and refusals.

    Iterative and visiting each node once, so shared (aliased) or self-containing nodes are seen
    without being expanded.
    """
    lines: dict[str, int] = {}
    marks: dict[tuple[int, int], str] = {}
    refused: list[Refusal] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 0)]
    while stack:
        node, prefix, depth = stack.pop()
        line = lines.get(prefix, node.start_mark.line + first_line)
        if id(node) in seen:
            refused.append((prefix, line, "problem.yaml.alias", {}))
            return lines, marks, refused
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            refused.append((prefix, line, "problem.yaml.too_many", {"max": MAX_NODES}))
            return lines, marks, refused
        if depth > MAX_DEPTH:
            refused.append((prefix, line, "problem.yaml.too_deep", {"max": MAX_DEPTH}))
            return lines, marks, refused
        marks.setdefault((node.start_mark.line, node.start_mark.column), prefix)
        children: list[tuple[yaml.Node, str, int]] = []
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
                path = f"{prefix}.{key}" if prefix else key
                if key == "<<" and key_node.tag.endswith(":merge"):
                    refused.append((path, key_node.start_mark.line + first_line, "problem.yaml.merge", {}))
                elif path in lines:
                    refused.append((path, key_node.start_mark.line + first_line, "problem.yaml.duplicate_key", {}))
                else:
                    lines[path] = key_node.start_mark.line + first_line
                if not isinstance(key_node, yaml.ScalarNode):
                    children.append((key_node, path, depth + 1))
                children.append((value_node, path, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                path = f"{prefix}[{i}]"
                # an alias's node carries the mark of its anchor: locate the use, inside this list
                mark = node.start_mark if id(item) in seen else item.start_mark
                lines[path] = mark.line + first_line
                children.append((item, path, depth + 1))
        stack.extend(reversed(children))
    return lines, marks, refused


def load_yaml(text: str, path: str, first_line: int, what: str) -> tuple[Any, dict[str, int], list[ContentError]]:
    """Parse one YAML document (which starts on file line *first_line*) with limits.

    Returns ``(data, lines, problems)``; data is None when there are problems.

    >>> load_yaml("order: &a [*a]", "x.md", 2, "front matter")[2]
    [ContentError('x.md:2: order[0]: YAML aliases (*name) are not supported: write the value out')]
    >>> load_yaml("updated: 2026-02-30", "x.md", 2, "front matter")[2][0].message
    "'2026-02-30' is not a valid timestamp: day is out of range for month"
    """
    loader = _Loader(text)
    lines: dict[str, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines, marks, refused = _index(node, first_line)
        if refused:
            return None, lines, [ContentError(path, line, field or what, key=key, **params)
                                 for field, line, key, params in refused]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        field = what
        if isinstance(exc, ConstructorError) and mark is not None:
            field = marks.get((mark.line, mark.column)) or what
            if isinstance(exc, _BadValue):
                return None, lines, [ContentError(path, line, field, key="problem.yaml.bad_value", **exc.params)]
            # the YAML library's own words (an unknown !tag), as they are
            return None, lines, [ContentError(path, line, field, key="problem.yaml.construct",
                                              detail=str(exc.problem))]
        if exc.context and exc.context_mark and exc.context_mark.line != getattr(mark, "line", None):
            return None, lines, [ContentError(path, line, field, key="problem.yaml.unreadable_at",
                                              detail=str(exc.problem or exc), context=str(exc.context),
                                              at=str(exc.context_mark.line + first_line))]
        return None, lines, [ContentError(path, line, field, key="problem.yaml.unreadable",
                                          detail=str(exc.problem or exc))]
    except yaml.YAMLError as exc:
        return None, lines, [ContentError(path, first_line, what, key="problem.yaml.unreadable", detail=str(exc))]
    except RecursionError:  # the pure-Python parser on deep nesting (libyaml stops at 1,000 levels itself)
        return None, lines, [ContentError(path, first_line, what, key="problem.yaml.unreadable_deep",
                                          max=MAX_DEPTH)]
    finally:
        loader.dispose()
    return data, lines, []


class _Fields:
    """Typed access to one YAML mapping that records a located problem for each bad field."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], path: str, prefix: str, default_line: int) -> None:
        self.data, self.lines, self.path, self.prefix = data, lines, path, prefix
        self.default_line = default_line
        self.problems: list[ContentError] = []

    def line(self, key: str) -> int:
        return self.lines.get(self.prefix + key, self.default_line)

    def fail(self, key: str, reason: str, **params: Any) -> None:
        """Record a problem at field *key*: *reason* is its catalog key (``problem.*``)."""
        self.problems.append(ContentError(self.path, self.line(key), self.prefix + key, key=reason, **params))

    def unknown(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                self.fail(str(key), "problem.field.unknown", allowed=", ".join(allowed))

    def get(self, key: str, required: bool, check: Callable[[Any], T]) -> T | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self.fail(key, "problem.field.missing")
            return None
        try:
            return check(self.data[key])
        except _Reason as exc:
            self.fail(key, exc.key, **exc.params)
            return None

    def text(self, key: str, required: bool = True, one_line: bool = True) -> str | None:
        def check(value: Any) -> str:
            if not isinstance(value, str):
                raise _Reason("problem.field.not_text", type=type(value).__name__)
            if not value.strip():
                raise _Reason("problem.field.empty")
            if one_line and "\n" in value.strip():
                raise _Reason("problem.field.one_line")
            return value.strip()

        return self.get(key, required, check)

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        def check(value: Any) -> str:
            if value not in choices:
                raise _Reason("problem.field.choice", value=repr(value), choices=", ".join(choices))
            return str(value)

        return self.get(key, True, check)

    def integer(self, key: str, required: bool = False) -> int | None:
        def check(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise _Reason("problem.field.not_integer", value=repr(value))
            if value < 1:
                raise _Reason("problem.field.too_small", value=str(value))
            if value > 1_000_000:
                raise _Reason("problem.field.too_big", value=str(value))
            return value

        return self.get(key, required, check)

    def slugs(self, key: str, required: bool, min_items: int = 0) -> tuple[str, ...] | None:
        def check(value: Any) -> tuple[str, ...]:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list):
                raise _Reason("problem.field.not_slugs", type=type(value).__name__)
            if len(value) < min_items:
                raise _Reason("problem.field.too_few", min=str(min_items))
            out = []
            for i, item in enumerate(value):
                if not isinstance(item, str) or not SLUG_RE.match(item):
                    where = f"{self.prefix}{key}[{i}]"
                    self.problems.append(
                        ContentError(self.path, self.lines.get(where, self.line(key)), where,
                                     key="problem.slug.bad", value=_short(item))
                    )
                elif item in out:
                    self.problems.append(
                        ContentError(self.path, self.lines.get(f"{self.prefix}{key}[{i}]", self.line(key)),
                                     f"{self.prefix}{key}[{i}]", key="problem.field.twice", value=repr(item))
                    )
                else:
                    out.append(item)
            return tuple(out)

        return self.get(key, required, check)

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
            raise _Reason("problem.field.not_datetime", value=_short(value))

        return self.get(key, True, check)


def _short(value: Any, limit: int = 60) -> str:
    """``repr`` of a value, cut to *limit* characters so one bad field cannot flood the report."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- files


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return ``(front_matter, body, body_first_line)``; raise ContentError without ``---`` fences.

    A UTF-8 byte-order mark before the first fence is accepted.

    >>> split_front_matter("---\\ntitle: A\\n---\\nBody\\n", "a.md")
    ('title: A\\n', 'Body\\n', 4)
    >>> split_front_matter("\\ufeff---\\ntitle: A\\n---\\nBody\\n", "a.md")[0]
    'title: A\\n'
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ContentError(path, 1, "file", key="problem.chapter.empty_file")
    lines = text.splitlines(keepends=True)
    if lines[0].strip() != "---":
        raise ContentError(path, 1, "front matter", key="problem.front.no_start")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    raise ContentError(path, 1, "front matter", key="problem.front.no_end")


def parse_chapter(text: str, path: str, slug: str) -> tuple[Chapter | None, list[ContentError], dict[str, int]]:
    """Parse one chapter file; return the chapter (None when broken), its problems and its line index.

    Cross-file checks (links, duplicates, cycles) belong to :func:`topicgraph.loader.check_curriculum`.

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
    data, lines, problems = load_yaml(front, path, 2, "front matter")
    if data is None and not problems:
        problems.append(ContentError(path, 1, "front matter", key="problem.front.empty"))
    if problems:
        return None, problems, lines
    if not isinstance(data, dict):
        return None, [ContentError(path, 2, "front matter", key="problem.front.not_mapping")], lines

    f = _Fields(data, lines, path, "", 1)
    f.unknown(CHAPTER_FIELDS)
    if not SLUG_RE.match(slug):
        f.problems.append(
            ContentError(path, 1, "slug", key="problem.slug.file_name", value=_short(slug))
        )
    declared = f.text("slug", required=False)
    if declared is not None and declared != slug:
        f.fail("slug", "problem.slug.mismatch", value=_short(declared), file=_short(slug))
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
        f.fail("context", "problem.field.missing")
    elif not isinstance(raw_context, dict):
        f.fail("context", "problem.field.not_mapping", fields=", ".join(CONTEXT_FIELDS))
    else:
        cf = _Fields(raw_context, lines, path, "context.", f.line("context"))
        cf.unknown(CONTEXT_FIELDS)
        target = cf.text("chapter")
        if target is not None and not SLUG_RE.match(target):
            cf.fail("chapter", "problem.slug.short", value=_short(target))
            target = None
        label, why = cf.text("label"), cf.text("why")
        f.problems += cf.problems
        if target and label and why:
            context = ContextLink(target, label, why)

    for key, links in (("context.chapter", [context.chapter] if context else []),
                       ("next", nexts or ()), ("prerequisites", prerequisites)):
        if slug in links:
            f.fail(key, "problem.link.self")

    if not body.strip():
        f.problems.append(ContentError(path, body_line, "body", key="problem.chapter.empty_body"))

    if f.problems:
        return None, f.problems, lines
    assert title and themes and difficulty and kind and updated and summary and context and nexts
    lines["body"] = body_line + body[: len(body) - len(body.lstrip())].count("\n")
    chapter = Chapter(
        slug=slug, title=title, themes=themes, difficulty=difficulty, type=kind, updated=updated,
        summary=summary, context=context, next=nexts, body=body.strip() + "\n",
        prerequisites=prerequisites, order=order, path=path, lines=MappingProxyType(dict(lines)),
    )
    return chapter, [], lines


def parse_themes(text: str, path: str) -> tuple[list[Theme], list[ContentError]]:
    """Parse ``themes.yaml``: a list of themes.

    ``slug`` and ``name`` are required: a theme without them is left out. A missing or bad
    optional field (``description``, ``color``, ``order``) keeps the theme with a default
    (empty, a free colour, its position in the file) and reports the bad value.

    >>> text = "- {slug: dbs, name: Databases, description: Storage., color: '#336699', order: 1}"
    >>> themes, problems = parse_themes(text, "t.yaml")
    >>> themes[0].name, problems
    ('Databases', [])
    >>> themes, problems = parse_themes(text.replace("'#336699'", "red"), "t.yaml")
    >>> themes[0].color, [str(p) for p in problems]
    ('#4e79a7', ["t.yaml:1: [0].color: 'red' is not a hex colour such as '#4e79a7'"])
    """
    themes, problems, _ = parse_themes_detail(text, path)
    return themes, problems


def parse_themes_detail(text: str, path: str) -> tuple[list[Theme], list[ContentError], dict[str, int]]:
    """:func:`parse_themes` plus the slugs of entries left out for their own problems (slug → line),
    so chapters of such a theme can name the cause instead of calling the theme unknown."""
    data, lines, problems = load_yaml(text.removeprefix("\ufeff"), path, 1, "themes")
    if problems:
        return [], problems, {}
    if not isinstance(data, list):
        return [], [ContentError(path, 1, "themes", key="problem.themes.not_list")], {}
    dropped: dict[str, int] = {}
    kept: list[tuple[str, str, str, str | None, int]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data):
        where = f"[{i}]"
        if not isinstance(raw, dict):
            problems.append(ContentError(path, lines.get(where, 1), where, key="problem.themes.not_mapping"))
            continue
        f = _Fields(raw, lines, path, where + ".", lines.get(where, 1))
        f.unknown(THEME_FIELDS)
        slug, name = f.text("slug"), f.text("name")
        if slug is not None and not SLUG_RE.match(slug):
            f.fail("slug", "problem.slug.short", value=_short(slug))
            slug = None
        if slug is not None and slug in seen:
            f.fail("slug", "problem.themes.duplicate", slug=repr(slug), at=str(seen[slug]))
            slug = None
        required_ok = slug is not None and name is not None
        optional = _Fields(raw, lines, path, where + ".", lines.get(where, 1))
        description = optional.text("description", required=False) or ""
        color = optional.text("color", required=False)
        if color is not None and not COLOR_RE.match(color):
            optional.fail("color", "problem.themes.color", value=_short(color))
            color = None
        order = optional.integer("order") or i + 1
        problems += f.problems + optional.problems
        if not required_ok:
            raw_slug = raw.get("slug")
            if isinstance(raw_slug, str) and SLUG_RE.match(raw_slug) and raw_slug not in seen:
                dropped.setdefault(raw_slug, lines.get(where, 1))
            continue
        assert slug and name
        seen[slug] = f.line("slug")
        kept.append((slug, name, description, color, order))
    taken = {c.lower() for *_, c, _ in kept if c}
    free = [c for c in DEFAULT_COLORS if c not in taken] or list(DEFAULT_COLORS)
    themes = []
    for slug, name, description, color, order in kept:
        if color is None:
            color = free.pop(0) if len(free) > 1 else free[0]
        themes.append(Theme(slug, name, description, color.lower(), order))
    kept_slugs = {t.slug for t in themes}
    dropped = {s: line for s, line in dropped.items() if s not in kept_slugs}
    return sorted(themes, key=lambda t: (t.order, t.slug)), problems, dropped
