"""Chapters and themes in other languages: one set of facts, texts per language.

Layout (beside the English files, which hold every fact):

* ``chapters/<slug>.<lang>.md``: front matter with only ``title``, ``summary``, optional
  ``context_label`` and ``context_why`` and ``source``, then the translated Markdown body;
* ``themes.<lang>.yaml``: a list of ``{slug, name, description}``.

``source`` is :func:`source_hash` of the English text the translation was made from; when the
English text changes, the hash differs and ``validate`` calls the translation stale.
``python -m topicgraph i18n stamp`` writes it. Parsing is pure (no I/O): the loader reads the files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from ..lint import remote_images
from ..model import Chapter, ContentError, Curriculum, Theme, ThemeText, Translation
from ..parse import SLUG_RE, _Fields, _short, load_yaml, split_front_matter

#: Languages a translation file may be in (``x.ru.md``); English is the source language.
TRANSLATION_LANGS: tuple[str, ...] = ("ru",)
SOURCE_LANG = "en"
TRANSLATION_FIELDS = ("title", "summary", "context_label", "context_why", "source")
THEME_TEXT_FIELDS = ("slug", "name", "description")
SOURCE_RE = re.compile(r"[0-9a-f]{12}\Z")
_FILE_RE = re.compile(r"(?P<slug>[^.]+)\.(?P<lang>[a-z]{2})\.md\Z")


def translation_of(name: str) -> tuple[str, str] | None:
    """``(slug, lang)`` when a file name is a translation (``caching.ru.md``), else None.

    >>> translation_of("caching.ru.md"), translation_of("caching.md"), translation_of("x.de.md")
    (('caching', 'ru'), None, None)
    """
    m = _FILE_RE.match(name)
    if m and m["lang"] in TRANSLATION_LANGS:
        return m["slug"], m["lang"]
    return None


def source_hash(title: str, summary: str, context_label: str, context_why: str, body: str) -> str:
    """The first 12 hex digits of sha256 over the English texts, each stripped, joined by newlines.

    >>> source_hash("T", "S", "Context", "Why.", "Body\\n")
    '2eee13763d77'
    """
    text = "\n".join(part.strip() for part in (title, summary, context_label, context_why, body))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def chapter_source(c: Chapter) -> str:
    """:func:`source_hash` of a chapter's English text."""
    return source_hash(c.title, c.summary, c.context.label, c.context.why, c.body)


def parse_translation(text: str, path: str, slug: str, lang: str) -> tuple[Translation | None, list[ContentError]]:
    """Parse one ``<slug>.<lang>.md``; the same rules and limits as a chapter file.

    >>> doc = "---\\ntitle: Кэширование\\nsummary: Держите горячие данные ближе.\\n---\\nТекст.\\n"
    >>> tr, problems = parse_translation(doc, "c.ru.md", "c", "ru")
    >>> tr.title, tr.body, problems
    ('Кэширование', 'Текст.\\n', [])
    >>> _, problems = parse_translation(doc.replace("title", "titel"), "c.ru.md", "c", "ru")
    >>> [str(p) for p in problems][:1]
    ['c.ru.md:2: titel: unknown field (allowed: title, summary, context_label, context_why, source)']
    """
    try:
        front, body, body_line = split_front_matter(text, path)
    except ContentError as exc:
        return None, [exc]
    data, lines, problems = load_yaml(front, path, 2, "front matter")
    if data is None and not problems:
        problems.append(ContentError(path, 1, "front matter", key="problem.front.empty"))
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [ContentError(path, 2, "front matter", key="problem.front.not_mapping")]
    f = _Fields(data, lines, path, "", 1)
    f.unknown(TRANSLATION_FIELDS)
    if not SLUG_RE.match(slug):
        f.problems.append(ContentError(path, 1, "slug", key="problem.slug.file_name", value=_short(slug)))
    title, summary = f.text("title"), f.text("summary")
    label, why = f.text("context_label", required=False), f.text("context_why", required=False)
    if isinstance(data.get("source"), (int, float)):  # an unquoted all-digit hash reads as a number
        f.fail("source", "problem.source.number")
        data = {k: v for k, v in data.items() if k != "source"}
        f.data = data
    source = f.text("source", required=False)
    if source is not None and not SOURCE_RE.match(source):
        f.fail("source", "problem.source.bad", value=_short(source))
        source = None
    if not body.strip():
        f.problems.append(ContentError(path, body_line, "body", key="problem.translation.empty_body"))
    if f.problems:
        return None, f.problems
    assert title and summary
    return Translation(lang, title, summary, body.strip() + "\n", label, why, source, path,
                       source_line=f.line("source")), []


