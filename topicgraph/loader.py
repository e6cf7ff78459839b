"""Read a content directory: ``themes.yaml`` plus ``chapters/**/*.md``.

The split follows networkx's readwrite modules: :mod:`topicgraph.parse` turns text into values
(pure) and this module does the I/O: listing files, reading them, a parse cache, cross-file
checks. Nothing raises on bad content: :func:`_read_one` is the one place where *any* exception
from reading or parsing one file becomes a :class:`ContentError` (``path:line: field: message``);
the broken piece is left out and every valid chapter still loads.
"""

from __future__ import annotations

import logging
import os
import stat
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from .files import MAX_FILE_BYTES
from .files import label as _label
from .files import read_one as _read_one
from .i18n.content import TRANSLATION_LANGS, attach, parse_theme_texts, parse_translation, translation_of
from .model import Chapter, ContentError, Curriculum, Theme, ThemeText, Translation
from .notes import clear_cache as clear_notes_cache
from .notes import is_notes_folder, read_notes, signature_parts
from .parse import (
    CHAPTER_FIELDS,
    CONTEXT_FIELDS,
    REQUIRED_CHAPTER_FIELDS,
    SLUG_RE,
    THEME_FIELDS,
    parse_chapter,
    parse_themes,
    parse_themes_detail,
    split_front_matter,
)
from .reading import check_reading_order

__all__ = [
    "CHAPTER_FIELDS", "CONTEXT_FIELDS", "MAX_FILE_BYTES", "REQUIRED_CHAPTER_FIELDS", "SLUG_RE", "THEME_FIELDS",
    "chapter_files", "check_curriculum", "clear_cache", "content_signature", "data_dir", "data_dirs", "parse_chapter",
    "parse_themes", "read_curriculum", "split_front_matter",
]

log = logging.getLogger(__name__)
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"
#: Parsed files kept by :func:`read_curriculum` (keyed by path, mtime and size).
CACHE_SIZE = 50_000
R = TypeVar("R")


