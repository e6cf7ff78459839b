"""Value types of the curriculum: themes, chapters, links and load problems.

Everything here is a frozen dataclass so the loaded curriculum can be cached and
shared between Streamlit sessions without anyone mutating it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

from babel.numbers import format_decimal

from .i18n import DEFAULT_LANG, LANGS
from .i18n import t as _t

DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard", "expert")
TYPES: tuple[str, ...] = ("original", "book-summary", "case-study", "documentary")
#: Difficulty and type of an imported note whose front matter names none (filters offer it as a value).
UNRATED = "unrated"
#: Every difficulty and type a chapter may carry: the curriculum format's own plus ``unrated``.
LEVELS: tuple[str, ...] = (*DIFFICULTIES, UNRATED)
KINDS: tuple[str, ...] = (*TYPES, UNRATED)
TYPE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "original": "Original",
        "book-summary": "Book summary",
        "case-study": "Case study",
        "documentary": "Documentary",
        UNRATED: "Unrated",
    }
)
#: Edge kinds, every edge pointing in reading order ("read u before v").
EDGE_KINDS: tuple[str, ...] = ("prerequisite", "context", "next")


class ContentError(ValueError):
    """One problem in the content, located at ``path:line`` and a field.

    The reason is a catalog key (``problem.*`` in ``topicgraph/i18n/en.yaml`` and ``ru.yaml``) with its
    parameters: ``str(e)`` and ``message`` are English (the CLI's words, what every test reads), and
    :meth:`text` says it in any interface language. A parameter that is itself worded per language is a
    :class:`Worded` value; texts from elsewhere (a YAML parser's or the system's own words, file names, values of the
    file) are passed as they are.

    >>> e = ContentError("data/chapters/x.md", 3, "difficulty", key="problem.field.choice", value="'mid'",
    ...                  choices="easy, medium")
    >>> str(e)
    "data/chapters/x.md:3: difficulty: 'mid' is not one of easy, medium"
    >>> e.text("ru")
    "data/chapters/x.md:3: difficulty: 'mid' не входит в список допустимых: easy, medium"
    >>> ContentError("notes/a.md", 4, "body", key="problem.note.empty").text("ru")
    'notes/a.md:4: текст: пустая заметка'

    A message without a key (code outside this package) reads the same in every language:

    >>> ContentError("x.md", 1, "file", "gone").text("ru")
    'x.md:1: файл: gone'
    """

    def __init__(self, path: str, line: int, field: str, message: str | None = None, *, key: str = "",
                 consequence: bool = False, **params: Any) -> None:
        self.path, self.line, self.field = path, line, field
        self.key, self.params = key, params
        if message is None:
            if not key:
                raise TypeError("ContentError needs a catalog key (or a message)")
            message = self.reason(DEFAULT_LANG)
        self.message = message
        #: True when this follows from another problem (a link to a chapter that was left out):
        #: reports list root causes first.
        self.consequence = consequence
        super().__init__(f"{path}:{line}: {field}: {message}")

    def reason(self, lang: str) -> str:
        """The reason alone, in *lang* (the English ``message`` when there is no key)."""
        if not self.key:
            return self.message
        return _t(self.key, lang, **{k: v.text(lang) if isinstance(v, Worded) else v for k, v in self.params.items()})

    def where(self, lang: str) -> str:
        """``path:line: field`` in *lang*. Field names of the file (``title``, ``themes[0]``,
        ``context.why``) stay as written; the few that name a part of the file rather than a field
        (``file``, ``folder``, ``body``, ``link``, ...) are said in the language."""
        said = FIELD_WORDS.get(self.field)
        return f"{self.path}:{self.line}: {_t(said, lang) if said else self.field}"

    def text(self, lang: str) -> str:
        """``path:line: field: reason`` in *lang*; ``text("en") == str(self)``."""
        return f"{self.where(lang)}: {self.reason(lang)}"

    def __repr__(self) -> str:
        return f"ContentError({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ContentError) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class Worded:
    """A parameter of a :class:`ContentError` worded per language."""

    def text(self, lang: str) -> str:
        raise NotImplementedError


@dataclass(frozen=True, init=False)
class Said(Worded):
    """A parameter of a :class:`ContentError` that is itself a catalog text (``a hard`` / «уровня hard»).

    >>> Said("problem.level.hard").text("en")
    'a hard'
    """

    key: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, key: str, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def text(self, lang: str) -> str:
        return _t(self.key, lang, **dict(self.params))


@dataclass(frozen=True)
class Fixed(Worded):
    """A number with *digits* decimals in the reader's notation, rounded as Python's ``f"{x:.1f}"`` rounds
    and, as there, without grouping (a message says ``1234.5 MB`` as it always did).

    >>> Fixed(1.000001, 1).text("en"), Fixed(49.123, 1).text("ru"), Fixed(1234.0).text("en")
    ('1.0', '49,1', '1234')
    """

    value: float
    digits: int = 0

    def text(self, lang: str) -> str:
        rounded = float(f"{self.value:.{self.digits}f}")
        pattern = "0" + ("." + "0" * self.digits if self.digits else "")
        return str(format_decimal(rounded, format=pattern, locale=lang if lang in LANGS else DEFAULT_LANG))


#: Fields of a ContentError that name a part of a file, not one of its fields: worded per language.
FIELD_WORDS: Mapping[str, str] = MappingProxyType({
    "file": "problem.where.file", "folder": "problem.where.folder", "body": "problem.where.body",
    "link": "problem.where.link", "links": "problem.where.links", "notes": "problem.where.notes",
    "translation": "problem.where.translation",
})


@dataclass(frozen=True)
class ThemeText:
    """A theme's name and description in another language (``themes.<lang>.yaml``)."""

    name: str
    description: str = ""


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str
    description: str
    color: str
    order: int
    #: Translations by language code (``{"ru": ThemeText}``); the fields above are English.
    i18n: Mapping[str, ThemeText] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class ContextLink:
    chapter: str
    label: str
    why: str


#: The context of a chapter that has none (an imported note): no box in the reader, no edge.
NO_CONTEXT = ContextLink("", "", "")


@dataclass(frozen=True)
class Translation:
    """A chapter's text in another language (``<slug>.<lang>.md`` beside ``<slug>.md``): only the
    fields a reader reads; the facts (themes, links, difficulty, ...) stay in the English file."""

    lang: str
    title: str
    summary: str
    body: str
    context_label: str | None = None  # None: the English label is shown
    context_why: str | None = None
    source: str | None = None  # hash of the English text it was translated from (see topicgraph.i18n.content)
    path: str = ""
    source_line: int = 1
    #: True when ``source`` differs from the English text's hash now (or is missing).
    stale: bool = False


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    themes: tuple[str, ...]
    difficulty: str
    type: str
    updated: datetime
    summary: str
    context: ContextLink
    next: tuple[str, ...]
    body: str
    prerequisites: tuple[str, ...] = ()
    order: int | None = None
    path: str = ""
    #: 1-based file line of each front-matter key path (``next[1]``, ``context.why``), so checks
    #: made after loading (reading order, links) can still say ``path:line``.
    lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    #: Translations by language code; the text fields above are English.
    i18n: Mapping[str, Translation] = field(default_factory=dict, repr=False, compare=False)
    #: The language of the text fields above: "en", or another for a localized copy
    #: (topicgraph.i18n.content.localize), so a reader can badge a chapter shown untranslated.
    lang: str = "en"

    @property
    def theme(self) -> str:
        """The chapter's home theme (its first one)."""
        return self.themes[0]

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """Outgoing links as ``(kind, slug)`` pairs, in the order a reader meets them."""
        return (
            *((("context", self.context.chapter),) if self.context.chapter else ()),
            *(("next", s) for s in self.next),
            *(("prerequisite", s) for s in self.prerequisites),
        )


@dataclass(frozen=True)
class Curriculum:
    """The loaded content: valid themes and chapters plus every problem found."""

    themes: tuple[Theme, ...]
    chapters: tuple[Chapter, ...]
    problems: tuple[ContentError, ...] = ()
    root: str = ""
    #: The language its texts are shown in (see topicgraph.i18n.content.localize).
    lang: str = "en"
    #: ``"curriculum"`` (themes.yaml + chapters/) or the kind of notes folder it was imported from
    #: (``"obsidian"``, ``"foam"``, ``"dendron"``, ``"markdown"``); see :mod:`topicgraph.notes`.
    kind: str = "curriculum"
    #: How an imported folder was mapped (``theme_rule``, ``links``…): plain text for the pages to explain.
    info: Mapping[str, str] = field(default_factory=dict, compare=False)
    _by_slug: Mapping[str, Chapter] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_notes(self) -> bool:
        """True for an imported notes folder (read-only; its layout lives in a cache directory)."""
        return self.kind != "curriculum"

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", MappingProxyType({c.slug: c for c in self.chapters}))

    @property
    def chapter_map(self) -> Mapping[str, Chapter]:
        return self._by_slug

    @property
    def theme_map(self) -> Mapping[str, Theme]:
        return MappingProxyType({t.slug: t for t in self.themes})

    def get(self, slug: str | None) -> Chapter | None:
        return self._by_slug.get(slug) if slug else None

    @property
    def link_count(self) -> int:
        return sum(len(c.links) for c in self.chapters)

    @cached_property
    def memo(self) -> dict[Hashable, Any]:
        """Values derived from this curriculum, kept with it: it never changes, so neither do they, and they
        go when it goes (a new content version is a new curriculum). A click reruns the page with the same
        curriculum, so scans over every chapter (filters, reading order, theme sizes) run once, not per click.

        >>> cur = Curriculum((), ())
        >>> cur.memo.setdefault("answer", 42), cur.memo["answer"], Curriculum((), ()).memo
        (42, 42, {})
        """
        return {}

    @cached_property
    def theme_sizes(self) -> Mapping[str, int]:
        """Chapters per theme slug; a chapter counts in each of its themes."""
        sizes: dict[str, int] = {}
        for c in self.chapters:
            for t in c.themes:
                sizes[t] = sizes.get(t, 0) + 1
        return MappingProxyType(sizes)

    @cached_property
    def incoming(self) -> Mapping[str, tuple[tuple[str, str], ...]]:
        """``slug -> ((kind, from_slug), ...)`` sorted: who links here. Built once per curriculum, so
        a click does not scan every link of a big curriculum ("linked from")."""
        found: dict[str, list[tuple[str, str]]] = {}
        for c in self.chapters:
            for kind, target in c.links:
                found.setdefault(target, []).append((kind, c.slug))
        return MappingProxyType({slug: tuple(sorted(links)) for slug, links in found.items()})