def parse_theme_texts(text: str, path: str) -> tuple[dict[str, tuple[ThemeText, int]], list[ContentError]]:
    """Parse ``themes.<lang>.yaml``: slug → (name and description, line). Entries with problems are left out.

    >>> texts, problems = parse_theme_texts("- {slug: dbs, name: Базы данных, description: Как хранить.}", "t.yaml")
    >>> texts["dbs"][0].name, problems
    ('Базы данных', [])
    """
    data, lines, problems = load_yaml(text.removeprefix("\ufeff"), path, 1, "themes")
    if problems:
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, list):
        return {}, [ContentError(path, 1, "themes", key="problem.translation.themes_list")]
    out: dict[str, tuple[ThemeText, int]] = {}
    for i, raw in enumerate(data):
        where = f"[{i}]"
        if not isinstance(raw, dict):
            problems.append(ContentError(path, lines.get(where, 1), where, key="problem.themes.not_mapping"))
            continue
        f = _Fields(raw, lines, path, where + ".", lines.get(where, 1))
        f.unknown(THEME_TEXT_FIELDS)
        slug, name = f.text("slug"), f.text("name")
        description = f.text("description", required=False) or ""
        if slug is not None and slug in out:
            f.fail("slug", "problem.themes.duplicate", slug=repr(slug), at=str(out[slug][1]))
        problems += f.problems
        if slug and name and not f.problems:
            out[slug] = (ThemeText(name, description), f.line("slug"))
    return out, problems


def attach(chapters: list[Chapter], themes: list[Theme], translations: Iterable[tuple[str, Translation, int]],
           theme_texts: Mapping[str, tuple[str, Mapping[str, tuple[ThemeText, int]]]], broken: set[str],
           ) -> tuple[list[Chapter], list[Theme], list[ContentError]]:
    """Hang translations on their chapters and themes; report those without one.

    *translations*: ``(slug, translation, line)``; *theme_texts*: lang → (file label, slug → text).
    A translation of a chapter that did not load for its own problems is a consequence of those.
    """
    problems: list[ContentError] = []
    by_slug = {c.slug: i for i, c in enumerate(chapters)}
    found: dict[str, dict[str, Translation]] = {}
    for slug, tr, line in translations:
        if slug not in by_slug:
            if slug in broken:
                problems.append(ContentError(tr.path, line, "file", key="problem.translation.left_out",
                                             slug=repr(slug), consequence=True))
            else:
                problems.append(ContentError(tr.path, line, "file", key="problem.translation.orphan", slug=slug))
            continue
        c = chapters[by_slug[slug]]
        found.setdefault(slug, {})[tr.lang] = replace(tr, stale=tr.source != chapter_source(c))
    out = [replace(c, i18n=MappingProxyType(found[c.slug])) if c.slug in found else c for c in chapters]
    theme_slugs = {t.slug for t in themes}
    per_theme: dict[str, dict[str, ThemeText]] = {}
    for lang, (label, texts) in theme_texts.items():
        for slug, (text, line) in texts.items():
            if slug not in theme_slugs:
                problems.append(ContentError(label, line, "slug", key="problem.theme.unknown", theme=repr(slug)))
            else:
                per_theme.setdefault(slug, {})[lang] = text
    themed = [replace(t, i18n=MappingProxyType(per_theme[t.slug])) if t.slug in per_theme else t for t in themes]
    return out, themed, problems


def languages(cur: Curriculum) -> list[str]:
    """The languages the content has any text in besides English, in TRANSLATION_LANGS order."""
    seen = {lang for c in cur.chapters for lang in c.i18n} | {lang for t in cur.themes for lang in t.i18n}
    return [lang for lang in TRANSLATION_LANGS if lang in seen]


def localize(cur: Curriculum, lang: str) -> Curriculum:
    """The curriculum with its texts in *lang* where a translation exists (English elsewhere, each
    chapter's ``lang`` saying which). Facts, slugs and order are unchanged; English returns *cur*.
    """
    if lang == SOURCE_LANG or lang == cur.lang:
        return cur
    chapters = []
    for c in cur.chapters:
        tr = c.i18n.get(lang)
        if tr is None:
            chapters.append(c)
            continue
        context = replace(c.context, label=tr.context_label or c.context.label, why=tr.context_why or c.context.why)
        chapters.append(replace(c, title=tr.title, summary=tr.summary, body=tr.body, context=context, lang=lang))
    themes = []
    for t in cur.themes:
        text = t.i18n.get(lang)
        themes.append(replace(t, name=text.name, description=text.description or t.description) if text else t)
    return Curriculum(themes=tuple(themes), chapters=tuple(chapters), problems=cur.problems, root=cur.root, lang=lang,
                      kind=cur.kind, info=cur.info)  # a notes folder stays one in every language