def data_dirs() -> list[Path]:
    """Every content directory named in ``$TOPICGRAPH_DATA`` (several are separated by ``os.pathsep``),
    else the bundled ``data/``; the app offers a choice between them."""
    named = [p for p in os.environ.get("TOPICGRAPH_DATA", "").split(os.pathsep) if p.strip()]
    return [Path(p) for p in dict.fromkeys(named)] or [DEFAULT_DATA]


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The content directory: *path*, else the first one in ``$TOPICGRAPH_DATA``, else the bundled ``data/``."""
    return Path(path) if path else data_dirs()[0]


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class _Listing:
    files: list[tuple[Path, os.stat_result | None]]  # chapter files, top-level first; None = cannot stat
    problems: list[ContentError]


def _list_chapters(root: Path) -> _Listing:
    """Chapter files under ``root/chapters`` (sub-folders allowed), without following links out.

    Hidden names (``.git``, editor lock files ``.#x.md``) are skipped. A folder that cannot be
    listed, a symbolic link leading outside the content directory and a linked folder (which
    could loop) are reported and not followed.
    """
    files: list[tuple[Path, os.stat_result | None]] = []
    problems: list[ContentError] = []
    base = root / "chapters"
    try:
        real_root = root.resolve()
    except (OSError, RuntimeError):
        real_root = root.absolute()
    pending = [base]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            if folder == base:
                continue
            problems.append(ContentError(_label(folder), 1, "folder", key="problem.folder.vanished"))
            continue
        except OSError as exc:
            problems.append(ContentError(_label(folder), 1, "folder", key="problem.folder.cannot_list",
                                         reason=str(exc.strerror or exc)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not (target == str(real_root) or target.startswith(str(real_root) + os.sep)):
                        problems.append(ContentError(_label(path), 1, "file", key="problem.file.symlink_outside"))
                        continue
                    if os.path.isdir(target):
                        problems.append(ContentError(_label(path), 1, "folder", key="problem.folder.symlink"))
                        continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.name.endswith(".md"):
                    try:
                        files.append((path, entry.stat()))
                    except OSError:
                        files.append((path, None))  # reported when read
            except OSError as exc:
                problems.append(ContentError(_label(path), 1, "file", key="problem.file.cannot_read",
                                             reason=str(exc.strerror or exc)))
    files.sort(key=lambda f: (len(f[0].parts), f[0]))
    return _Listing(files, problems)


def chapter_files(root: Path) -> list[Path]:
    """Every chapter file under ``root/chapters``, top-level files first (so a copy in a
    subfolder is the one reported as a duplicate); translations (``x.ru.md``) are not chapters."""
    return [p for p, _ in _list_chapters(root).files if translation_of(p.name) is None]


# --------------------------------------------------------------------------- one file, guarded


# Parse cache: an edit re-reads one file, not all. Values are immutable (frozen dataclasses,
# tuples), so sharing them between loads and sessions is safe.
_Parsed = tuple[Chapter | None, tuple[ContentError, ...], dict[str, int]]
_cache: OrderedDict[tuple[str, str, int, int, str], Any] = OrderedDict()


def clear_cache() -> None:
    """Forget every parsed file (tests and benchmarks measure cold loads with it)."""
    _cache.clear()
    clear_notes_cache()


def _cached(kind: str, path: Path, label: str, info: os.stat_result | None, extra: str,
            compute: Callable[[], R]) -> R:
    if info is None or not stat.S_ISREG(info.st_mode):
        return compute()
    key = (kind, str(path), info.st_mtime_ns, info.st_size, label + "\0" + extra)
    try:
        _cache.move_to_end(key)
        return _cache[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    value = compute()
    _cache[key] = value
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return value


def _chapter(path: Path, label: str, slug: str, info: os.stat_result | None) -> _Parsed:
    def compute() -> _Parsed:
        result = _read_one(path, label, info, lambda text: parse_chapter(text, label, slug))
        if isinstance(result, ContentError):
            return None, (result,), {}
        chapter, problems, lines = result
        return chapter, tuple(problems), lines

    return _cached("chapter", path, label, info, slug, compute)


_ThemesParsed = tuple[tuple[Theme, ...], tuple[ContentError, ...], dict[str, int]]


# --------------------------------------------------------------------------- translations (topicgraph.i18n)

_TranslationParsed = tuple[Translation | None, tuple[ContentError, ...]]
_ThemeTextsParsed = tuple[dict[str, tuple[ThemeText, int]], tuple[ContentError, ...]]


def _translation(path: Path, label: str, slug: str, lang: str, info: os.stat_result | None) -> _TranslationParsed:
    def compute() -> _TranslationParsed:
        result = _read_one(path, label, info, lambda text: parse_translation(text, label, slug, lang))
        if isinstance(result, ContentError):
            return None, (result,)
        return result[0], tuple(result[1])

    return _cached("translation", path, label, info, slug + "\0" + lang, compute)


def _theme_texts(root: Path) -> tuple[dict[str, tuple[str, dict[str, tuple[ThemeText, int]]]], list[ContentError]]:
    """``themes.<lang>.yaml`` of every language that has one: lang → (label, slug → (text, line))."""
    out: dict[str, tuple[str, dict[str, tuple[ThemeText, int]]]] = {}
    problems: list[ContentError] = []
    for lang in TRANSLATION_LANGS:
        path = root / f"themes.{lang}.yaml"
        if not path.exists() and not path.is_symlink():
            continue
        label = _label(path)
        try:
            info: os.stat_result | None = path.stat()
        except OSError as exc:
            problems.append(ContentError(label, 1, "themes", key="problem.file.cannot_read",
                                         reason=str(exc.strerror or exc)))
            continue

        def compute(path: Path = path, label: str = label, info: os.stat_result | None = info) -> _ThemeTextsParsed:
            result = _read_one(path, label, info, lambda text: parse_theme_texts(text, label))
            if isinstance(result, ContentError):
                return {}, (result,)
            return result[0], tuple(result[1])

        texts, text_problems = _cached("theme-texts", path, label, info, lang, compute)
        out[lang] = (label, texts)
        problems += text_problems
    return out, problems


def _themes(path: Path, label: str) -> _ThemesParsed:
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return (), (ContentError(label, 1, "themes", key="problem.file.dangling"),), {}
        return (), (ContentError(label, 1, "themes", key="problem.file.not_found"),), {}
    except OSError as exc:
        return (), (ContentError(label, 1, "themes", key="problem.file.cannot_read",
                                 reason=str(exc.strerror or exc)),), {}

    def compute() -> _ThemesParsed:
        result = _read_one(path, label, info, lambda text: parse_themes_detail(text, label))
        if isinstance(result, ContentError):
            return (), (result,), {}
        return tuple(result[0]), tuple(result[1]), result[2]

    return _cached("themes", path, label, info, "", compute)


# --------------------------------------------------------------------------- cross-file checks


def check_curriculum(
    themes: list[Theme],
    chapters: list[Chapter],
    lines: dict[str, dict[str, int]],
    broken: set[str],
    dropped_themes: dict[str, str] | None = None,
) -> tuple[list[Chapter], list[ContentError]]:
    """Check links between files; return the chapters that stay and the problems found.

    A link to a missing chapter or theme is reported at the line of that link. Unknown themes
    are dropped from a chapter (the chapter goes when none is left, and links to it then say
    so); a theme left out for its own problems (*dropped_themes*: slug → where) is named as the
    cause. A prerequisite cycle is reported on every chapter in it and its cycle links dropped.
    """
    problems: list[ContentError] = []
    theme_slugs = {t.slug for t in themes}
    dropped_themes = dropped_themes or {}
    broken = set(broken)

    def where(c: Chapter, key: str) -> int:
        return lines.get(c.slug, {}).get(key, c.lines.get(key, 1))

    themed: list[Chapter] = []
    for c in chapters:
        good_themes = []
        for i, t in enumerate(c.themes):
            if t in theme_slugs:
                good_themes.append(t)
            elif t in dropped_themes:
                problems.append(ContentError(c.path, where(c, f"themes[{i}]"), f"themes[{i}]",
                                             key="problem.theme.left_out", theme=repr(t), at=dropped_themes[t],
                                             consequence=True))
            else:
                problems.append(ContentError(c.path, where(c, f"themes[{i}]"), f"themes[{i}]",
                                             key="problem.theme.unknown", theme=repr(t)))
        if not good_themes:
            broken.add(c.slug)
            continue
        themed.append(replace(c, themes=tuple(good_themes)) if len(good_themes) < len(c.themes) else c)

    slugs = {c.slug for c in themed}
    kept: list[Chapter] = []
    for c in themed:
        for key, targets in (("next", c.next), ("prerequisites", c.prerequisites)):
            for i, target in enumerate(targets):
                if target not in slugs:
                    problems.append(_missing(c, where(c, f"{key}[{i}]"), f"{key}[{i}]", target, broken))
        if c.context.chapter not in slugs:
            problems.append(_missing(c, where(c, "context.chapter"), "context.chapter", c.context.chapter, broken))
        kept.append(c)

    by_slug = {c.slug: c for c in kept}
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
            c = by_slug[slug]
            problems.append(ContentError(c.path, where(c, "prerequisites"), "prerequisites",
                                         key="problem.link.cycle", cycle=text))
    kept = [
        replace(c, prerequisites=tuple(p for p in c.prerequisites if p not in in_cycle[c.slug]))
        if c.slug in in_cycle else c
        for c in kept
    ]
    return kept, problems


def _missing(c: Chapter, line: int, field: str, target: str, broken: set[str]) -> ContentError:
    if target in broken:
        return ContentError(c.path, line, field, key="problem.link.left_out", target=repr(target), consequence=True)
    return ContentError(c.path, line, field, key="problem.link.missing", target=repr(target))


# --------------------------------------------------------------------------- read


def read_curriculum(path: str | os.PathLike[str] | None = None,
                    notes: Mapping[str, Any] | None = None) -> Curriculum:
    """Load a content directory (see :func:`data_dir`), collecting every problem.

    A folder in the app's own format (``themes.yaml`` + ``chapters/``) is read here; any other folder
    holding Markdown files (an Obsidian, Foam or Dendron vault, a docs tree) is imported by
    :func:`topicgraph.notes.read_notes`, with *notes* overriding its ``notes.yaml`` rules.

    Never raises for anything in the content: each problem is reported with ``path:line`` and
    the rest still loads. Problems are sorted with root causes first (themes.yaml, then each
    file's own problems), their consequences (links to chapters left out) after.
    """
    root = data_dir(path)
    if is_notes_folder(root):
        return read_notes(root, notes)
    problems: list[ContentError] = []

    themes_file = root / "themes.yaml"
    theme_label = _label(themes_file)
    themes, theme_problems, dropped_lines = _themes(themes_file, theme_label)
    problems += theme_problems
    dropped = {slug: f"{theme_label}:{line}" for slug, line in dropped_lines.items()}

    chapters: list[Chapter] = []
    lines: dict[str, dict[str, int]] = {}
    seen: dict[str, str] = {}
    broken: set[str] = set()
    listing = _list_chapters(root)
    problems += listing.problems
    if not listing.files:
        problems.append(ContentError(_label(root / "chapters"), 1, "chapters", key="problem.chapters.none"))
    translations: list[tuple[str, Translation, int]] = []
    for file, info in listing.files:
        if (is_translation := translation_of(file.name)) is not None:
            translation, translation_problems = _translation(file, _label(file), *is_translation, info)
            problems += translation_problems
            if translation is not None:
                translations.append((is_translation[0], translation, 1))
            continue
        slug, where = file.stem, _label(file)
        if slug in seen:
            problems.append(ContentError(where, 1, "slug", key="problem.slug.duplicate", slug=repr(slug),
                                         also=seen[slug]))
            continue
        seen[slug] = where
        chapter, chapter_problems, chapter_lines = _chapter(file, where, slug, info)
        problems += chapter_problems
        if chapter is None:
            broken.add(slug)
        else:
            chapters.append(chapter)
            lines[slug] = chapter_lines

    if not themes and theme_problems:  # the whole file failed: name it once per chapter, not "unknown"
        first = theme_problems[0]
        dropped = {t: f"{first.path}:{first.line}" for c in chapters for t in c.themes}
    theme_texts, text_problems = _theme_texts(root)
    chapters, themes_list, i18n_problems = attach(chapters, list(themes), translations, theme_texts, broken)
    themes, problems = tuple(themes_list), problems + text_problems + i18n_problems
    try:
        chapters, link_problems = check_curriculum(list(themes), chapters, lines, broken, dropped)
        link_problems += check_reading_order(Curriculum(themes=tuple(themes), chapters=tuple(chapters)))
    except Exception as exc:  # same promise for the cross-file checks: report, keep what loaded
        log.exception("cross-file checks failed for %s", root)
        link_problems = [ContentError(_label(root), 1, "links", key="problem.links.unexpected",
                                      error=type(exc).__name__, detail=str(exc)[:200])]
    problems += link_problems
    problems.sort(key=lambda p: (p.consequence, p.path != theme_label, p.path, p.line, p.field))
    return Curriculum(themes=tuple(themes), chapters=tuple(chapters), problems=tuple(problems), root=str(root))


def _walk_stats(folder: str) -> Iterator[str]:
    """``name:size:mtime`` of every entry under *folder*, depth first, without building Paths."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        yield f"{folder}:unlistable"
        return
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            yield f"{entry.path}:missing"
            continue
        yield f"{entry.path}:{st.st_size}:{st.st_mtime_ns}"
        if stat.S_ISDIR(st.st_mode) and not entry.name.startswith("."):
            yield from _walk_stats(entry.path)


def content_signature(path: str | os.PathLike[str] | None = None) -> str:
    """A cheap fingerprint of a content directory (names, sizes, mtimes), to know when to reload.

    One ``scandir`` per folder and one ``lstat`` per entry, hashed: about 20 ms for 5,000
    files. It changes when a file is added, removed, renamed or edited.
    """
    import hashlib

    root = data_dir(path)
    h = hashlib.blake2b(digest_size=16)
    parts = signature_parts(root) if is_notes_folder(root) else (
        _stat_part(root / "themes.yaml"), *(_stat_part(root / f"themes.{lang}.yaml") for lang in TRANSLATION_LANGS),
        *_walk_stats(str(root / "chapters")))
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


def _stat_part(p: Path) -> str:
    try:
        st = p.stat()
    except OSError:
        return f"{p}:missing"
    return f"{p}:{st.st_size}:{st.st_mtime_ns}"