def translation_warnings(cur: Curriculum) -> list[ContentError]:
    """Chapters and themes missing a translation, and translations older than their source.

    Only for languages the content has started (at least one translated chapter or theme), so an
    English-only curriculum gets no warning. Remote images in translated text are warned too.
    """
    out: list[ContentError] = []
    langs = languages(cur)
    for c in cur.chapters:
        for lang in langs:
            tr = c.i18n.get(lang)
            if tr is None:
                out.append(ContentError(c.path, 1, "translation", key="problem.translation.missing", code=lang,
                                        slug=c.slug))
            elif tr.source is None:
                out.append(ContentError(tr.path, 1, "source", key="problem.source.none"))
            elif tr.stale:
                out.append(ContentError(tr.path, tr.source_line, "source", key="problem.source.stale", old=tr.source,
                                        new=chapter_source(c)))
        for tr in c.i18n.values():
            for line, src in remote_images(tr.body):
                out.append(ContentError(tr.path, line, "body", key="problem.image.remote", src=repr(src[:80])))
    for t in cur.themes:
        for lang in langs:
            if lang not in t.i18n:
                out.append(ContentError(f"{cur.root}/themes.{lang}.yaml", 1, "themes",
                                        key="problem.translation.theme", code=lang, theme=repr(t.slug)))
    return out


# --------------------------------------------------------------------------- stamping

_SOURCE_LINE = re.compile(r"^source:.*$", re.MULTILINE)


def stamp_text(text: str, source: str) -> str:
    """*text* (a translation file) with ``source: <hash>`` set in its front matter, nothing else changed.

    >>> print(stamp_text("---\\ntitle: T\\nsource: 000000000000\\n---\\nBody\\n", "abcdefabcdef"), end="")
    ---
    title: T
    source: "abcdefabcdef"
    ---
    Body
    >>> stamp_text("---\\ntitle: T\\n---\\nB\\n", "abcdefabcdef").splitlines()[2]
    'source: "abcdefabcdef"'
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    front = "".join(lines[1:end])
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if _SOURCE_LINE.search(front):
        front = _SOURCE_LINE.sub(f'source: "{source}"', front, count=1)
    else:
        front = front + ("" if front.endswith("\n") or not front else newline) + f'source: "{source}"{newline}'
    return bom + lines[0] + front + "".join(lines[end:])


def stamp_plan(cur: Curriculum, refresh: bool, only: set[str] | None) -> list[tuple[Translation, str]]:
    """The translations ``stamp`` would write, with their new hash: those without ``source``; with
    *refresh* also stale ones; with *only* just those slugs (whatever their state)."""
    out = []
    for c in cur.chapters:
        for tr in c.i18n.values():
            new = chapter_source(c)
            if only is not None:
                wanted = c.slug in only and tr.source != new
            else:
                wanted = tr.source is None or (refresh and tr.stale)
            if wanted:
                out.append((tr, new))
    return out


def words(text: str) -> int:
    """Words in a text (Cyrillic or Latin).

    >>> words("Шардирование (sharding) — это разбиение данных.")
    5
    """
    return len(re.findall(r"\w+", text))


def status(cur: Curriculum) -> dict[str, Any]:
    """Per language: chapters translated, missing, stale, themes named, words written, shortest body."""
    out: dict[str, Any] = {}
    for lang in TRANSLATION_LANGS:
        texts = [(c.slug, c.i18n[lang]) for c in cur.chapters if lang in c.i18n]
        sizes = sorted((words(tr.body), slug) for slug, tr in texts)
        out[lang] = {
            "chapters": len(cur.chapters),
            "translated": len(texts),
            "missing": [c.slug for c in cur.chapters if lang not in c.i18n],
            "stale": sorted(slug for slug, tr in texts if tr.stale),
            "themes": sum(1 for t in cur.themes if lang in t.i18n),
            "words": sum(n for n, _ in sizes),
            "shortest": {"slug": sizes[0][1], "words": sizes[0][0]} if sizes else None,
        }
    return out
